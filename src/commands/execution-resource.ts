// The execution resource (commands/v2/executions.py's columns): what every execution-* command and
// the waiting of src/commands/wait.ts show.
import { cutInList, executionDuration, field, orNone } from './cells.js';
import type { ResourceSpec } from './spec.js';

export const executions: ResourceSpec = {
  path: '/executions',
  listKey: 'executions',
  noun: 'execution',
  listFields: ['id', 'workflow_id', 'workflow_name', 'workflow_namespace', 'description', 'task_execution_id', 'root_execution_id', 'state', 'state_info', 'created_at', 'updated_at'],
  columns: [
    field('ID', 'id'),
    field('Workflow ID', 'workflow_id'),
    field('Workflow name', 'workflow_name'),
    field('Workflow namespace', 'workflow_namespace'),
    field('Description', 'description'),
    { heading: 'Task Execution ID', value: (e) => orNone(e.task_execution_id) },
    { heading: 'Root Execution ID', value: (e) => orNone(e.root_execution_id) },
    field('State', 'state'),
    cutInList('State info', 'state_info'),
    field('Created at', 'created_at'),
    { heading: 'Updated at', value: (e) => orNone(e.updated_at) },
    // Computed client-side.
    { heading: 'Duration', value: (e, v) => executionDuration(e, v.now) },
  ],
};

/**
 * The columns of the one row per cloud that execution-create prints on several target clouds and
 * execution-wait for several executions (wait.ts executionRows), then `Duration` once waited for:
 * declared here so that -c is checked before anything starts (test/unit/output-choices.test.ts
 * holds them to what is printed).
 */
export function perCloudColumns(waited: boolean): string[] {
  return ['Target cloud', 'ID', 'Workflow name', 'State', 'State info', 'Created at', ...(waited ? ['Duration'] : [])];
}

export const executionIdArg = { name: 'id', help: 'Execution ID', complete: 'execution' } as const;
