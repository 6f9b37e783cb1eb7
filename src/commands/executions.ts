// execution-*: the 10 workflow execution commands (commands/v2/executions.py).
import type { Item, Json } from '../api/client.js';
import { asItem, pythonJson, segment, type ResourceManager } from '../api/manager.js';
import { ApiError, CliError } from '../errors.js';
import { cutInList, executionDuration, field, orNone } from './cells.js';
import { newExecutionId, parseExecutionId, perCloudExecutionId } from './execution-ids.js';
import { isEmptyValue, isUuidLike, loadFileOrContent, loadJson } from './input.js';
import type { CloudRef, CommandResult, CommandSpec, ResourceSpec, RunContext } from './spec.js';
import { concludeWait, executionRows, waitedResult, waitForExecutions, waitOptions, waitSettings, type Tracked } from './wait.js';
import { deleteCommand, fieldCommand, getCommand, listCommand, namespace, maxDepthOption, namespaceOption, showRow, subExecutionsCommand } from './verbs.js';

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

const idArg = { name: 'id', help: 'Execution ID', complete: 'execution' } as const;

const create: CommandSpec = {
  name: 'execution-create',
  summary: 'Create new execution.',
  kind: 'show',
  fanOut: true,
  args: [
    { name: 'workflow_identifier', help: 'Workflow ID or name', optional: true, complete: 'workflow' },
    { name: 'workflow_input', help: "Workflow input: JSON text, a JSON file, or '-' for standard input", optional: true, complete: 'file' },
    { name: 'params', help: "Workflow additional parameters: JSON text, a JSON file, or '-' for standard input", optional: true, complete: 'file' },
  ],
  options: [
    namespaceOption('Workflow namespace.'),
    { flags: '-d, --description <DESCRIPTION>', help: 'Execution description', default: '' },
    { flags: '-s [SOURCE_EXECUTION_ID]', dest: 'source_execution_id', help: 'Workflow Execution id which will allow operators to create a new workflow execution based on the previously successful executed workflow. Example: mistral execution-create -s 123e4567-e89b-12d3-a456-426655440000', complete: 'execution' },
    { flags: '--id <UUID>', help: 'The id of the new execution (a UUID): run again with the same id, the command shows the execution that has it instead of starting another. With several target clouds each gets an id made from this one and the cloud name (UUID version 5). Default: a random one.' },
    { flags: '--wait', help: 'Wait until the execution ends (SUCCESS, ERROR or CANCELLED), then print it; exit 1 unless it succeeded.', default: false },
    ...waitOptions,
  ],
  async run(ctx, values) {
    const chosenId = values.id === undefined ? undefined : parseExecutionId(values.id as string);
    const identifier = (values.workflow_identifier as string | undefined) ?? '';
    const source = values.source_execution_id;
    const input = values.workflow_input ? await loadJson(values.workflow_input as string, 'workflow input', ctx) : {};
    const params = values.params ? await loadJson(values.params as string, 'params', ctx) : {};
    if (!identifier && !source) throw new CliError('Execution is missing field "workflow_identifier"');
    // Key order as python-mistralclient builds the body.
    const body: Record<string, unknown> = { description: values.description ?? '' };
    if (isUuidLike(source)) body.source_execution_id = source;
    if (identifier) body[isUuidLike(identifier) ? 'workflow_id' : 'workflow_name'] = identifier;
    const ns = namespace(values);
    if (ns) body.workflow_namespace = ns;
    if (!isEmptyValue(input)) body.input = typeof input === 'string' ? input : pythonJson(input);
    if (!isEmptyValue(params)) body.params = pythonJson(params);
    const wait = values.wait ? waitSettings(values) : undefined;
    // Every cloud is authenticated before the first execution starts: one that cannot log in stops them all.
    const clouds = await ctx.clouds();
    // Ids are unique across the one Mistral, whatever the project: each target's execution needs its own.
    const idOn = (cloud: CloudRef) => (chosenId === undefined ? newExecutionId() : clouds.length > 1 ? perCloudExecutionId(chosenId, cloud.name) : chosenId);
    const request = (cloud: CloudRef): CreateRequest => ({ body, id: idOn(cloud), chosen: chosenId !== undefined });
    if (clouds.length === 1 && !wait) {
      return { show: showRow(executions, await createExecution(ctx, clouds[0], request(clouds[0])), ctx.now) };
    }
    const tracked = await Promise.all(clouds.map((cloud) => start(ctx, cloud, request(cloud))));
    if (!wait) {
      const failed = tracked.filter((t) => t.error);
      for (const t of failed) ctx.report(`the execution on the ${t.cloud.label} was not started: ${t.error}`);
      return { list: executionRows(ctx, tracked, false), exitCode: failed.length ? 1 : 0 };
    }
    return finishWait(ctx, tracked, values, wait);
  },
};

