// task-*: the 6 task execution commands of python-mistralclient 4.5.0 (commands/v2/tasks.py).
import type { Item } from '../api/client.js';
import { asItem, segment } from '../api/manager.js';
import { parsedJson, pythonIndentedJson, pythonJson } from '../output/json-text.js';
import { cutInList, duration, field, orNone } from './cells.js';
import { executions } from './execution-resource.js';
import { isEmptyValue, loadEnvOption } from './input.js';
import { defineCommand, type CommandSpec, type ResourceSpec } from './spec.js';
import { fieldCommand, getCommand, listCommand, showOutput, showRow, subExecutionsCommand } from './verbs.js';

export const tasks: ResourceSpec = {
  path: '/tasks',
  listKey: 'tasks',
  noun: 'task',
  listFields: ['id', 'name', 'workflow_name', 'workflow_namespace', 'workflow_execution_id', 'state', 'state_info', 'created_at', 'started_at', 'finished_at'],
  columns: [
    field('ID', 'id'),
    field('Name', 'name'),
    field('Workflow name', 'workflow_name'),
    field('Workflow namespace', 'workflow_namespace'),
    field('Workflow Execution ID', 'workflow_execution_id'),
    field('State', 'state'),
    cutInList('State info', 'state_info'),
    field('Created at', 'created_at'),
    { heading: 'Started at', value: (t) => orNone(t.started_at) },
    { heading: 'Finished at', value: (t) => orNone(t.finished_at) },
    // Computed client-side from the start, not the creation: '' until started, growing until finished.
    { heading: 'Duration', value: (t, v) => duration(t.started_at, t.finished_at, v.now) },
  ],
};

const idArg = { name: 'id', help: 'Task ID', complete: 'task' } as const;

/**
 * task-get-published: `published` pretty-printed, then `published_global` when non-empty, i.e.
 * two JSON documents; `published` as-is when it is not JSON.
 */
export function publishedText(task: Item): string {
  const published = parsedJson(task.published);
  if (!published) return typeof task.published === 'string' && task.published ? task.published : '\n';
  let text = `${pythonIndentedJson(published.json)}\n`;
  const global = task.published_global;
  const parsedGlobal = global ? parsedJson(global) : undefined;
  if (parsedGlobal) text += `${pythonIndentedJson(parsedGlobal.json)}\n`;
  return text;
}

const published = defineCommand({
  name: 'task-get-published',
  summary: 'Show task published variables.',
  kind: 'plain',
  args: [idArg],
  async run(ctx, values) {
    const task = await (await ctx.manager(tasks)).get(values.id);
    return { text: publishedText(task) };
  },
});

const rerun = defineCommand({
  name: 'task-rerun',
  summary: 'Rerun an existing task.',
  kind: 'show',
  args: [{ name: 'id', help: 'Task identifier', complete: 'task' }],
  options: [
    { flags: '--resume', help: 'rerun only failed or unstarted action executions for with-items task', default: false },
    { flags: '-e, --env <ENV>', help: 'Environment variables: a JSON or YAML mapping, or a file holding one', complete: 'file' },
  ],
  output: showOutput(tasks),
  async run(ctx, values) {
    const id = values.id;
    const env = await loadEnvOption(values.env, ctx.cwd);
    const body: Record<string, unknown> = { id, state: 'RUNNING', reset: !values.resume };
    // Here env travels as a JSON string (execution-update sends it as an object under params).
    if (!isEmptyValue(env)) body.env = pythonJson(env);
    const manager = await ctx.manager(tasks);
    return { show: showRow(tasks, asItem(await manager.update({ body }, id)), ctx.now) };
  },
});

export const taskCommands: CommandSpec[] = [
  listCommand(tasks, {
    name: 'task-list',
    summary: 'List all tasks.',
    pagination: 'execution',
    sendFields: true,
    args: [{ name: 'workflow_execution', help: 'Workflow execution ID associated with list of Tasks.', optional: true, complete: 'execution' }],
    path: (values) => (values.workflow_execution ? { path: `/executions/${segment(values.workflow_execution)}/tasks`, listKey: 'tasks' } : undefined),
  }),
  getCommand(tasks, { name: 'task-get', summary: 'Show specific task.', arg: { name: 'task', help: 'Task identifier', complete: 'task' } }),
  fieldCommand(tasks, { name: 'task-get-result', summary: 'Show task output data.', arg: idArg, field: 'result', as: 'json' }),
  published,
  rerun,
  // No docstring in the reference, so cliff's Lister docstring is its summary.
  subExecutionsCommand(tasks, executions, { name: 'task-get-sub-executions', summary: 'Command base class for providing a list of data as output.' }),
];
