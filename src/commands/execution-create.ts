// execution-create: one execution per cloud (fan-out to several targets), with the execution id the
// client chose, so that a POST that died on the way may be sent again (README "Token cache,
// timeouts and retries"); --wait hands over to execution-wait.ts.
import type { Item } from '../api/client.js';
import { asItem, type ResourceManager } from '../api/manager.js';
import { parsedJson, pythonJson } from '../output/json-text.js';
import { ApiError, CliError, UsageError } from '../errors.js';
import { isMapping } from '../values.js';
import { newExecutionId, parseExecutionId, perCloudExecutionId } from './execution-ids.js';
import { executions, perCloudColumns } from './execution-resource.js';
import { finishSettings, finishWait } from './execution-wait.js';
import { isEmptyValue, isUuidLike, loadJson } from './input.js';
import { defineCommand, type CloudRef, type RunContext } from './spec.js';
import { waitOptions, type Tracked } from './wait.js';
import { executionRows } from './wait-result.js';
import { namespace, namespaceOption, showColumns, showRow } from './verbs.js';

export const createCommand = defineCommand({
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
  // One execution is shown as execution-get shows it; several target clouds get one row each.
  output: (values, targets) => (targets > 1 ? { columns: perCloudColumns(values.wait), rows: true } : { columns: showColumns(executions) }),
  async run(ctx, values) {
    const chosenId = values.id === undefined ? undefined : parseExecutionId(values.id);
    const identifier = values.workflow_identifier ?? '';
    const source = values.source_execution_id;
    const input = values.workflow_input ? await loadJson(values.workflow_input, 'workflow input', ctx) : {};
    const params = values.params ? await loadJson(values.params, 'params', ctx) : {};
    if (!identifier && !source) throw new CliError('Execution is missing field "workflow_identifier"');
    // Key order as python-mistralclient builds the body.
    const body: Record<string, unknown> = { description: values.description ?? '' };
    if (isUuidLike(source)) body.source_execution_id = source;
    if (identifier) body[isUuidLike(identifier) ? 'workflow_id' : 'workflow_name'] = identifier;
    const ns = namespace(values);
    if (ns) body.workflow_namespace = ns;
    if (!isEmptyValue(input)) body.input = typeof input === 'string' ? input : pythonJson(input);
    if (!isEmptyValue(params)) body.params = pythonJson(params);
    if (!values.wait) {
      for (const [given, flag] of [[values.print_output, '--print-output'], [values.cancel_on_timeout, '--cancel-on-timeout']] as const) {
        if (given) throw new UsageError(`${flag} needs --wait`);
      }
    }
    const wait = values.wait ? finishSettings(values) : undefined;
    // Every cloud is authenticated before the first execution starts: one that cannot log in stops them all.
    const clouds = await ctx.clouds();
    // Ids are unique across the one Mistral, whatever the project: each target's execution needs its own.
    const idOn = (cloud: CloudRef) => (chosenId === undefined ? newExecutionId() : clouds.length > 1 ? perCloudExecutionId(chosenId, cloud.name) : chosenId);
    const request = (cloud: CloudRef): CreateRequest => ({ body, id: idOn(cloud), chosen: chosenId !== undefined });
    if (clouds.length === 1 && !wait) {
      return { show: showRow(executions, await createExecution(ctx, clouds[0], request(clouds[0])), ctx.now) };
    }
    if (clouds.length === 1 && wait) {
      // One execution: one that cannot be started is the command's error, as without --wait.
      const item = await createExecution(ctx, clouds[0], request(clouds[0]));
      return finishWait(ctx, [{ cloud: clouds[0], id: String(item.id), item }], wait, values);
    }
    const tracked = await Promise.all(clouds.map((cloud) => start(ctx, cloud, request(cloud))));
    if (!wait) {
      const failed = tracked.filter((t) => t.error);
      for (const t of failed) ctx.report(`the execution on the ${t.cloud.label} was not started: ${t.error}`);
      return { list: executionRows(ctx, tracked, false), exitCode: failed.length ? 1 : 0 };
    }
    return finishWait(ctx, tracked, wait, values);
  },
});

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
  const existing = chosen ? await manager.find(id) : undefined;
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
  const parsed = parsedJson(value)?.json;
  return isMapping(parsed) ? parsed : {};
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