interface CreateRequest {
  /** The body python-mistralclient would send. */
  body: Record<string, unknown>;
  id: string;
  /** Given with --id: an execution may already have it (a job run again). */
  chosen: boolean;
}

/**
 * Starts one execution, with the id the client chose: Mistral answers a POST whose id exists with
 * that execution and starts nothing, so the transport may send it again after a dead connection.
 * With --id the execution is looked up first, since Mistral's answer (201 either way) does not
 * say whether it already existed.
 */
async function createExecution(ctx: RunContext, cloud: CloudRef, { body, id, chosen }: CreateRequest): Promise<Item> {
  const manager = await ctx.manager(executions, cloud);
  const where = `execution ${id}${cloud.index >= 0 ? ` on the ${cloud.label}` : ''}`;
  const existing = chosen ? await findExecution(manager, id) : undefined;
  if (!existing) return postExecution(manager, { ...body, id }, chosen ? where : undefined);
  const other = differences(existing, body);
  if (other) throw new CliError(`${where} already exists, for ${other}: nothing was started; give another --id`);
  ctx.warn(`${where} already exists (created ${String(existing.created_at)}, ${String(existing.state)}): nothing new was started`);
  return existing;
}

/** `chosen`: how to name the execution when its id came from --id (so another project may hold it). */
async function postExecution(manager: ResourceManager, body: Record<string, unknown>, chosen: string | undefined): Promise<Item> {
  try {
    return asItem(await manager.create({ body, idempotent: true }));
  } catch (error) {
    // What Mistral 15 answers for an id another project's execution holds: its engine meets the
    // duplicate, then cannot read it in the caller's project (engine/default_engine.py start_workflow).
    if (chosen && error instanceof ApiError && error.status === 404 && error.message.startsWith('WorkflowExecution not found')) {
      throw new CliError(`${chosen} cannot be started: an execution of another project has that id (Mistral answered "WorkflowExecution not found", HTTP 404); give another --id`);
    }
    throw error;
  }
}

