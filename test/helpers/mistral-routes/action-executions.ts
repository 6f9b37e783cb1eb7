// The fake Mistral's action executions, with the canned data of the reference transcripts (t_aex):
// `/action_executions` and a task's (`/tasks/<id>/action_executions`).
import { collection, listOf, special, type Route } from './shared.js';

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

const actionExecutions = collection('action_executions', AE1, { putCollection: false, putItem: true });

export const actionExecutionRoutes: Route = (req, parts, query) => {
  const [resource, id, sub] = parts;
  if (resource === 'tasks' && id && sub === 'action_executions' && req.method === 'GET') {
    return special(id) ?? { status: 200, body: { action_executions: listOf(query, AE1) } };
  }
  return actionExecutions(req, parts, query);
};
