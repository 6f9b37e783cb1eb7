// execution-*: the 10 workflow execution commands (commands/v2/executions.py) and execution-wait, in
// the reference's order. The resource is execution-resource.ts; create, wait and the report have
// files of their own.
import type { Item } from '../api/client.js';
import { createCommand } from './execution-create.js';
import { reportCommand } from './execution-report.js';
import { executionIdArg, executions, perCloudColumns } from './execution-resource.js';
import { waitCommand } from './execution-wait.js';
import { isEmptyValue, loadEnvOption } from './input.js';
import { defineCommand, type CommandSpec } from './spec.js';
import { deleteCommand, fieldCommand, getCommand, listCommand, showColumns, showOutput, showRow, subExecutionsCommand } from './verbs.js';

const update = defineCommand({
  name: 'execution-update',
  summary: 'Update execution.',
  kind: 'show',
  args: [{ ...executionIdArg, help: 'Execution identifier' }],
  options: [
    { flags: '-s, --state <STATE>', help: 'Execution state', choices: ['RUNNING', 'PAUSED', 'SUCCESS', 'ERROR', 'CANCELLED'] },
    { flags: '-e, --env <ENV>', help: 'Environment variables: a JSON or YAML mapping, or a file holding one', complete: 'file' },
    { flags: '-d, --description <DESCRIPTION>', help: 'Execution description' },
  ],
  output: showOutput(executions),
  async run(ctx, values) {
    const env = await loadEnvOption(values.env, ctx.cwd);
    const body: Record<string, unknown> = {};
    if (values.state) body.state = values.state;
    if (values.description) body.description = values.description;
    // Here env travels as an object under params (task-rerun sends it as a JSON string).
    if (!isEmptyValue(env)) body.params = { env };
    const manager = await ctx.manager(executions);
    return { show: showRow(executions, (await manager.update({ body }, values.id)) as Item, ctx.now) };
  },
});

export const executionCommands: CommandSpec[] = [
  createCommand,
  // Declared here, next to execution-create's: one execution is shown as execution-get shows it, several get a row each.
  { ...waitCommand, output: (values) => (new Set(values.id as string[]).size > 1 ? { columns: perCloudColumns(true), rows: true } : { columns: showColumns(executions) }) },
  deleteCommand(executions, {
    name: 'execution-delete',
    summary: 'Delete execution.',
    arg: { name: 'execution', help: 'Id of execution identifier(s).', complete: 'execution' },
    options: [{ flags: '--force', help: 'Force the deletion of an execution. Might cause a cascade  of errors if used for running executions.', default: false }],
    query: (values) => [['force', values.force ? 'True' : undefined]],
    success: (id) => `Request to delete execution ${id} has been accepted.`,
    failure: 'Unable to delete the specified execution(s).',
  }),
  update,
  listCommand(executions, {
    name: 'execution-list',
    summary: 'List all executions.',
    pagination: 'execution',
    sendFields: true,
    options: [
      { flags: '--task [TASK]', help: 'Parent task execution ID associated with workflow execution list.' },
      { flags: '--rootsonly', help: 'return only root executions', default: false },
    ],
    before: (values) => [['nulls', values.rootsonly ? 'root_execution_id' : undefined]],
    after: (values) => [['task_execution_id', values.task || undefined]],
  }),
  getCommand(executions, { name: 'execution-get', summary: 'Show specific execution.', arg: { name: 'execution', help: 'Execution identifier', complete: 'execution' } }),
  fieldCommand(executions, { name: 'execution-get-input', summary: 'Show execution input data.', arg: executionIdArg, field: 'input', as: 'json' }),
  fieldCommand(executions, { name: 'execution-get-output', summary: 'Show execution output data.', arg: executionIdArg, field: 'output', as: 'json' }),
  reportCommand,
  fieldCommand(executions, { name: 'execution-get-published', summary: 'Show workflow global published variables.', arg: { ...executionIdArg, help: 'Workflow ID' }, field: 'published_global', as: 'json' }),
  subExecutionsCommand(executions, executions, { name: 'execution-get-sub-executions', summary: 'Command base class for providing a list of data as output.' }),
];
