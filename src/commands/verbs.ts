// The verbs most commands share, as builders of table entries: list, get, delete, show-a-field,
// validate, upload a definition, sub-executions. A group's table calls these with its resource;
// only real quirks get their own `run`.
import { CliError } from '../errors.js';
import type { Item, Json } from '../api/client.js';
import { asItem, itemsOf, segment, type ResourceManager, type ResourcePath } from '../api/manager.js';
import type { QueryPairs } from '../api/query.js';
import type { ListData, ShowData } from '../output/types.js';
import { cell } from './cells.js';
import type { ArgSpec, CommandSpec, OptionSpec, Pagination, ResourceSpec, RunContext, Values } from './spec.js';

export function listRows(resource: ResourceSpec, items: Item[], now: Date): ListData {
  const columns = resource.columns.filter((c) => !c.showOnly);
  const view = { listing: true, now };
  const rows = items.map((item) => columns.map((c) => c.value(item, view)));
  // python-mistralclient prints one row of empty strings for an empty list, never an empty table.
  return { columns: columns.map((c) => c.heading), rows: rows.length ? rows : [columns.map(() => '')] };
}

export function showRow(resource: ResourceSpec, item: Item, now: Date): ShowData {
  return { columns: resource.columns.map((c) => c.heading), values: resource.columns.map((c) => c.value(item, { listing: false, now })) };
}

/** `--filter key=value`, each with exactly one '='. */
export function filters(values: Values): QueryPairs {
  const given = (values.filter as string[] | undefined) ?? [];
  return given.map((f) => {
    const parts = f.split('=');
    if (parts.length !== 2) throw new CliError(`Invalid filter: ${f}`);
    return [parts[0], parts[1]] as [string, string];
  });
}

function dictOrder(pairs: QueryPairs): QueryPairs {
  const merged = new Map<string, QueryPairs[number][1]>();
  for (const [key, value] of pairs) if (value !== undefined && value !== null) merged.set(key, value);
  return [...merged];
}

/** Python truthiness for query values: empty, null and 0 are left out. */
function truthy(value: unknown): string | undefined {
  return value === undefined || value === null || value === '' || value === 0 || value === false ? undefined : String(value);
}

export interface ListOptions {
  name: string;
  summary: string;
  pagination?: Pagination;
  args?: ArgSpec[];
  options?: OptionSpec[];
  /** Sends `fields=` (the resource's listFields). */
  sendFields?: boolean;
  /** Query pairs between `fields` and the user's filters (e.g. execution-list's `nulls`). */
  before?(values: Values): QueryPairs;
  /** Query pairs after the filters (e.g. `namespace`, `task_execution_id`). */
  after?(values: Values): QueryPairs;
  /** Path below the resource's own, e.g. task-list of one execution. */
  path?(values: Values): { path: string; listKey: string } | undefined;
}

export function listCommand(resource: ResourceSpec, o: ListOptions): CommandSpec {
  return {
    name: o.name,
    summary: o.summary,
    kind: 'list',
    pagination: o.pagination ?? 'list',
    args: o.args,
    options: o.options,
    async run(ctx, values) {
      const query = listQuery(resource, o, values);
      const manager = await ctx.manager(o.path?.(values) ?? resource);
      let items = await manager.list(query.pairs);
      if (query.reverse) items = items.reverse();
      return { list: listRows(resource, items, ctx.now) };
    },
  };
}

function listQuery(resource: ResourceSpec, o: ListOptions, values: Values): { pairs: QueryPairs; reverse: boolean } {
  const userFilters = filters(values);
  let sortDirs = values.sort_dirs as string | null;
  // MistralExecutionLister: with default paging, fetch the newest page and print it oldest first.
  const reverse = o.pagination === 'execution' && values.marker === '' && sortDirs === 'asc' && values.sort_keys === 'created_at' && !values.oldest;
  if (reverse) sortDirs = 'desc';
  const limit = typeof values.limit === 'number' && values.limit > 0 ? values.limit : undefined;
  // python-mistralclient collects these in a dict: a repeated key keeps its first place and its last value.
  const pairs = dictOrder([
    ['marker', truthy(values.marker)],
    ['limit', limit],
    ['sort_keys', truthy(values.sort_keys)],
    ['sort_dirs', truthy(sortDirs)],
    ['fields', o.sendFields && resource.listFields ? resource.listFields.join(',') : undefined],
    ...(o.before?.(values) ?? []),
    ...userFilters,
    ...(o.after?.(values) ?? []),
  ]);
  return { pairs, reverse };
}

/**
 * The path segments of one item below its resource, the last one being the id; the default is
 * just the id. Actions add their namespace: `/actions/<name>/<namespace>`.
 */
export type ItemPath = (id: string, values: Values) => string[];

