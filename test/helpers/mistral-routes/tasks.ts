// The fake Mistral's task executions, with the canned data of the reference transcripts (t_task):
// `/tasks`, a workflow execution's tasks (`/executions/<id>/tasks`) and a task's sub-executions.
import { E1, E2 } from './executions.js';
import { collection, listOf, special, type Route } from './shared.js';

export const T1 = {
  id: 't1',
  name: 't1',
  workflow_name: 'wf1',
  workflow_namespace: '',
  workflow_execution_id: E1.id,
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

// Tasks are listed, read and rerun (PUT); never created or deleted.
const tasks = collection('tasks', T1, { putCollection: false, putItem: true });

export const taskRoutes: Route = (req, parts, query) => {
  const [resource, id, sub] = parts;
  const m = req.method;
  // The special ids of executions already failed in executions.ts.
  if (resource === 'executions' && id && sub === 'tasks' && m === 'GET') return { status: 200, body: { tasks: listOf(query, T1) } };
  if (resource !== 'tasks') return undefined;
  if (id && sub === 'executions' && m === 'GET') return special(id) ?? { status: 200, body: { executions: [E1, E2] } };
  if (m === 'GET' || m === 'PUT') return tasks(req, parts, query);
  return undefined;
};