async function findExecution(manager: ResourceManager, id: string): Promise<Item | undefined> {
  try {
    return await manager.get(id);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

/**
 * What an existing execution was started for that this command did not ask for: Mistral returns it
 * whatever the workflow and input of the POST. The workflow, its namespace and each input key
 * given are compared (the stored input holds the workflow's defaults too); params are not.
 */
function differences(existing: Item, body: Record<string, unknown>): string | undefined {
  const namespace = String(body.workflow_namespace ?? '');
  const workflow = `workflow ${String(existing.workflow_name)}${existing.workflow_namespace ? ` (namespace ${String(existing.workflow_namespace)})` : ''}`;
  if (body.workflow_id !== undefined && existing.workflow_id !== body.workflow_id) return `${workflow}, not ${String(body.workflow_id)}`;
  if (body.workflow_name !== undefined && existing.workflow_name !== body.workflow_name) return `${workflow}, not ${String(body.workflow_name)}`;
  if ((body.workflow_name !== undefined || body.workflow_id !== undefined) && String(existing.workflow_namespace ?? '') !== namespace) {
    return `${workflow}, not namespace '${namespace}'`;
  }
  if (typeof body.input !== 'string') return undefined;
  const given = parseObject(body.input);
  const stored = parseObject(existing.input);
  const changed = Object.keys(given).filter((key) => canonical(given[key]) !== canonical(stored[key]));
  return changed.length ? `other input (${changed.join(', ')})` : undefined;
}

function parseObject(value: unknown): Record<string, unknown> {
  try {
    const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** JSON with sorted keys, so that key order does not count as a difference. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v)) ?? 'undefined';
}

/** Starts one execution on one cloud; a failure there is that cloud's result, not the others'. */
async function start(ctx: RunContext, cloud: CloudRef, request: CreateRequest): Promise<Tracked> {
  try {
    const item = await createExecution(ctx, cloud, request);
    return { cloud, id: String(item.id), item };
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    return { cloud, id: '', error: error.message };
  }
}

async function finishWait(ctx: RunContext, tracked: Tracked[], values: Record<string, unknown>, wait: ReturnType<typeof waitSettings>): Promise<CommandResult> {
  const outcome = await waitForExecutions(ctx, executions, tracked, wait);
  const exitCode = concludeWait(ctx, tracked, outcome, values.wait_timeout);
  // Interrupted: nothing on stdout, the executions go on.
  if (outcome === 'interrupted') return { text: '', exitCode };
  return waitedResult(ctx, executions, tracked, exitCode, true);
}

/**
 * With several target clouds an execution id is looked up on each (an execution belongs to the
 * project it was started in); the cloud that knows it owns it.
 */
async function locate(ctx: RunContext, clouds: CloudRef[], id: string): Promise<Tracked> {
  if (clouds.length === 1) return { cloud: clouds[0], id };
  const found = await Promise.all(clouds.map(async (cloud) => {
    try {
      return { cloud, id, item: await (await ctx.manager(executions, cloud)).get(id) };
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      return undefined;
    }
  }));
  const owner = found.find((t) => t !== undefined);
  return owner ?? { cloud: clouds[0], id, error: `not found on any of the target clouds ${clouds.map((c) => c.name).join(', ')}` };
}

const wait: CommandSpec = {
  name: 'execution-wait',
  summary: 'Wait until executions end, then show them; exit 1 unless all succeeded.',
  kind: 'show',
  fanOut: true,
  args: [{ name: 'id', help: 'Execution ID(s)', variadic: true, complete: 'execution' }],
  options: waitOptions,
  async run(ctx, values) {
    const settings = waitSettings(values);
    const clouds = await ctx.clouds();
    const ids = [...new Set(values.id as string[])];
    const tracked = await Promise.all(ids.map((id) => locate(ctx, clouds, id)));
    return finishWait(ctx, tracked, values, settings);
  },
};

const update: CommandSpec = {
  name: 'execution-update',
  summary: 'Update execution.',
  kind: 'show',
  args: [{ ...idArg, help: 'Execution identifier' }],
  options: [
    { flags: '-s, --state <STATE>', help: 'Execution state', choices: ['RUNNING', 'PAUSED', 'SUCCESS', 'ERROR', 'CANCELLED'] },
    { flags: '-e, --env <ENV>', help: 'Environment variables: YAML or JSON text, or a file', complete: 'file' },
    { flags: '-d, --description <DESCRIPTION>', help: 'Execution description' },
  ],
  async run(ctx, values) {
    const env = await loadFileOrContent(values.env as string | undefined, 'environment', ctx.cwd);
    const body: Record<string, unknown> = {};
    if (values.state) body.state = values.state;
    if (values.description) body.description = values.description;
    // Here env travels as an object under params (task-rerun sends it as a JSON string).
    if (!isEmptyValue(env)) body.params = { env };
    const manager = await ctx.manager(executions);
    return { show: showRow(executions, (await manager.update({ body }, values.id as string)) as Item, ctx.now) };
  },
};

const report: CommandSpec = {
  name: 'execution-get-report',
  summary: 'Print execution report.',
  kind: 'plain',
  args: [idArg],
  options: [
    { flags: '--errors-only', dest: 'errors_only', help: 'Only error paths will be included.', default: true },
    { flags: '--no-errors-only', dest: 'errors_only', negate: true, help: 'Not only error paths will be included.' },
    { flags: '--statistics-only', dest: 'statistics_only', help: 'Only the statistics will be included.', default: false },
    maxDepthOption,
  ],
  async run(ctx, values) {
    const manager = await ctx.manager(executions);
    // Unlike the reference, the HTTP status is checked before anything is printed.
    const json = await manager.fetch(`${segment(values.id as string)}/report`, [
      ['errors_only', values.errors_only ? 'True' : undefined],
      ['statistics_only', values.statistics_only ? 'True' : undefined],
      ['max_depth', values.max_depth === null ? undefined : String(values.max_depth ?? -1)],
    ]);
    return { text: renderReport(json as Item) };
  },
};

export const executionCommands: CommandSpec[] = [
  create,
  wait,
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
    after: (values) => [['task_execution_id', (values.task as string | null) || undefined]],
  }),
  getCommand(executions, { name: 'execution-get', summary: 'Show specific execution.', arg: { name: 'execution', help: 'Execution identifier', complete: 'execution' } }),
  fieldCommand(executions, { name: 'execution-get-input', summary: 'Show execution input data.', arg: idArg, field: 'input', as: 'json' }),
  fieldCommand(executions, { name: 'execution-get-output', summary: 'Show execution output data.', arg: idArg, field: 'output', as: 'json' }),
  report,
  fieldCommand(executions, { name: 'execution-get-published', summary: 'Show workflow global published variables.', arg: { ...idArg, help: 'Workflow ID' }, field: 'published_global', as: 'json' }),
  subExecutionsCommand(executions, executions, { name: 'execution-get-sub-executions', summary: 'Command base class for providing a list of data as output.' }),
];

const FRAME = '='.repeat(30);

/** The text of execution-get-report, line for line as the reference prints it. */
export function renderReport(report: Item): string {
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