/** The manager for the item's parent path and the item's last segment. */
async function itemManager(ctx: RunContext, resource: ResourcePath, id: string, values: Values, itemPath?: ItemPath): Promise<{ manager: ResourceManager; id: string }> {
  if (!itemPath) return { manager: await ctx.manager(resource), id };
  const segments = itemPath(id, values);
  const parents = segments.slice(0, -1).map((s) => `/${segment(s)}`).join('');
  return { manager: await ctx.manager({ path: `${resource.path}${parents}`, listKey: resource.listKey }), id: segments[segments.length - 1] };
}

export interface GetOptions {
  name: string;
  summary: string;
  arg: ArgSpec;
  options?: OptionSpec[];
  query?(values: Values): QueryPairs;
  itemPath?: ItemPath;
}

/** The one item a get-like command names by its argument. */
async function fetchItem(ctx: RunContext, resource: ResourceSpec, o: GetOptions, values: Values): Promise<Item> {
  const { manager, id } = await itemManager(ctx, resource, values[o.arg.name] as string, values, o.itemPath);
  return manager.get(id, o.query?.(values));
}

export function getCommand(resource: ResourceSpec, o: GetOptions): CommandSpec {
  return {
    name: o.name,
    summary: o.summary,
    kind: 'show',
    args: [o.arg],
    options: o.options,
    async run(ctx, values) {
      return { show: showRow(resource, await fetchItem(ctx, resource, o, values), ctx.now) };
    },
  };
}

export interface DeleteOptions {
  name: string;
  summary: string;
  arg: ArgSpec;
  options?: OptionSpec[];
  query?(values: Values): QueryPairs;
  itemPath?: ItemPath;
  success(id: string): string;
  failure: string;
}

/** `do_action_on_many`: each id in turn, progress and per-item errors on stdout, then one error if any failed. */
export function deleteCommand(resource: ResourceSpec, o: DeleteOptions): CommandSpec {
  return {
    name: o.name,
    summary: o.summary,
    kind: 'plain',
    args: [{ ...o.arg, variadic: true }],
    options: o.options,
    async run(ctx, values) {
      // Connect before the first item: a connection failure is one error, not one per item.
      const manager = await ctx.manager(resource);
      let failed = false;
      for (const id of values[o.arg.name] as string[]) {
        try {
          const item = o.itemPath ? await itemManager(ctx, resource, id, values, o.itemPath) : { manager, id };
          await item.manager.delete(item.id, o.query?.(values));
          ctx.print(`${o.success(id)}\n`);
        } catch (error) {
          if (!(error instanceof CliError)) throw error;
          failed = true;
          ctx.print(`${error.message}\n`);
        }
      }
      if (failed) throw new CliError(o.failure);
      return { text: '' };
    },
  };
}

