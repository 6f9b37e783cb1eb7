// execution-get-report: the report python-mistralclient prints (commands/v2/executions.py
// GetReport), line for line.
import type { Item, Json } from '../api/client.js';
import { segment } from '../api/manager.js';
import { executionIdArg, executions } from './execution-resource.js';
import { defineCommand } from './spec.js';
import { maxDepthOption } from './verbs.js';

export const reportCommand = defineCommand({
  name: 'execution-get-report',
  summary: 'Print execution report.',
  kind: 'plain',
  args: [executionIdArg],
  options: [
    { flags: '--errors-only', dest: 'errors_only', help: 'Only error paths will be included.', default: true },
    { flags: '--no-errors-only', dest: 'errors_only', negate: true, help: 'Not only error paths will be included.' },
    { flags: '--statistics-only', dest: 'statistics_only', help: 'Only the statistics will be included.', default: false },
    maxDepthOption,
  ],
  async run(ctx, values) {
    const manager = await ctx.manager(executions);
    // Unlike the reference, the HTTP status is checked before anything is printed.
    const json = await manager.fetch(`${segment(values.id)}/report`, [
      ['errors_only', values.errors_only ? 'True' : undefined],
      ['statistics_only', values.statistics_only ? 'True' : undefined],
      ['max_depth', values.max_depth === null ? undefined : String(values.max_depth ?? -1)],
    ]);
    return { text: renderReport(json as Item) };
  },
});

const FRAME = '='.repeat(30);

/** The text of execution-get-report, line for line as the reference prints it. */
function renderReport(report: Item): string {
  const lines: string[] = [];
  const line = (text: string, level = 0) => lines.push(`${' '.repeat(level * 4)}${text}\n`);
  line("\nTo get more details on a task failure run: mistral task-get <id> -c 'State info'\n");
  line(`${FRAME} General Statistics ${FRAME}\n`);
  const stat = (report.statistics ?? {}) as Item;
  line(`Number of tasks in SUCCESS state: ${py(stat.success_tasks_count)}`);
  line(`Number of tasks in ERROR state: ${py(stat.error_tasks_count)}`);
  line(`Number of tasks in RUNNING state: ${py(stat.running_tasks_count)}`);
  line(`Number of tasks in IDLE state: ${py(stat.idle_tasks_count)}`);
  line(`Number of tasks in PAUSED state: ${py(stat.paused_tasks_count)}\n`);
  if ('estimated_time' in stat) line(`Estimated time (seconds) for the execution to finish: ${py(stat.estimated_time)}\n`);
  if (report.root_workflow_execution) {
    line(`${FRAME} Workflow Execution Tree ${FRAME}\n`);
    workflowEntry(report.root_workflow_execution as Item, 0, line);
  }
  return lines.join('');
}

type Line = (text: string, level?: number) => void;

function py(value: Json | undefined): string {
  if (value === undefined || value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

function workflowEntry(wf: Item, level: number, line: Line): void {
  line(`workflow '${py(wf.name)}' [${py(wf.state)}] ${py(wf.id)}`, level);
  for (const task of (wf.task_executions ?? []) as Item[]) taskEntry(task, level + 1, line);
}

function taskEntry(task: Item, level: number, line: Line): void {
  line(`task '${py(task.name)}' [${py(task.state)}] ${py(task.id)}`, level);
  if ('retry_count' in task) line(`(retry count: ${py(task.retry_count)})`, level);
  if (task.state === 'ERROR' && task.state_info) line(`(error info: ${String(task.state_info).slice(0, 100).replace(/\n/g, ' ')}...)`, level);
  for (const action of (task.action_executions ?? []) as Item[]) {
    line(`action '${py(action.name)}' [${py(action.state)}] ${py(action.id)}`, level + 1);
    if (action.state === 'ERROR' && action.state_info) line(`(error info: ${String(action.state_info).slice(0, 100)}...)`, level + 1);
  }
  for (const wf of (task.workflow_executions ?? []) as Item[]) workflowEntry(wf, level + 1, line);
}
