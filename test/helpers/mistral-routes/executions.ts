// The fake Mistral's workflow executions, with the canned data of the reference transcripts
// (t_exec1, t_exec2, t_fmt, t_err, t_err2). Execution `badtime` has a timestamp in another format.
// (The executions of the `wait_*` workflows, which change state as they are read, are mistral.ts's.)
import { itemReply, listOf, special, type Route } from './shared.js';
import { WF1 } from './workflows.js';

export const E1 = {
  id: 'e1e1e1e1-0000-0000-0000-000000000001',
  workflow_id: WF1.id,
  workflow_name: 'wf1',
  workflow_namespace: '',
  description: 'my run',
  task_execution_id: null,
  root_execution_id: null,
  state: 'SUCCESS',
  state_info: null,
  input: '{"a": 1}',
  output: '{"result": "ok"}',
  params: '{"namespace": ""}',
  published_global: '{"g": 1}',
  created_at: '2024-01-01 10:00:00',
  updated_at: '2024-01-01 10:00:09',
};

export const E2 = {
  id: 'e2',
  workflow_id: WF1.id,
  workflow_name: 'wf1',
  workflow_namespace: '',
  description: '',
  task_execution_id: 't9',
  root_execution_id: E1.id,
  state: 'ERROR',
  state_info: 'Failure caused by error in tasks: t1',
  created_at: '2024-01-01 10:00:00',
  updated_at: '2024-01-01 10:00:09',
};

export const REPORT = {
  statistics: { success_tasks_count: 1, error_tasks_count: 1, running_tasks_count: 0, idle_tasks_count: 0, paused_tasks_count: 0 },
  root_workflow_execution: {
    id: E1.id,
    name: 'wf1',
    state: 'ERROR',
    task_executions: [
      {
        id: 't1',
        name: 't1',
        state: 'ERROR',
        state_info: 'line1\nline2 boom',
        retry_count: 2,
        action_executions: [{ id: 'ae1', name: 'std.fail', state: 'ERROR', state_info: 'Fail action expected exception.' }],
        workflow_executions: [],
      },
      {
        id: 't2',
        name: 't2',
        state: 'SUCCESS',
        action_executions: [],
        workflow_executions: [{ id: 'e2', name: 'subwf', state: 'SUCCESS', task_executions: [] }],
      },
    ],
  },
};

export const executionRoutes: Route = (req, parts, query) => {
  const [resource, id, sub] = parts;
  const m = req.method;
  if (resource !== 'executions') return undefined;
  if (!id) {
    if (m === 'GET') {
      // Newest first when asked for descending order, as the real API does.
      const desc = query.some(([k, v]) => k === 'sort_dirs' && v.split(',')[0] === 'desc');
      return { status: 200, body: { executions: listOf(query, ...(desc ? [E2, E1] : [E1, E2])) } };
    }
    if (m === 'POST') return { status: 201, body: E1 };
    return undefined;
  }
  if (!sub) {
    // A timestamp the reference cannot parse either (it fails with a ValueError).
    if (m === 'GET' && id === 'badtime') return { status: 200, body: { ...E1, id: 'badtime', created_at: '2024-01-01T10:00:00Z' } };
    return itemReply(m, id, decodeURIComponent(id) === 'e2' && m === 'GET' ? E2 : E1, { put: true });
  }
  const failure = special(id);
  if (failure) return failure;
  if (sub === 'report' && m === 'GET') return { status: 200, body: REPORT };
  if (sub === 'executions' && m === 'GET') return { status: 200, body: { executions: [E1, E2] } };
  // `/executions/<id>/tasks` is task-list's (tasks.ts).
  return undefined;
};
