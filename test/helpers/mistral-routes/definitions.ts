// A fake Mistral that keeps what it is sent: workflows, workbooks, ad-hoc actions and environments
// created, read, updated and validated as Mistral 15 does it (mistral/services/workflows.py,
// workbooks.py, adhoc_actions.py; api/controllers/v2/environment.py), for the *-apply tests. A
// test installs it with `mistral.intercept = store.reply`. What it keeps to Mistral's behaviour:
// - a file of several workflows stores each as the YAML dump of `version` and that workflow, one
//   workflow is stored as sent; every action of a file is stored with the whole file;
// - a POST of an object that exists is a 409 and a PUT of one that does not a 404, and then
//   nothing of the request is stored (one transaction);
// - an action asked for in a namespace where it is not is answered from the default namespace;
// - a definition containing `invalid` fails validation, and a create or update of it fails too.
// Objects live in the project of the request (the target's with a target cloud).
import { parse, stringify } from 'yaml';
import type { RecordedRequest, Reply } from '../server.js';

type Stored = Record<string, unknown> & { name: string; namespace: string; project_id: string };
type Kind = 'workflows' | 'workbooks' | 'actions' | 'environments';

export interface DefinitionStore {
  /** For `mistral.intercept`: the store's answer for a request of its resources, else undefined. */
  reply(req: RecordedRequest): Reply | undefined;
  /** The stored objects of a kind. */
  all(kind: Kind): Stored[];
  /** Puts an object in as if another client had made it. */
  put(kind: Kind, item: Partial<Stored> & { name: string }): void;
}

const fault = (status: number, faultstring: string): Reply => ({ status, body: { faultstring, debuginfo: null } });

/** `homeProject`: the project of a request without a target (the fake Mistral checks no token). */
export function definitionStore({ homeProject = 'p1' } = {}): DefinitionStore {
  const items: Record<Kind, Stored[]> = { workflows: [], workbooks: [], actions: [], environments: [] };
  let ids = 0;
  let clock = 0;
  const stamp = () => `2024-06-01 10:${String(Math.floor(clock / 60)).padStart(2, '0')}:${String(clock++ % 60).padStart(2, '0')}`;
  const find = (kind: Kind, name: string, namespace: string, project: string) =>
    items[kind].find((i) => i.name === name && i.namespace === namespace && (i.project_id === project || i.scope === 'public'));

  function upsert(kind: Kind, method: string, values: Array<Record<string, unknown> & { name: string }>, namespace: string, project: string): Reply {
    // One transaction: every object checked before any is stored.
    for (const v of values) {
      const existing = items[kind].find((i) => i.name === v.name && i.namespace === namespace && i.project_id === project);
      if (method === 'POST' && existing) return fault(409, `Duplicate entry for ${kind} ['name', 'namespace', 'project_id']: ${v.name}, ${namespace}, ${project}`);
      if (method === 'PUT' && !existing) return fault(404, `${kind} not found [name=${v.name}, namespace=${namespace}]`);
    }
    const now = stamp();
    const out = values.map((v) => {
      const existing = items[kind].find((i) => i.name === v.name && i.namespace === namespace && i.project_id === project);
      if (existing) return Object.assign(existing, v, { updated_at: now });
      const created: Stored = { id: `${kind}-${++ids}`, ...v, namespace, project_id: project, created_at: now, updated_at: null };
      items[kind].push(created);
      return created;
    });
    return { status: method === 'POST' ? 201 : 200, body: kind === 'workflows' || kind === 'actions' ? { [kind]: out } : out[0] };
  }

  function definitions(kind: 'workflows' | 'actions', method: string, text: string, scope: string, namespace: string, project: string): Reply {
    if (text.includes('invalid')) return fault(400, 'Invalid DSL: bad thing');
    const doc = parse(text) as Record<string, unknown>;
    const names = Object.keys(doc).filter((k) => k !== 'version');
    const definition = (name: string) => (kind === 'workflows' && names.length !== 1 ? stringify({ version: doc.version, [name]: doc[name] }) : text);
    return upsert(kind, method, names.map((name) => ({ name, definition: definition(name), scope, is_system: false })), namespace, project);
  }

  function reply(req: RecordedRequest): Reply | undefined {
    const match = /\/v2\/(workflows|workbooks|actions|environments)(?:\/([^/]*))?(?:\/([^/]*))?$/.exec(req.path);
    if (!match) return undefined;
    const kind = match[1] as Kind;
    const id = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
    const query = new URLSearchParams(req.query);
    const project = req.headers['x-target-project-id'] ?? homeProject;
    const namespace = kind === 'actions' && match[3] !== undefined ? decodeURIComponent(match[3]) : (query.get('namespace') ?? '');
    const scope = query.get('scope') ?? 'private';
    if (id === 'validate' && req.method === 'POST') {
      return { status: 200, body: req.body.includes('invalid') ? { valid: false, error: 'Invalid DSL: bad thing\n  more lines' } : { valid: true, error: null } };
    }
    if (id !== undefined && req.method === 'GET') {
      const item = find(kind, id, kind === 'environments' ? '' : namespace, project) ?? (kind === 'actions' ? find(kind, id, '', project) : undefined);
      return item ? { status: 200, body: item } : fault(404, `${kind} not found [name=${id}, namespace=${namespace}]`);
    }
    if (id !== undefined || (req.method !== 'POST' && req.method !== 'PUT')) return undefined;
    if (kind === 'workflows' || kind === 'actions') return definitions(kind, req.method, req.body, scope, namespace, project);
    if (kind === 'workbooks') {
      if (req.body.includes('invalid')) return fault(400, 'Invalid DSL: bad thing');
      const name = String((parse(req.body) as { name: string }).name);
      return upsert(kind, req.method, [{ name, definition: req.body, scope }], namespace, project);
    }
    const body = JSON.parse(req.body) as Record<string, unknown> & { name: string };
    // The API takes the variables as JSON text and answers them as JSON text.
    // A PUT sets only the fields it is given (wsme leaves the others unset).
    return upsert(kind, req.method, [{ ...(req.method === 'POST' ? { scope: 'private' } : {}), ...body }], '', project);
  }

  return {
    reply,
    all: (kind) => items[kind],
    put: (kind, item) => void items[kind].push({ id: `${kind}-${++ids}`, namespace: '', project_id: homeProject, scope: 'private', created_at: stamp(), updated_at: null, ...item }),
  };
}
