// Fake Mistral routes whose data carries control characters and invalid UTF-8 (hostile-text.ts),
// for the tests of README "Output formats" (test/unit/control-characters.test.ts). Every case is a
// workflow, an execution and a task, `evil-<key>`; its twin `safe-<key>` holds, as plain text, what
// the client must show instead, so a test can say "printed exactly as if the server had sent the
// shown text" (the ids are as long, so tables line up the same).
//
// - GET /v2/workflows?name=evil (--filter name=evil): one workflow per case, then one with invalid
//   UTF-8; ?name=safe: their twins
// - GET /v2/workflows/evil-<key>, /v2/executions/evil-<key>, /v2/tasks/evil-<key>, and the same
//   for safe-<key>; <key> `utf8` is the invalid UTF-8 case
// - any request for /v2/workflows/fault-<key>: HTTP 400 with the case's text as faultstring
import { E1 } from './executions.js';
import { WF1 } from './workflows.js';
import { HOSTILE_CASES, INVALID_UTF8 } from '../hostile-text.js';
import type { Reply } from '../server.js';
import type { Route } from './shared.js';

/** Stands for the invalid bytes in the JSON text until the body is made (it needs no escaping). */
const BAD = '@@invalid-utf8@@';

const TEXTS: Array<{ key: string; raw: string; shown: string }> = [...HOSTILE_CASES, { key: 'utf8', raw: BAD, shown: INVALID_UTF8.shown }];

function workflow(id: string, text: string) {
  return { ...WF1, id, name: `wf-${text}`, input: text, tags: [text], definition: `---\nversion: '2.0'\n# ${text}\n` };
}

function execution(id: string, text: string) {
  return { ...E1, id, description: text, state: 'ERROR', state_info: text, output: `not json: ${text}` };
}

function task(id: string, text: string) {
  return { id, name: `task-${text}`, workflow_execution_id: E1.id, workflow_name: 'wf1', workflow_namespace: '', state: 'ERROR', state_info: text, result: JSON.stringify({ out: text }), published: '{}', runtime_context: '{}', type: 'ACTION', created_at: '2024-01-01 10:00:00', updated_at: null };
}

/** JSON whose BAD markers become the raw invalid bytes. */
function rawJson(value: unknown): Buffer {
  const parts = JSON.stringify(value).split(BAD);
  return Buffer.concat(parts.flatMap((part, i) => (i === 0 ? [Buffer.from(part)] : [INVALID_UTF8.bytes, Buffer.from(part)])));
}

const json = (value: unknown): Reply => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: rawJson(value) });

export const hostileRoutes: Route = (req, parts, query) => {
  const [collection, id, sub] = parts;
  if (req.method !== 'GET' && !id?.startsWith('fault-')) return undefined;
  if (collection === 'workflows' && !id) {
    const filter = query.find(([k]) => k === 'name')?.[1];
    if (filter === 'evil') return json({ workflows: TEXTS.map((t) => workflow(`evil-${t.key}`, t.raw)) });
    if (filter === 'safe') return json({ workflows: TEXTS.map((t) => workflow(`safe-${t.key}`, t.shown)) });
    return undefined;
  }
  const match = /^(evil|safe|fault)-(\w+)$/.exec(decodeURIComponent(id ?? ''));
  const found = match && TEXTS.find((t) => t.key === match[2]);
  if (!found || sub) return undefined;
  const [, kind] = match;
  const text = kind === 'safe' ? found.shown : found.raw;
  if (kind === 'fault') return { status: 400, headers: { 'Content-Type': 'application/json' }, body: rawJson({ faultstring: `Bad thing: ${text}`, debuginfo: null }) };
  if (collection === 'workflows') return json(workflow(id, text));
  if (collection === 'executions') return json(execution(id, text));
  if (collection === 'tasks') return json(task(id, text));
  return undefined;
};
