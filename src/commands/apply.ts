// workflow-apply, workbook-apply, action-apply, environment-apply (README "CI"): this client's own.
// Each definition file's objects are created when absent, updated when they differ from the
// server's and left alone, with no write request at all, when they are equal; one row per object
// says which. One verb over the resource tables; each kind below says how its file names its
// objects, what "equal" means for it and which writes bring the server to the file.
import { readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Item, Json } from '../api/client.js';
import { asItem, itemsOf, segment, type ResourceManager } from '../api/manager.js';
import type { QueryPairs } from '../api/query.js';
import { nodeCrypto } from '../builtins.js';
import { CliError, InputError, UsageError } from '../errors.js';
import { aliasBombError, readFileLimited, YAML_OPTIONS } from '../files.js';
import { parsedJson, pythonJson } from '../output/json-text.js';
import type { Cell } from '../output/types.js';
import { isMapping } from '../values.js';
import { actions } from './actions.js';
import { cell } from './cells.js';
import { environments, loadEnvironment } from './environments.js';
import { isEmptyValue } from './input.js';
import { defineCommand, type CommandResult, type CommandSpec, type ResourceSpec, type RunContext } from './spec.js';
import { namespace, namespaceOption, publicOption } from './verbs.js';
import { workbooks } from './workbooks.js';
import { workflows } from './workflows.js';

/** What happened to one object. A dry run shows the same words: what a real run would do. */
export type ApplyResult = 'created' | 'updated' | 'unchanged' | 'failed';

/** What the command line asks for every object: its namespace and scope. */
interface Wanted {
  namespace: string;
  scope: 'public' | 'private';
}

/** One definition file as read: the name it is shown by, and its text. */
interface Source {
  file: string;
  text: string;
}

/** One object a file defines. */
interface Desired {
  name: string;
  /** The YAML data of the object (workflows, actions) or the environment's fields. */
  data?: unknown;
}

/** The objects of one file, and what the kind needs to write them. */
interface Parsed {
  objects: Desired[];
  /** The file's YAML data (definition kinds), for cutting a subset of its objects out of it. */
  document?: Record<string, unknown>;
  /** The JSON body of an environment. */
  body?: Record<string, unknown>;
}

/** One write: POST (create) or PUT (update) of a text or a body, for the objects it names. */
interface Write {
  method: 'create' | 'update';
  names: string[];
  text?: string;
  body?: Record<string, unknown>;
}

interface Plan {
  source: Source;
  parsed: Parsed;
  absent: string[];
  differing: string[];
}

interface ApplyKind {
  name: string;
  summary: string;
  resource: ResourceSpec;
  /** The file names a directory argument contributes. */
  extensions: readonly string[];
  /** Takes --namespace and --public as the kind's create command does. */
  definition: boolean;
  /** `cwd`: where an environment file's `file:` key is read from. */
  parse(source: Source, cwd: string): Promise<Parsed>;
  fetch(manager: ResourceManager, ctx: RunContext, name: string, wanted: Wanted): Promise<Item | undefined>;
  equal(source: Source, parsed: Parsed, object: Desired, current: Item, wanted: Wanted): boolean | Promise<boolean>;
  writes(plan: Plan): Write[];
  query(method: Write['method'], wanted: Wanted): QueryPairs;
  /** The objects a write's answer holds, by name. */
  answered(body: Json): Item[];
}

