// The verbs most commands share, as builders of table entries: list, get, delete, show-a-field,
// validate, upload a definition, sub-executions. A group's table calls these with its resource;
// only real quirks get their own `run`.
import { CliError } from '../errors.js';
import type { Item, Json } from '../api/client.js';
import { asItem, itemsOf, segment, type ResourceManager, type ResourcePath } from '../api/manager.js';
import type { QueryPairs } from '../api/query.js';
import { parsedJson, pythonIndentedJson } from '../output/json-text.js';
import { mapRows, readsItemByItem } from '../output/rows.js';
import type { Cell, ListData, ShowData } from '../output/types.js';
import { isMapping } from '../values.js';
import { cell } from './cells.js';
import { requireText } from './required.js';
import {
  defineCommand, type ArgSpec, type ArgValues, type CommandSpec, type ListFormatterValues, type ListPaginationValues, type OptionSpec,
  type OptionValues, type OutputShape, type Pagination, type PaginationValues, type ResourceSpec, type RunContext, type ShowFormatterValues,
} from './spec.js';

/** The headings a list of the resource prints (listRows). */
export function listColumns(resource: ResourceSpec): string[] {
  return resource.columns.filter((c) => !c.showOnly).map((c) => c.heading);
}

/** The headings one item of the resource prints (showRow). */
export function showColumns(resource: ResourceSpec): string[] {
  return resource.columns.map((c) => c.heading);
}

/** CommandSpec.output of a command that prints a list of the resource. */
export const listOutput = (resource: ResourceSpec) => (): OutputShape => ({ columns: listColumns(resource) });

/** CommandSpec.output of a command that prints one item of the resource. */
export const showOutput = (resource: ResourceSpec) => (): OutputShape => ({ columns: showColumns(resource) });

/**
 * The rows of a list, each made when a formatter reaches it (from an ItemList, its item parsed
 * then too): a long list's rows are never all held unless the format needs them all (a table's
 * widths, yaml, --sort-column).
 */
export function listRows(resource: ResourceSpec, items: Iterable<Item> & { readonly length: number }, now: Date): ListData {
  const columns = resource.columns.filter((c) => !c.showOnly);
  const headings = columns.map((c) => c.heading);
  // python-mistralclient prints one row of empty strings for an empty list, never an empty table.
  if (items.length === 0) return { columns: headings, rows: [columns.map(() => '')] };
  const view = { listing: true, now };
  const values = columns.map((c) => c.value);
  // A loop rather than columns.map: each row is made once, mostly before V8 optimises this code,
  // where a closure per row costs (README, Speed).
  const rowOf = (item: Item): Cell[] => {
    const row: Cell[] = [];
    for (let i = 0; i < values.length; i++) row.push(values[i](item, view));
    return row;
  };
  return { columns: headings, rows: mapRows(items, rowOf) };
}

export function showRow(resource: ResourceSpec, item: Item, now: Date): ShowData {
  return { columns: resource.columns.map((c) => c.heading), values: resource.columns.map((c) => c.value(item, { listing: false, now })) };
}