/** Python's json.dumps(value, indent=4): like JSON.stringify but with non-ASCII escaped. */
export function pythonIndentedJson(value: unknown): string {
  return JSON.stringify(value, null, 4).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A JSON-text field pretty-printed with indent 4, raw when it is not JSON, a newline when empty. */
export function jsonFieldText(value: Json | undefined): string {
  if (typeof value === 'string' && value) {
    try {
      return `${pythonIndentedJson(JSON.parse(value))}\n`;
    } catch {
      return value;
    }
  }
  if (value !== undefined && value !== null && typeof value === 'object') return `${pythonIndentedJson(value)}\n`;
  return value === undefined || value === null || value === '' ? '\n' : String(value);
}

export interface FieldOptions extends GetOptions {
  field: string;
  /** 'json': pretty-printed JSON text; 'raw': as-is (definitions). */
  as: 'json' | 'raw';
}

export function fieldCommand(resource: ResourceSpec, o: FieldOptions): CommandSpec {
  return {
    name: o.name,
    summary: o.summary,
    kind: 'plain',
    args: [o.arg],
    options: o.options,
    async run(ctx, values) {
      const value = (await fetchItem(ctx, resource, o, values))[o.field];
      if (o.as === 'json') return { text: jsonFieldText(value) };
      return { text: typeof value === 'string' && value ? value : '\n' };
    },
  };
}

/** gh's name: opt in to an exit code that says how the thing went (the reference always exits 0). */
export const exitStatusOption = (what: string): OptionSpec => ({ flags: '--exit-status', dest: 'exit_status', help: `Exit with status 1 when ${what}.`, default: false });

export function validateCommand(resource: ResourceSpec, o: { name: string; summary: string; help: string }): CommandSpec {
  return {
    name: o.name,
    summary: o.summary,
    kind: 'show',
    args: [{ name: 'definition', help: o.help, file: true }],
    options: [exitStatusOption('the definition is not valid')],
    async run(ctx, values) {
      const text = requireText(values.definition as string, resource, 'definition');
      // Validating stores nothing, so this POST may be sent again.
      const result = (await (await ctx.manager(resource)).create({ text, idempotent: true }, 'validate', 200)) as Item;
      const exitCode = values.exit_status && result?.valid !== true ? 1 : 0;
      return { show: { columns: ['Valid', 'Error'], values: [cell(result?.valid), cell(result?.error)] }, exitCode };
    },
  };
}

export interface UploadOptions {
  name: string;
  summary: string;
  /** create: POST, 201; update: PUT, 200. */
  method: 'create' | 'update';
  /** The definition file argument. */
  arg: ArgSpec;
  options?: OptionSpec[];
  /**
   * 'show': the answer is one item; 'list': the answer is `{<listKey>: [...]}`, printed as a list
   * (these are MistralListers in the reference and carry its unused pagination options).
   */
  output: 'show' | 'list';
  query(values: Values): QueryPairs;
  /** update: PUT `<resource>/<id>` instead of the collection when this gives an id. */
  id?(values: Values): string | undefined;
}

/** Create or update from a definition file, sent as text/plain (workflows, workbooks, actions). */
export function uploadCommand(resource: ResourceSpec, o: UploadOptions): CommandSpec {
  return {
    name: o.name,
    summary: o.summary,
    kind: o.output,
    ...(o.output === 'list' ? { pagination: 'list' as const } : {}),
    args: [{ ...o.arg, file: true }],
    options: o.options,
    async run(ctx, values) {
      const text = requireText(values[o.arg.name] as string, resource, 'definition');
      const manager = await ctx.manager(resource);
      const send = { text, query: o.query(values) };
      const body = o.method === 'create' ? await manager.create(send) : await manager.update(send, o.id?.(values));
      if (o.output === 'show') return { show: showRow(resource, asItem(body), ctx.now) };
      // workflow-update --id answers with the one workflow, not a list (the reference wraps it).
      const single = body !== null && typeof body === 'object' && !Array.isArray(body) && !(resource.listKey in body);
      return { list: listRows(resource, single ? [asItem(body)] : itemsOf(body, resource.listKey), ctx.now) };
    },
  };
}

/** `--max-depth [N]` of the report and sub-execution commands. */
export const maxDepthOption: OptionSpec = {
  flags: '--max-depth [MAX_DEPTH]',
  dest: 'max_depth',
  int: true,
  default: -1,
  help: 'Maximum depth of the workflow execution tree. If 0, only the root workflow execution and its tasks will be included',
};

/**
 * execution-get-sub-executions and task-get-sub-executions: `<parent>/<id>/executions`, listed
 * with the execution columns, no pagination and no reversal.
 */
export function subExecutionsCommand(parent: ResourcePath, executions: ResourceSpec, o: { name: string; summary: string }): CommandSpec {
  return {
    name: o.name,
    summary: o.summary,
    kind: 'list',
    args: [{ name: 'id', help: 'origin id', ...(parent === executions ? { complete: 'execution' as const } : {}) }],
    options: [
      { flags: '--errors-only', dest: 'errors_only', help: 'Only error paths will be included.', default: false },
      maxDepthOption,
    ],
    async run(ctx, values) {
      // The answer's list is `executions` whatever the parent.
      const manager = await ctx.manager({ path: parent.path, listKey: executions.listKey });
      // Hand-built in the reference: errors_only is sent empty when not set.
      const query: QueryPairs = [['max_depth', String(values.max_depth ?? -1)], ['errors_only', values.errors_only ? 'True' : '']];
      return { list: listRows(executions, await manager.list(query, `${segment(values.id as string)}/executions`), ctx.now) };
    },
  };
}

/** A definition file must not be empty: `<Resource> is missing field "definition"`, before any request. */
export function requireText(text: string | undefined, resource: ResourceSpec, field: string): string {
  if (!text) throw new CliError(`${resource.noun[0].toUpperCase()}${resource.noun.slice(1)} is missing field "${field}"`);
  return text;
}

/** `--namespace [NAMESPACE]` as every command declares it. */
export function namespaceOption(help: string, { defaultEmpty = true } = {}): OptionSpec {
  // Some commands default to '' (sent as `namespace=`), others to None (not sent at all).
  return { flags: '--namespace [NAMESPACE]', help, ...(defaultEmpty ? { default: '' } : {}) };
}

export const publicOption: OptionSpec = { flags: '--public', help: 'With this flag the resource will be marked as "public".', default: false };

export function scope(values: Values): string {
  return values.public ? 'public' : 'private';
}

/** A namespace option value as the reference sends it: '' stays '', a bare flag means ''. */
export function namespace(values: Values): string | undefined {
  const ns = values.namespace;
  return ns === undefined || ns === null ? undefined : String(ns);
}

/** A namespace the reference sends only when non-empty (`if namespace:`). */
export function namespaceIfSet(values: Values): string | undefined {
  return namespace(values) || undefined;
}

export type { RunContext };