/** YAML as Mistral (PyYAML's safe_load) reads it: YAML 1.1, merge keys; an alias bomb is refused. */
async function parseYaml(text: string, where: string): Promise<unknown> {
  const { parse } = await import('yaml');
  try {
    return parse(text, { ...YAML_OPTIONS, version: '1.1' });
  } catch (error) {
    throw aliasBombError(error, where) ?? new InputError(`${where}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

/**
 * A workflow or action list: every top-level key but `version` is one object (Mistral's
 * WorkflowListSpec and ActionListSpec read it so).
 */
async function parseList(source: Source, noun: string): Promise<Parsed> {
  const document = await parseYaml(source.text, source.file);
  if (!isMapping(document)) throw new InputError(`${source.file}: not a ${noun} definition (a YAML mapping of ${noun}s)`);
  const objects = Object.keys(document).filter((key) => key !== 'version').map((name) => ({ name, data: document[name] }));
  if (!objects.length) throw new InputError(`${source.file}: defines no ${noun}`);
  return { objects, document };
}

/** The text that defines only `names` of the file: the file itself when that is all of them, else `version` and those objects. */
async function textFor(plan: Plan, names: string[]): Promise<string> {
  const { document, objects } = plan.parsed;
  if (names.length === objects.length || !document) return plan.source.text;
  const { stringify } = await import('yaml');
  const cut: Record<string, unknown> = 'version' in document ? { version: document.version } : {};
  for (const name of names) cut[name] = document[name];
  return stringify(cut, { version: '1.1' });
}

const md5 = (text: string) => nodeCrypto().createHash('md5').update(text, 'utf8').digest('hex');

/** The workflow's definition as Mistral stores it from a file of several: its own YAML dump of `version` and that workflow. */
async function sameWorkflowData(stored: string, parsed: Parsed, name: string): Promise<boolean> {
  let data: unknown;
  try {
    data = await parseYaml(stored, `the stored definition of ${name}`);
  } catch {
    return false;
  }
  const version = parsed.document?.version;
  return isMapping(data) && isDeepStrictEqual(data, { ...(version === undefined ? {} : { version }), [name]: parsed.document?.[name] });
}

/** What every kind's table entry starts with: its command, summary and resource. */
function kindOf(resource: ResourceSpec, what: string, o: { extensions?: readonly string[]; definition?: boolean } = {}) {
  return {
    name: `${resource.noun}-apply`,
    summary: `Create or update the ${what}; leave the equal ones alone (no request writes them).`,
    resource,
    extensions: o.extensions ?? ['.yaml', '.yml'],
    definition: o.definition ?? true,
  };
}

/** Equal for an object stored with the file's text as its definition: that text, and the scope asked for. */
const sameTextAndScope: ApplyKind['equal'] = (source, _parsed, _object, current, wanted) => current.scope === wanted.scope && current.definition === source.text;

/** The scope, then the namespace when one is given (workbook-create, action-create). */
const scopeThenNamespace: ApplyKind['query'] = (_method, wanted) => [['scope', wanted.scope], ['namespace', wanted.namespace || undefined]];

const workflowKind: ApplyKind = {
  ...kindOf(workflows, 'workflows of definition files'),
  parse: (source) => parseList(source, 'workflow'),
  fetch: (manager, _ctx, name, wanted) => manager.find(name, [['namespace', wanted.namespace]]),
  async equal(source, parsed, object, current, wanted) {
    if (current.scope !== wanted.scope) return false;
    const stored = typeof current.definition === 'string' ? current.definition : '';
    // A file of one workflow is stored as it is; Mistral 18+ also sends a `checksum` of the
    // stored text (32 hex digits, alembic migration 043_add_checksum_to_wf_definition): taken
    // as its MD5 when it is ours, else the texts decide.
    if (parsed.objects.length === 1) return (typeof current.checksum === 'string' && current.checksum === md5(source.text)) || stored === source.text;
    return sameWorkflowData(stored, parsed, object.name);
  },
  // Only the workflows that need it: absent ones created, differing ones updated, equal ones not touched.
  writes: (plan) => [
    ...(plan.absent.length ? [{ method: 'create' as const, names: plan.absent }] : []),
    ...(plan.differing.length ? [{ method: 'update' as const, names: plan.differing }] : []),
  ],
  // As workflow-create and workflow-update send them.
  query: (method, wanted) => (method === 'create'
    ? [['scope', wanted.scope], ['namespace', wanted.namespace]]
    : [['namespace', wanted.namespace], ['scope', wanted.scope]]),
  answered: (body) => itemsOf(body, workflows.listKey),
};

const actionKind: ApplyKind = {
  ...kindOf(actions, 'ad-hoc actions of definition files'),
  parse: (source) => parseList(source, 'action'),
  // `/actions/<name>/<namespace>`; Mistral answers an action of the default namespace when the
  // namespace has none (db api get_action_definition), which is not this namespace's.
  async fetch(manager, ctx, name, wanted) {
    const parent = await ctx.manager({ path: `${actions.path}/${segment(name)}`, listKey: actions.listKey });
    const item = await parent.find(wanted.namespace);
    return item && (item.namespace ?? '') === wanted.namespace ? item : item?.is_system ? item : undefined;
  },
  // Every action of a file is stored with the whole file as its definition (services/adhoc_actions.py).
  equal: sameTextAndScope,
  // One POST of the absent ones (all of them: the file); when some existed, one PUT of the whole
  // file, which updates every action of it, so each ends up with the whole file as its definition.
  writes(plan) {
    const all = plan.parsed.objects.length;
    if (plan.absent.length === all) return [{ method: 'create', names: plan.absent }];
    return [
      ...(plan.absent.length ? [{ method: 'create' as const, names: plan.absent }] : []),
      { method: 'update', names: plan.differing, text: plan.source.text },
    ];
  },
  // action-update of the reference sends no namespace; Mistral's PUT takes one, and needs it to
  // find an action outside the default namespace.
  query: scopeThenNamespace,
  answered: (body) => itemsOf(body, actions.listKey),
};

const workbookKind: ApplyKind = {
  ...kindOf(workbooks, 'workbooks of definition files'),
  async parse(source) {
    const document = await parseYaml(source.text, source.file);
    const name = isMapping(document) ? document.name : undefined;
    if (typeof name !== 'string' || !name) throw new InputError(`${source.file}: a workbook definition needs a name`);
    return { objects: [{ name }] };
  },
  fetch: (manager, _ctx, name, wanted) => manager.find(name, [['namespace', wanted.namespace || undefined]]),
  // A workbook is stored with its text as given (and Mistral makes its workflows and actions from it).
  equal: sameTextAndScope,
  writes: (plan) => (plan.absent.length ? [{ method: 'create', names: plan.absent }] : [{ method: 'update', names: plan.differing }]),
  // As workbook-create and workbook-update send them.
  query: scopeThenNamespace,
  answered: (body) => [asItem(body)],
};

/** An environment's variables as JSON data: the API may send them as JSON text. */
function variablesOf(value: Json | undefined): unknown {
  const parsed = parsedJson(value);
  return parsed ? parsed.json : value;
}

const environmentKind: ApplyKind = {
  ...kindOf(environments, 'environments of JSON or YAML files', { extensions: ['.yaml', '.yml', '.json'], definition: false }),
  async parse(source, cwd) {
    const data = await loadEnvironment(source.text, cwd);
    if (typeof data.name !== 'string' || !data.name) throw new InputError(`${source.file}: an environment needs a name`);
    if (isEmptyValue(data.variables)) throw new InputError(`${source.file}: environment ${data.name} has no variables`);
    // As environment-create sends it: the variables as JSON text.
    const body = { ...data, ...(isMapping(data.variables) ? { variables: pythonJson(data.variables) } : {}) };
    return { objects: [{ name: data.name, data }], body };
  },
  fetch: (manager, _ctx, name) => manager.find(name),
  // The fields the file gives, as an update would set them; one it leaves out stays as it is.
  equal(_source, _parsed, object, current) {
    const data = object.data as Record<string, unknown>;
    if ('description' in data && (data.description ?? null) !== (current.description ?? null)) return false;
    if ('scope' in data && data.scope !== current.scope) return false;
    return isDeepStrictEqual(variablesOf(current.variables), data.variables);
  },
  writes: (plan) => [plan.absent.length ? { method: 'create', names: plan.absent, body: plan.parsed.body } : { method: 'update', names: plan.differing, body: plan.parsed.body }],
  query: () => [],
  answered: (body) => [asItem(body)],
};

export const APPLY_KINDS: readonly ApplyKind[] = [workflowKind, workbookKind, actionKind, environmentKind];

/** The files an argument stands for: itself, or a directory's definition files (not hidden ones), sorted. */
function expandArgument(arg: string, kind: ApplyKind, cwd: string): string[] {
  if (arg === '-') return [arg];
  const path = resolve(cwd, arg);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (error as Error).message;
    throw new UsageError(`argument files: can't open '${arg}': ${reason}`);
  }
  if (!isDirectory) return [arg];
  // By UTF-16 code unit, as the command list is sorted: the same order in every locale.
  const names = readdirSync(path)
    .filter((name) => !name.startsWith('.') && kind.extensions.includes(extname(name).toLowerCase()) && statSync(join(path, name)).isFile())
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (!names.length) throw new UsageError(`argument files: no definition files (${kind.extensions.map((e) => `*${e}`).join(', ')}) in directory '${arg}'`);
  return names.map((name) => join(arg, name));
}

/** Every file, read before any request: a file that cannot be read is a usage error and nothing is applied. */
async function readSources(args: string[], kind: ApplyKind, ctx: RunContext): Promise<Source[]> {
  const files = args.flatMap((arg) => expandArgument(arg, kind, ctx.cwd));
  if (files.filter((f) => f === '-').length > 1) throw new UsageError("argument files: '-' (standard input) given more than once");
  const sources: Source[] = [];
  for (const file of files) {
    if (file === '-') {
      sources.push({ file, text: await ctx.readStdin() });
      continue;
    }
    try {
      sources.push({ file, text: readFileLimited(resolve(ctx.cwd, file), 'input', `argument files: '${file}'`).toString('utf8') });
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new UsageError(`argument files: can't open '${file}': ${(error as Error).message}`);
    }
  }
  return sources;
}

interface Row {
  name: string;
  result: ApplyResult;
  file: string;
  item?: Item;
}

/** Why an object found on the server is not one apply may change. */
function notOurs(noun: string, item: Item, project: string): string | undefined {
  if (item.is_system === true) return `a system ${noun}, which apply never changes`;
  const owner = typeof item.project_id === 'string' ? item.project_id : '';
  if (project && owner && owner !== project) return `project ${owner}'s (${String(item.scope)}), not this project's (${project}): apply changes only its own project's ${noun}s`;
  return undefined;
}

/** What a run is given besides its files. */
interface RunState {
  ctx: RunContext;
  manager: ResourceManager;
  wanted: Wanted;
  dryRun: boolean;
  /** The project objects must belong to ('' when unknown). */
  project: string;
  /** Each object's name and the file that defined it first in this run. */
  seen: Map<string, string>;
}

/** What one file asks of the server, and its rows; writes nothing in a dry run. */
async function applyFile(kind: ApplyKind, run: RunState, source: Source): Promise<Row[]> {
  const { ctx, manager, wanted } = run;
  const noun = kind.resource.noun;
  const fail = (name: string, message: string, item?: Item): Row => {
    ctx.report(`${source.file}: ${name ? `${noun} ${name}: ` : ''}${message}`);
    return { name, result: 'failed', file: source.file, item };
  };
  /** Every object of the file fails: `first` for the cause, the others "not applied". */
  const failAll = (objects: Desired[], first: string, message: string, items?: Map<string, Item | undefined>): Row[] =>
    objects.map((o) => fail(o.name, o.name === first ? message : 'not applied (see above)', items?.get(o.name)));
  let parsed: Parsed;
  try {
    parsed = await kind.parse(source, ctx.cwd);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    const prefix = `${source.file}: `;
    return [fail('', error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message)];
  }
  // The same object in two files of one run would be written back and forth.
  const twice = parsed.objects.find((o) => run.seen.has(o.name));
  if (twice) return failAll(parsed.objects, twice.name, `also defined by ${run.seen.get(twice.name)}; nothing of this file was applied`);
  for (const o of parsed.objects) run.seen.set(o.name, source.file);

  const current = new Map<string, Item | undefined>();
  const differing: string[] = [];
  try {
    for (const object of parsed.objects) {
      const item = await kind.fetch(manager, ctx, object.name, wanted);
      const refusal = item && notOurs(noun, item, run.project);
      if (refusal) return failAll(parsed.objects, object.name, `${refusal}; nothing of this file was applied`, current);
      current.set(object.name, item);
      if (item && !(await kind.equal(source, parsed, object, item, wanted))) differing.push(object.name);
    }
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    return parsed.objects.map((o) => fail(o.name, error.message));
  }
  const absent = parsed.objects.filter((o) => !current.get(o.name)).map((o) => o.name);
  const rows = new Map<string, Row>(parsed.objects.map((o) => [o.name, { name: o.name, result: 'unchanged', file: source.file, item: current.get(o.name) }]));
  if (!absent.length && !differing.length) return [...rows.values()];

  // A definition Mistral would refuse changes nothing: it is validated first (which stores nothing).
  if (kind.definition) {
    try {
      const verdict = asItem(await manager.create({ text: source.text, idempotent: true }, 'validate', 200));
      if (verdict.valid !== true) {
        const reason = String(verdict.error ?? 'no reason given').split('\n')[0];
        return parsed.objects.map((o) => fail(o.name, `not valid, nothing was written: ${reason}`, current.get(o.name)));
      }
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      return parsed.objects.map((o) => fail(o.name, error.message, current.get(o.name)));
    }
  }
  const plan: Plan = { source, parsed, absent, differing };
  for (const write of kind.writes(plan)) {
    const result: ApplyResult = write.method === 'create' ? 'created' : 'updated';
    if (run.dryRun) {
      for (const name of write.names) rows.get(name)!.result = result;
      continue;
    }
    try {
      const send = { query: kind.query(write.method, wanted), ...(write.body ? { body: write.body } : { text: write.text ?? (await textFor(plan, write.names)) }) };
      const body = write.method === 'create' ? await manager.create(send) : await manager.update(send);
      for (const name of write.names) rows.get(name)!.result = result;
      // The answer's objects (a PUT of a whole action file answers every action of it).
      for (const item of kind.answered(body)) {
        const row = rows.get(String(item.name));
        if (row && row.result !== 'failed') row.item = item;
      }
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      for (const name of write.names) rows.set(name, fail(name, error.message, rows.get(name)!.item));
    }
  }
  return [...rows.values()];
}

const COLUMNS = ['Name', 'Namespace', 'Result', 'ID', 'Scope', 'File', 'Created at', 'Updated at'] as const;

function rowCells(kind: ApplyKind, row: Row, wanted: Wanted): Cell[] {
  // The server's fields as other commands show them (null is None); none yet: empty (a dry run's new object).
  const item = row.item;
  const server = (field: string): Cell => (item ? cell(item[field]) : '');
  const values: Record<(typeof COLUMNS)[number], Cell> = {
    Name: row.name,
    Namespace: item?.namespace === undefined ? wanted.namespace : cell(item.namespace),
    Result: row.result,
    ID: server('id'),
    Scope: item?.scope === undefined ? (kind.definition ? wanted.scope : '') : cell(item.scope),
    File: row.file,
    'Created at': server('created_at'),
    'Updated at': server('updated_at'),
  };
  return columnsOf(kind).map((c) => values[c]);
}

function columnsOf(kind: ApplyKind): Array<(typeof COLUMNS)[number]> {
  // Environments have no namespace.
  return COLUMNS.filter((c) => kind.definition || c !== 'Namespace');
}

const dryRunOption = { flags: '--dry-run', dest: 'dry_run', help: 'Show what would be created, updated or left unchanged, and write nothing.', default: false } as const;

/** The files argument: files, '-' or directories. */
function filesArg(kind: ApplyKind) {
  const noun = kind.resource.noun;
  const patterns = kind.extensions.map((e) => `*${e}`).join(', ');
  return { name: 'files', variadic: true, complete: 'file', help: `${noun[0].toUpperCase()}${noun.slice(1)} files, '-' (standard input) or directories (their ${patterns} files, sorted).` } as const;
}

/** The run itself, whatever the kind's options. */
async function applyAll(kind: ApplyKind, ctx: RunContext, files: string[], wanted: Wanted, dryRun: boolean): Promise<CommandResult> {
  const sources = await readSources(files, kind, ctx);
  // Connect before the first file: a connection failure is one error, not one per file.
  const manager = await ctx.manager(kind.resource);
  const run: RunState = { ctx, manager, wanted, dryRun, project: await ctx.projectId(), seen: new Map() };
  const rows: Row[] = [];
  for (const source of sources) rows.push(...(await applyFile(kind, run, source)));
  if (dryRun) ctx.warn('--dry-run: nothing was written; the rows say what a run would do');
  return {
    list: { columns: columnsOf(kind), rows: rows.map((row) => rowCells(kind, row, wanted)) },
    exitCode: rows.some((row) => row.result === 'failed') ? 1 : 0,
  };
}

function applyCommand(kind: ApplyKind): CommandSpec {
  const noun = kind.resource.noun;
  if (!kind.definition) {
    // An environment has no namespace, and its file holds its scope (as environment-create reads it).
    return defineCommand({
      name: kind.name,
      summary: kind.summary,
      kind: 'list',
      args: [filesArg(kind)],
      options: [dryRunOption],
      output: () => ({ columns: columnsOf(kind) }),
      run: (ctx, values) => applyAll(kind, ctx, values.files, { namespace: '', scope: 'private' }, values.dry_run),
    });
  }
  return defineCommand({
    name: kind.name,
    summary: kind.summary,
    kind: 'list',
    args: [filesArg(kind)],
    options: [
      namespaceOption(`Namespace of the ${noun}s.`),
      { ...publicOption, help: `With this flag the ${noun}s will be marked as "public" (without it, "private").` },
      dryRunOption,
    ],
    output: () => ({ columns: columnsOf(kind) }),
    run: (ctx, values) => applyAll(kind, ctx, values.files, { namespace: namespace(values) ?? '', scope: values.public ? 'public' : 'private' }, values.dry_run),
  });
}

export const applyCommands: CommandSpec[] = APPLY_KINDS.map(applyCommand);
