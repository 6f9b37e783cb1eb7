// run-action and action-execution-*: the 7 action execution commands of python-mistralclient 4.5.0
// (commands/v2/action_executions.py).
import { asItem, segment } from '../api/manager.js';
import { pythonJson } from '../output/json-text.js';
import { CliError } from '../errors.js';
import { pyStr } from '../output/pystr.js';
import { cell, field, orNone } from './cells.js';
import { isEmptyValue, loadJson } from './input.js';
import { defineCommand, type CommandSpec, type ResourceSpec } from './spec.js';
import { deleteCommand, exitStatusOption, fieldCommand, getCommand, listCommand, namespaceIfSet, namespaceOption, showOutput, showRow } from './verbs.js';

export const actionExecutions: ResourceSpec = {
  path: '/action_executions',
  listKey: 'action_executions',
  noun: 'action execution',
  // No listFields: the reference's list sends no `fields` (its TODO for Mistral bug 1800322).
  columns: [
    field('ID', 'id'),
    field('Name', 'name'),
    field('Workflow name', 'workflow_name'),
    field('Workflow namespace', 'workflow_namespace'),
    field('Task name', 'task_name'),
    field('Task ID', 'task_execution_id'),
    field('State', 'state'),
    { heading: 'State info', value: (a) => cell(a.state_info), showOnly: true },
    field('Accepted', 'accepted'),
    field('Created at', 'created_at'),
    { heading: 'Updated at', value: (a) => orNone(a.updated_at) },
  ],
};

const idArg = { name: 'id', help: 'Action execution ID.' } as const;
const STATES = ['PAUSED', 'RUNNING', 'SUCCESS', 'ERROR', 'CANCELLED'] as const;

const runAction = defineCommand({
  name: 'run-action',
  summary: 'Create new Action execution or just run specific action.',
  kind: 'show',
  args: [
    { name: 'name', help: 'Action name to execute.' },
    { name: 'input', help: 'Action input.', optional: true, complete: 'file' },
  ],
  options: [
    { flags: '-s, --save-result', dest: 'save_result', help: 'Save the result into DB.', default: false },
    { flags: '--run-sync', dest: 'run_sync', help: 'Run the action synchronously.', default: false },
    { flags: '-t, --target <TARGET>', help: 'Action will be executed on <target> executor.' },
    namespaceOption('Namespace of the action(s).'),
    exitStatusOption('the action execution is in state ERROR (with -s and without --run-sync it may not have ended yet)'),
  ],
  // Only a saved, asynchronous run is shown with the formatters; otherwise the raw output is printed.
  output: (values) => (values.save_result && !values.run_sync ? showOutput(actionExecutions)() : undefined),
  async run(ctx, values) {
    const input = values.input ? await loadJson(values.input, 'action input', ctx) : undefined;
    const name = values.name;
    if (!name) throw new CliError('ActionExecution is missing field "name"');
    // Only the options that are set, in this order, as a JSON string.
    const params: Record<string, unknown> = {};
    if (values.save_result) params.save_result = true;
    if (values.run_sync) params.run_sync = true;
    if (values.target) params.target = values.target;
    const body: Record<string, unknown> = { name };
    if (!isEmptyValue(input)) body.input = pythonJson(input);
    if (Object.keys(params).length) body.params = pythonJson(params);
    const ns = namespaceIfSet(values);
    if (ns) body.workflow_namespace = ns;
    const actionEx = asItem(await (await ctx.manager(actionExecutions)).create({ body }));
    const exitCode = values.exit_status && actionEx.state === 'ERROR' ? 1 : 0;
    if (values.save_result && !values.run_sync) return { show: showRow(actionExecutions, actionEx, ctx.now), exitCode };
    // Otherwise the action's raw output, whatever -f or -c say (as the reference does).
    return { text: `${pyStr(cell(actionEx.output))}\n`, exitCode };
  },
});

const update = defineCommand({
  name: 'action-execution-update',
  summary: 'Update specific Action execution.',
  kind: 'show',
  args: [idArg],
  options: [
    { flags: '--state <STATE>', help: 'Action execution state', choices: STATES },
    { flags: '--output <OUTPUT>', help: 'Action execution output', complete: 'file' },
  ],
  output: showOutput(actionExecutions),
  async run(ctx, values) {
    const output = values.output ? await loadJson(values.output, 'action execution output', ctx) : undefined;
    if (!values.id) throw new CliError('ActionExecution is missing field "id"');
    if (!values.state && isEmptyValue(output)) throw new CliError('Please provide either state or output for action execution.');
    const body: Record<string, unknown> = {};
    if (values.state) body.state = values.state;
    // The parsed value itself, not a JSON string.
    if (!isEmptyValue(output)) body.output = output;
    const manager = await ctx.manager(actionExecutions);
    return { show: showRow(actionExecutions, asItem(await manager.update({ body }, values.id)), ctx.now) };
  },
});

export const actionExecutionCommands: CommandSpec[] = [
  runAction,
  listCommand(actionExecutions, {
    name: 'action-execution-list',
    summary: 'List all Action executions.',
    pagination: 'execution',
    args: [{ name: 'task_execution_id', help: 'Task execution ID.', optional: true, complete: 'task' }],
    path: (values) =>
      values.task_execution_id ? { path: `/tasks/${segment(values.task_execution_id)}/action_executions`, listKey: 'action_executions' } : undefined,
  }),
  getCommand(actionExecutions, { name: 'action-execution-get', summary: 'Show specific Action execution.', arg: { name: 'action_execution', help: 'Action execution ID.' } }),
  fieldCommand(actionExecutions, { name: 'action-execution-get-input', summary: 'Show Action execution input data.', arg: idArg, field: 'input', as: 'json' }),
  fieldCommand(actionExecutions, { name: 'action-execution-get-output', summary: 'Show Action execution output data.', arg: idArg, field: 'output', as: 'json' }),
  update,
  deleteCommand(actionExecutions, {
    name: 'action-execution-delete',
    summary: 'Delete action execution.',
    arg: { name: 'action_execution', help: 'Id of action execution identifier(s).' },
    success: (id) => `Request to delete action execution ${id} has been accepted.`,
    failure: 'Unable to delete the specified action execution(s).',
  }),
];