/** `--filter key=value`, each with exactly one '='. */
export function filters(values: { filter: string[] | undefined }): QueryPairs {
  const given = values.filter ?? [];
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

/** A command's own values: those of its arguments and options. */
type OwnValues<A extends readonly ArgSpec[], O extends readonly OptionSpec[]> = ArgValues<A> & OptionValues<O>;

export interface ListOptions<A extends readonly ArgSpec[], O extends readonly OptionSpec[], P extends Pagination> {
  name: string;
  summary: string;
  pagination?: P;
  args?: A;
  options?: O;
  /** Sends `fields=` (the resource's listFields). */
  sendFields?: boolean;
  /** Query pairs between `fields` and the user's filters (e.g. execution-list's `nulls`). */
  before?(values: OwnValues<A, O>): QueryPairs;
  /** Query pairs after the filters (e.g. `namespace`, `task_execution_id`). */
  after?(values: OwnValues<A, O>): QueryPairs;
  /** Path below the resource's own, e.g. task-list of one execution. */
  path?(values: OwnValues<A, O>): { path: string; listKey: string } | undefined;
}

export function listCommand<const A extends readonly ArgSpec[] = [], const O extends readonly OptionSpec[] = [], const P extends Pagination = 'list'>(
  resource: ResourceSpec,
  o: ListOptions<A, O, P>,
): CommandSpec {
  return {
    name: o.name,
    summary: o.summary,
    kind: 'list',
    pagination: o.pagination ?? 'list',
    args: o.args,
    options: o.options,
    output: listOutput(resource),
    async run(ctx, values: ListFormatterValues & PaginationValues[P] & OwnValues<A, O>) {
      const query = listQuery<typeof values>(resource, o, values);
      const manager = await ctx.manager(o.path?.(values) ?? resource);
      const lazily = readsItemByItem(values.format ?? 'table', values.sort_column ?? []);
      let items = await manager.list(query.pairs, undefined, { lazily });
      if (query.reverse) items = items.reversed();
      return { list: listRows(resource, items, ctx.now) };
    },
  };
}

/** What the query is built from: the pagination values (execution lists add --oldest) and the list's own pairs. */
interface QuerySource<V> {
  pagination?: Pagination;
  sendFields?: boolean;
  before?(values: V): QueryPairs;
  after?(values: V): QueryPairs;
}

function listQuery<V extends ListPaginationValues & { oldest?: boolean }>(resource: ResourceSpec, o: QuerySource<V>, values: V): { pairs: QueryPairs; reverse: boolean } {
  const userFilters = filters(values);
  let sortDirs = values.sort_dirs;
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
export type ItemPath<V> = (id: string, values: V) => string[];

/**
 * An item command's own values: its one argument N (T: one id, or every id for a delete) and its
 * options. The builders' `run` states this type, which their ItemArg and options give.
 */
export type ItemValues<N extends string, T, O extends readonly OptionSpec[]> = { [K in N]: T } & OptionValues<O>;

/** The one argument of an item command: one word, always given (a delete makes it variadic itself). */
type ItemArg<N extends string> = ArgSpec & { name: N; optional?: false; variadic?: false };

/** A name of type `string` would make every key of ItemValues a value: the argument must be declared with a literal name. */
type LiteralArg<N extends string> = string extends N ? { arg: { name: 'an argument name of literal type (as const)' } } : unknown;

/** The manager for the item's parent path and the item's last segment. */
async function itemManager<V>(ctx: RunContext, resource: ResourcePath, id: string, values: V, itemPath?: ItemPath<V>): Promise<{ manager: ResourceManager; id: string }> {
  if (!itemPath) return { manager: await ctx.manager(resource), id };
  const segments = itemPath(id, values);
  const parents = segments.slice(0, -1).map((s) => `/${segment(s)}`).join('');
  return { manager: await ctx.manager({ path: `${resource.path}${parents}`, listKey: resource.listKey }), id: segments[segments.length - 1] };
}

export interface GetOptions<N extends string, O extends readonly OptionSpec[]> {
  name: string;
  summary: string;
  arg: ItemArg<N>;
  options?: O;
  query?(values: ItemValues<N, string, O>): QueryPairs;
  itemPath?: ItemPath<ItemValues<N, string, O>>;
}

/** The one item a get-like command names by its argument. */
async function fetchItem<N extends string, O extends readonly OptionSpec[]>(ctx: RunContext, resource: ResourceSpec, o: GetOptions<N, O>, values: ItemValues<N, string, O>): Promise<Item> {
  const { manager, id } = await itemManager(ctx, resource, values[o.arg.name], values, o.itemPath);
  return manager.get(id, o.query?.(values));
}

export function getCommand<const N extends string, const O extends readonly OptionSpec[] = []>(resource: ResourceSpec, o: GetOptions<N, O> & LiteralArg<N>): CommandSpec {
  return {
    name: o.name,
    summary: o.summary,
    kind: 'show',
    args: [o.arg],
    options: o.options,
    output: showOutput(resource),
    async run(ctx, values: ShowFormatterValues & ItemValues<N, string, O>) {
      return { show: showRow(resource, await fetchItem(ctx, resource, o, values), ctx.now) };
    },
  };
}

export interface DeleteOptions<N extends string, O extends readonly OptionSpec[]> {
  name: string;
  summary: string;
  arg: ItemArg<N>;
  options?: O;
  query?(values: ItemValues<N, string[], O>): QueryPairs;
  itemPath?: ItemPath<ItemValues<N, string[], O>>;
  success(id: string): string;
  failure: string;
}

/** `do_action_on_many`: each id in turn, progress and per-item errors on stdout, then one error if any failed. */
export function deleteCommand<const N extends string, const O extends readonly OptionSpec[] = []>(resource: ResourceSpec, o: DeleteOptions<N, O> & LiteralArg<N>): CommandSpec {
  return {
    name: o.name,
    summary: o.summary,
    kind: 'plain',
    args: [{ ...o.arg, variadic: true }],
    options: o.options,
    async run(ctx, values: ItemValues<N, string[], O>) {
      const ids = values[o.arg.name];
      // A name that cannot be a path segment is a usage error before anything is deleted.
      for (const id of ids) (o.itemPath?.(id, values) ?? [id]).forEach(segment);
      // Connect before the first item: a connection failure is one error, not one per item.
      const manager = await ctx.manager(resource);
      let failed = false;
      for (const id of ids) {
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

/** A JSON-text field pretty-printed with indent 4, raw when it is not JSON, a newline when empty. */
export function jsonFieldText(value: Json | undefined): string {
  const parsed = parsedJson(value);
  if (parsed) return `${pythonIndentedJson(parsed.json)}\n`;
  return value === undefined || value === null || value === '' ? '\n' : String(value);
}

export interface FieldOptions<N extends string, O extends readonly OptionSpec[]> extends GetOptions<N, O> {
  field: string;
  /** 'json': pretty-printed JSON text; 'raw': as-is (definitions). */
  as: 'json' | 'raw';
}

export function fieldCommand<const N extends string, const O extends readonly OptionSpec[] = []>(resource: ResourceSpec, o: FieldOptions<N, O> & LiteralArg<N>): CommandSpec {
  return {
    name: o.name,
    summary: o.summary,
    kind: 'plain',
    args: [o.arg],
    options: o.options,
    async run(ctx, values: ItemValues<N, string, O>) {
      const value = (await fetchItem(ctx, resource, o, values))[o.field];
      if (o.as === 'json') return { text: jsonFieldText(value) };
      return { text: typeof value === 'string' && value ? value : '\n' };
    },
  };
}

/** gh's name: opt in to an exit code that says how the thing went (the reference always exits 0). */
export const exitStatusOption = (what: string) => ({ flags: '--exit-status', dest: 'exit_status', help: `Exit with status 1 when ${what}.`, default: false }) as const satisfies OptionSpec;

const VALIDATION_COLUMNS = ['Valid', 'Error'];

export function validateCommand(resource: ResourceSpec, o: { name: string; summary: string; help: string }): CommandSpec {
  return defineCommand({
    name: o.name,
    summary: o.summary,
    kind: 'show',
    args: [{ name: 'definition', help: o.help, file: true }],
    options: [exitStatusOption('the definition is not valid')],
    output: () => ({ columns: VALIDATION_COLUMNS }),
    async run(ctx, values) {
      const text = requireText(values.definition, resource, 'definition');
      // Validating stores nothing, so this POST may be sent again.
      const result = (await (await ctx.manager(resource)).create({ text, idempotent: true }, 'validate', 200)) as Item;
      const exitCode = values.exit_status && result?.valid !== true ? 1 : 0;
      return { show: { columns: VALIDATION_COLUMNS, values: [cell(result?.valid), cell(result?.error)] }, exitCode };
    },
  });
}

export interface UploadOptions<N extends string, O extends readonly OptionSpec[]> {
  name: string;
  summary: string;
  /** create: POST, 201; update: PUT, 200. */
  method: 'create' | 'update';
  /** The definition file argument. */
  arg: ItemArg<N>;
  options?: O;
  /**
   * 'show': the answer is one item; 'list': the answer is `{<listKey>: [...]}`, printed as a list
   * (these are MistralListers in the reference and carry its unused pagination options).
   */
  output: 'show' | 'list';
  query(values: ItemValues<N, string, O>): QueryPairs;
  /** update: PUT `<resource>/<id>` instead of the collection when this gives an id. */
  id?(values: ItemValues<N, string, O>): string | undefined;
}

/** Create or update from a definition file, sent as text/plain (workflows, workbooks, actions). */
export function uploadCommand<const N extends string, const O extends readonly OptionSpec[] = []>(resource: ResourceSpec, o: UploadOptions<N, O> & LiteralArg<N>): CommandSpec {
  return {
    name: o.name,
    summary: o.summary,
    kind: o.output,
    ...(o.output === 'list' ? { pagination: 'list' as const } : {}),
    args: [{ ...o.arg, file: true }],
    options: o.options,
    output: o.output === 'show' ? showOutput(resource) : listOutput(resource),
    async run(ctx, values: ItemValues<N, string, O>) {
      const text = requireText(values[o.arg.name], resource, 'definition');
      const manager = await ctx.manager(resource);
      const send = { text, query: o.query(values) };
      const body = o.method === 'create' ? await manager.create(send) : await manager.update(send, o.id?.(values));
      if (o.output === 'show') return { show: showRow(resource, asItem(body), ctx.now) };
      // workflow-update --id answers with the one workflow, not a list (the reference wraps it).
      const single = isMapping(body) && !(resource.listKey in body);
      return { list: listRows(resource, single ? [asItem(body)] : itemsOf(body, resource.listKey), ctx.now) };
    },
  };
}

/** `--max-depth [N]` of the report and sub-execution commands. */
export const maxDepthOption = {
  flags: '--max-depth [MAX_DEPTH]',
  dest: 'max_depth',
  int: true,
  default: -1,
  help: 'Maximum depth of the workflow execution tree. If 0, only the root workflow execution and its tasks will be included',
} as const satisfies OptionSpec;

/**
 * execution-get-sub-executions and task-get-sub-executions: `<parent>/<id>/executions`, listed
 * with the execution columns, no pagination and no reversal.
 */
export function subExecutionsCommand(parent: ResourcePath, executions: ResourceSpec, o: { name: string; summary: string }): CommandSpec {
  return defineCommand({
    name: o.name,
    summary: o.summary,
    kind: 'list',
    args: [{ name: 'id', help: 'origin id', complete: parent === executions ? 'execution' : 'task' }],
    options: [
      { flags: '--errors-only', dest: 'errors_only', help: 'Only error paths will be included.', default: false },
      maxDepthOption,
    ],
    output: listOutput(executions),
    async run(ctx, values) {
      // The answer's list is `executions` whatever the parent.
      const manager = await ctx.manager({ path: parent.path, listKey: executions.listKey });
      // Hand-built in the reference: errors_only is sent empty when not set.
      const query: QueryPairs = [['max_depth', String(values.max_depth ?? -1)], ['errors_only', values.errors_only ? 'True' : '']];
      return { list: listRows(executions, await manager.list(query, `${segment(values.id)}/executions`), ctx.now) };
    },
  });
}

/** `--namespace [NAMESPACE]` as every command declares it. */
export function namespaceOption(help: string, { defaultEmpty = true } = {}): { flags: '--namespace [NAMESPACE]'; help: string; default?: '' } {
  // Some commands default to '' (sent as `namespace=`), others to None (not sent at all).
  return { flags: '--namespace [NAMESPACE]', help, ...(defaultEmpty ? { default: '' } : {}) };
}

export const publicOption = { flags: '--public', help: 'With this flag the resource will be marked as "public".', default: false } as const satisfies OptionSpec;

export function scope(values: { public: boolean }): string {
  return values.public ? 'public' : 'private';
}

/** The value namespaceOption declares: '' or absent by default, null given bare. */
export type NamespaceValues = { namespace: string | null | undefined };

/** A namespace option value as the reference sends it: '' stays '', a bare flag means ''. */
export function namespace(values: NamespaceValues): string | undefined {
  const ns = values.namespace;
  return ns === undefined || ns === null ? undefined : String(ns);
}

/** `namespace=<ns>` in the query, `namespace=` when none is given (the reference's `namespace=''` default). */
export function alwaysNamespace(values: NamespaceValues): QueryPairs {
  return [['namespace', namespace(values) ?? '']];
}

/** A namespace the reference sends only when non-empty (`if namespace:`). */
export function namespaceIfSet(values: NamespaceValues): string | undefined {
  return namespace(values) || undefined;
}

export type { RunContext };
