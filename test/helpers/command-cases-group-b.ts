// The command lines of the reference transcripts for the event trigger, environment, member,
// service, code source and dynamic action commands (sections t_trig, t_env, t_mem, t_cs, and
// t_fmt's environment-get), as argv arrays: `transcript(argv.join(' '))` finds each one's block.
// Also the files those command lines read, in a working directory of their own.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSubdir } from './run-dir.js';

export interface GroupBCase {
  argv: string[];
  /**
   * Where our output differs from the transcript on purpose: the transcript's text → ours
   * (compared byte for byte as well). Absent: stdout and stderr are the transcript's exactly.
   */
  stdout?: (reference: string) => string;
  stderr?: (reference: string) => string;
  /** Why our output differs, when it does. */
  why?: string;
}

/** mod.py, as the fake's code source `mod1` holds it (mistral-routes/group-b.ts, not imported here: it must load after mistral.ts). */
export const CODE_SOURCE_CONTENT = 'def f():\n    pass\n';

const same = (...argv: string[]): GroupBCase => ({ argv });

/** The files the cases read: env.json, env.yaml, env_novars.yaml, bad.json, mod.py. */
export const GROUP_B_FILES: Record<string, string> = {
  'env.json': '{"name": "env1", "description": "d", "variables": {"k": "v"}}\n',
  'env.yaml': 'name: env1\nvariables:\n  k: v\n',
  'env_novars.yaml': 'name: env1\ndescription: d\n',
  // Neither YAML (an unclosed flow mapping) nor JSON.
  'bad.json': '{bad\n',
  'mod.py': CODE_SOURCE_CONTENT,
  'empty.py': '',
};

export function groupBWorkDir(): string {
  const dir = join(runSubdir('work-group-b'), String(process.pid));
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(GROUP_B_FILES)) writeFileSync(join(dir, name), text);
  return dir;
}

const WF1_ID = '11111111-2222-3333-4444-555555555555';

export const EVENT_TRIGGER_CASES: GroupBCase[] = [
  same('event-trigger-list'),
  same('event-trigger-get', 'et1'),
  same('event-trigger-create', 'et', 'wf-id', 'nova', 'notifications', 'compute.create', '{"a": 1}', '--params', '{"p": 1}'),
  same('event-trigger-create', 'et', 'wf-id', 'nova', 'notifications', 'compute.create'),
  same('event-trigger-delete', 'et1', 'et2'),
];

export const ENVIRONMENT_CASES: GroupBCase[] = [
  same('environment-list'),
  same('environment-get', 'env1'),
  same('environment-get', 'env1', '--export'),
  same('environment-create', 'env.json'),
  same('environment-create', 'env.yaml'),
  same('environment-create', 'env_novars.yaml'),
  {
    argv: ['environment-create', 'bad.json'],
    stderr: () => 'ERROR (app) the environment file is neither YAML nor JSON: Flow map must end with a } at line 2, column 1:\n',
    why: "our message says what failed to parse, instead of Python's JSON error alone (as execution-create's input)",
  },
  same('environment-update', 'env.yaml'),
  same('environment-update', 'env_novars.yaml'),
  same('environment-delete', 'env1', 'env2'),
  same('environment-get', 'env1', '-f', 'json'),
  same('environment-get', 'env1', '-f', 'shell'),
];

export const MEMBER_CASES: GroupBCase[] = [
  same('member-list', WF1_ID, 'workflow'),
  // Without -m and without authentication the path ends in `/members/`, which answers the list.
  same('member-get', WF1_ID, 'workflow'),
  same('member-get', WF1_ID, 'workflow', '-m', 'p2'),
  same('member-create', WF1_ID, 'workflow', 'p2'),
  same('member-update', WF1_ID, 'workflow', '-m', 'p2'),
  same('member-update', WF1_ID, 'workflow', '-m', 'p2', '-s', 'rejected'),
  same('member-delete', WF1_ID, 'workflow', 'p2'),
  {
    argv: ['member-delete', 'missing', 'workflow', 'p2'],
    stdout: (reference) => reference.replace('Object not found [name=missing]', 'Object not found [name=missing] (HTTP 404 Not Found)'),
    why: 'the failure line adds the HTTP status',
  },
];

export const SERVICE_CASES: GroupBCase[] = [same('service-list'), same('service-list', '--limit', '1', '--filter', 'a=b')];

export const CODE_SOURCE_CASES: GroupBCase[] = [
  same('code-source-list'),
  same('code-source-get', 'mod1'),
  same('code-source-get', 'mod1', '--namespace', 'ns1'),
  same('code-source-get-content', 'mod1'),
  same('code-source-create', 'mod1', 'mod.py'),
  same('code-source-create', 'mod1', 'mod.py', '--public', '--namespace', 'ns1'),
  same('code-source-update', 'mod1', 'mod.py'),
  same('code-source-update', 'mod1', 'mod.py', '--public', '--namespace', 'ns1', '--id', 'zzz'),
  same('code-source-delete', 'mod1', 'mod2'),
  same('code-source-delete', 'mod1', '--namespace', 'ns1'),
];

export const DYNAMIC_ACTION_CASES: GroupBCase[] = [
  same('dynamic-action-list'),
  same('dynamic-action-list', '--namespace', 'ns1'),
  same('dynamic-action-get', 'dyn1'),
  same('dynamic-action-create', 'dyn1', 'MyAction', 'mod1'),
  same('dynamic-action-create', 'dyn1', 'MyAction', WF1_ID, '--public', '--namespace', 'ns1'),
  same('dynamic-action-update', 'dyn1'),
  same('dynamic-action-update', WF1_ID, '--class-name', 'C2', '--code-source', 'mod2', '--public', '--namespace', 'ns1'),
  same('dynamic-action-delete', 'dyn1', 'dyn2'),
  same('dynamic-action-delete', 'dyn1', '--namespace', 'ns1'),
];

export const GROUP_B_CASES: GroupBCase[] = [
  ...EVENT_TRIGGER_CASES,
  ...ENVIRONMENT_CASES,
  ...MEMBER_CASES,
  ...SERVICE_CASES,
  ...CODE_SOURCE_CASES,
  ...DYNAMIC_ACTION_CASES,
];
