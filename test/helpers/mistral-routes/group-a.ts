// Fake Mistral routes for workbooks, actions, tasks, action executions and cron triggers, with the
// canned data of the reference transcripts (t_workbook, t_action, t_task, t_aex, t_trig, t_fmt,
// t_err, t_err2): the real python-mistralclient run against these routes prints what the
// transcripts show (checked by command-cases-group-a.ts --verify).
//
// As for workflows and executions: the special names of mistral.ts (`missing`, `boom`, ...) fail
// the same way here, and `--filter name=empty` gives an empty list.
// (mistral.ts imports this module: its bindings are only used inside the route, at request time.)
import { E1, E2, special } from '../mistral.js';
import type { Reply } from '../server.js';
import type { ExtraRoute } from './index.js';

export const WB_DEFINITION = "---\nversion: '2.0'\nname: wb\nworkflows:\n  wf1:\n    tasks:\n      t1:\n        action: std.noop\n";

export const WB = {
  name: 'wb',
  namespace: '',
  tags: ['tag1', 'tag2'],
  scope: 'private',
  definition: WB_DEFINITION,
  created_at: '2024-01-01 10:00:00',
  updated_at: null,
};

export const A1 = {
  id: 'a1',
  name: 'std.echo',
  is_system: true,
  input: 'output, some_other_parameter=None',
  description: 'Action that just returns a given value.',
  tags: ['x'],
  // A system action has no definition text: action-get-definition prints an empty line.
  definition: null,
  scope: 'public',
  created_at: '2024-01-01 10:00:00',
  updated_at: null,
};

export const T1 = {
  id: 't1',
  name: 't1',
  workflow_name: 'wf1',
  workflow_namespace: '',
  workflow_execution_id: 'e1e1e1e1-0000-0000-0000-000000000001',
  state: 'SUCCESS',
  state_info: null,
  result: '{"x": 1}',
  published: '{"p": 2}',
  published_global: '{"pg": 3}',
  created_at: '2024-01-01 10:00:00',
  started_at: '2024-01-01 10:00:01',
  finished_at: '2024-01-01 10:00:05',
  updated_at: '2024-01-01 10:00:05',
};

export const AE1 = {
  id: 'ae1',
  name: 'std.echo',
  workflow_name: 'wf1',
  workflow_namespace: '',
  task_name: 't1',
  task_execution_id: 't1',
  state: 'SUCCESS',
  state_info: null,
  accepted: true,
  input: '{"output": "hi"}',
  output: '{"result": "hi"}',
  created_at: '2024-01-01 10:00:00',
  updated_at: '2024-01-01 10:00:02',
};

export const CT1 = {
  name: 'ct1',
  workflow_name: 'wf1',
  workflow_id: '11111111-2222-3333-4444-555555555555',
  workflow_input: '{}',
  workflow_params: '{}',
  pattern: '* * * * *',
  next_execution_time: '2024-01-01 10:01:00',
  remaining_executions: 3,
  scope: 'private',
  created_at: '2024-01-01 10:00:00',
  updated_at: null,
};

type Data = Record<string, unknown>;

function validation(body: string): Reply {
  return { status: 200, body: body.includes('invalid') ? { valid: false, error: 'Invalid DSL: bad thing' } : { valid: true, error: null } };
}

/** A collection whose items answer GET, PUT and DELETE by id (the special names fail). */
function collection(method: string, key: string, item: Data, items: Data[], id: string | undefined): Reply | undefined {
  if (!id) {
    if (method === 'GET') return { status: 200, body: { [key]: items } };
    if (method === 'POST') return { status: 201, body: item };
    return undefined;
  }
  const failure = special(id);
  if (failure) return failure;
  if (method === 'GET' || method === 'PUT') return { status: 200, body: item };
  if (method === 'DELETE') return { status: 204 };
  return undefined;
}

export const groupARoutes: ExtraRoute = (req, parts, query) => {
  const empty = query.some(([k, v]) => k === 'name' && v === 'empty');
  const [resource, id, sub] = parts;
  const m = req.method;
  const list = (item: Data): Data[] => (empty ? [] : [item]);

  switch (resource) {
    case 'workbooks':
      if (id === 'validate' && m === 'POST') return validation(req.body);
      if (!id && m === 'PUT') return { status: 200, body: WB };
      if (!sub) return collection(m, 'workbooks', WB, list(WB), id);
      return undefined;

    case 'actions': {
      if (id === 'validate' && m === 'POST') return validation(req.body);
      // Create and update answer with the list of the actions in the definition.
      if (m === 'POST' && !id) return { status: 201, body: { actions: [A1] } };
      if (m === 'PUT' && !sub) return (id && special(id)) || { status: 200, body: { actions: [A1] } };
      // /actions/<name>/<namespace> (the namespace segment may be empty: a trailing slash).
      if (id && (m === 'GET' || m === 'DELETE')) return collection(m, 'actions', A1, [], id);
      if (!id && m === 'GET') return { status: 200, body: { actions: list(A1) } };
      return undefined;
    }

    case 'tasks':
      if (id && sub === 'executions' && m === 'GET') return special(id) ?? { status: 200, body: { executions: [E1, E2] } };
      if (id && sub === 'action_executions' && m === 'GET') return special(id) ?? { status: 200, body: { action_executions: list(AE1) } };
      if (!sub && (m === 'GET' || m === 'PUT')) return collection(m, 'tasks', T1, list(T1), id);
      return undefined;

    case 'executions':
      // Tasks of one workflow execution (the other /executions routes are mistral.ts's).
      if (id && sub === 'tasks' && m === 'GET') return { status: 200, body: { tasks: list(T1) } };
      return undefined;

    case 'action_executions':
      if (!sub) return collection(m, 'action_executions', AE1, list(AE1), id);
      return undefined;

    case 'cron_triggers':
      if (!sub && m !== 'PUT') return collection(m, 'cron_triggers', CT1, list(CT1), id);
      return undefined;

    default:
      return undefined;
  }
};
