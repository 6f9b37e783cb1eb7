// The shape of a command table entry. Every one of the reference's 75 commands is one of these:
// its arguments and options as data, and a `run` that turns parsed input into a request and the
// answer into rows (or text). The engine does parsing, help, connection, output and errors.
import type { Item } from '../api/client.js';
import type { ResourceManager, ResourcePath } from '../api/manager.js';
import type { Cell, CsvQuote, ListData, ShowData } from '../output/types.js';
import type { Configuration } from '../settings/gather.js';
import type { ProgressLine, Terminal } from '../terminal/terminal.js';

/** list → Lister formatters; show → ShowOne formatters; plain → raw text, no formatter options. */
export type CommandKind = 'list' | 'show' | 'plain';

/**
 * What shell completion offers for a value (`mistral completion`): files; the cloud names of the
 * clouds.yaml found; workflow names, execution ids, task ids or environment names from the server
 * (only with MISTRAL_COMPLETE_REMOTE=1); or these words, offered but not enforced, unlike
 * `choices` (--sort_dirs takes a comma-separated list of them).
 */
export type ValueCompletion = 'file' | 'cloud' | 'workflow' | 'execution' | 'task' | 'environment' | readonly string[];

export interface ArgSpec {
  name: string;
  help: string;
  optional?: boolean;
  variadic?: boolean;
  /** argparse FileType('r'): the engine reads the file ('-' = stdin) and passes its text. Completion offers files. */
  file?: boolean;
  /** What completion offers when it is not `file` (e.g. JSON text or a JSON file: 'file'). */
  complete?: ValueCompletion;
}

export interface OptionSpec {
  /** commander flags, e.g. '-d, --description <DESCRIPTION>' or '--namespace [NAMESPACE]' ([X] = value optional). */
  flags: string;
  help: string;
  default?: string | boolean | number;
  choices?: readonly string[];
  int?: boolean;
  /** A number, fractions allowed (seconds). */
  number?: boolean;
  /** action='append' */
  repeat?: boolean;
  hidden?: boolean;
  /** argparse dest when it differs from the long flag with '-' → '_' (the key its value has, see OptionKey). */
  dest?: string;
  /** store_false into `dest` */
  negate?: boolean;
  /** What completion offers for the value besides `choices`. */
  complete?: ValueCompletion;
}

/** Pagination options of MistralLister ('list') and MistralExecutionLister ('execution': limit 100, --oldest). */
export type Pagination = 'list' | 'execution';

/** The values as the engine holds them, each under its argparse dest; a command reads them as ValuesOf its declarations. */
export type Values = Record<string, unknown>;

/** 'max-width' → 'max_width'. */
type Snake<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}_${Snake<Tail>}` : S;
/** '-d, --description <DESCRIPTION>' → 'description'. */
type LongName<F extends string> = F extends `${string}--${infer Rest}` ? (Rest extends `${infer Name} ${string}` ? Name : Rest) : never;
/** An option's key, as python-mistralclient's `parsed_args.<key>`: its dest, else its long flag with '-' → '_'. */
export type OptionKey<O extends OptionSpec> = O extends { dest: infer D extends string } ? D : Snake<LongName<O['flags']>>;

type Scalar<O extends OptionSpec> = O extends { choices: readonly (infer C)[] } ? C : O extends { int: true } | { number: true } ? number : string;
/** Without a default an option not given is undefined. */
type Defaulted<O extends OptionSpec, T> = O extends { default: unknown } ? T : T | undefined;
/**
 * `<X>` takes a value (a list of them with `repeat`); `[X]` may be given bare, which the engine
 * maps to null (argparse nargs='?'); no value at all is a boolean flag. A `negate` flag shares
 * its dest with the flag it negates, whose default stands when neither is given.
 */
export type OptionValue<O extends OptionSpec> = O extends { negate: true }
  ? boolean
  : O['flags'] extends `${string}<${string}>`
    ? Defaulted<O, O extends { repeat: true } ? Scalar<O>[] : Scalar<O>>
    : O['flags'] extends `${string}[${string}]`
      ? Defaulted<O, Scalar<O> | null>
      : Defaulted<O, boolean>;
/** A key that is only `string` (a declaration that lost its literal type) gives no value at all, so reading it fails. */
type Literal<K extends string> = string extends K ? never : K;
/** Per list of options: a command that declares one list or another (create or update) has the values of one or the other. */
export type OptionValues<Options extends readonly OptionSpec[]> = Options extends unknown ? { [O in Options[number] as Literal<OptionKey<O>>]: OptionValue<O> } : never;

/** An argument's key is its name; a variadic one holds every word, an optional one may be undefined. */
export type ArgValue<A extends ArgSpec> = A extends { variadic: true } ? string[] : A extends { optional: true } ? string | undefined : string;
export type ArgValues<Args extends readonly ArgSpec[]> = Args extends unknown ? { [A in Args[number] as Literal<A['name']>]: ArgValue<A> } : never;

/** The formatter options the engine adds to every list and show command (engine.ts formatterOptions). */
type FormatterValues = { format: string; column: string[] | undefined; noindent: boolean; max_width: number; fit_width: boolean; print_empty: boolean };
export type ListFormatterValues = FormatterValues & { quote: CsvQuote; sort_column: string[] | undefined; sort_ascending: boolean; sort_descending: boolean };
export type ShowFormatterValues = FormatterValues & { prefix: string; variable: string[] | undefined };
/** The pagination options of MistralLister (engine.ts paginationOptions). */
export type ListPaginationValues = { marker: string | null; limit: number | null | undefined; sort_keys: string | null; sort_dirs: string | null; filter: string[] | undefined };
/** MistralExecutionLister's: limit 100 by default, and --oldest. */
export type ExecutionPaginationValues = ListPaginationValues & { limit: number | null; oldest: boolean };

type KindValues<K extends CommandKind> = K extends 'list' ? ListFormatterValues : K extends 'show' ? ShowFormatterValues : {};
/** By pagination kind; a lookup rather than a conditional, so a builder generic in it can still read `marker`. */
export type PaginationValues = { list: ListPaginationValues; execution: ExecutionPaginationValues };

/** The values a command's `run` reads: what its kind and pagination add, then its own arguments and options. */
export type ValuesOf<K extends CommandKind, Args extends readonly ArgSpec[], Options extends readonly OptionSpec[], P extends Pagination | undefined = undefined> =
  KindValues<K> & (P extends Pagination ? PaginationValues[P] : {}) & ArgValues<Args> & OptionValues<Options>;

/** One cloud a command acts on: the home cloud alone, or one target cloud (`index` into the session's targets). */
export interface CloudRef {
  /** -1: no target; else the target's index. */
  index: number;
  /** "home cloud", "target cloud", "target cloud 'stack-b'" */
  label: string;
  /** The clouds.yaml name of the target, or its label. */
  name: string;
}

/** The home cloud alone: requests without any target header. */
export const HOME_CLOUD: CloudRef = { index: -1, label: 'home cloud', name: 'home' };

export interface RunContext {
  /** The generic manager for a resource, acting on `cloud` (default: the only target, else home); connects on first use. */
  manager(resource: ResourcePath, cloud?: CloudRef): Promise<ResourceManager>;
  /** The clouds a command acts on: one per target cloud, or the home cloud alone. Connects (and authenticates every cloud) first. */
  clouds(): Promise<CloudRef[]>;
  /**
   * The project a command acts in: with a target cloud the target token's (Mistral acts there),
   * else the home token's, else --os-project-id, else '' (members default to it).
   */
  projectId(): Promise<string>;
  /** Every setting with its source; gathered once. */
  configuration(): Promise<Configuration>;
  /** The time at the start of the command (durations are computed against it). */
  now: Date;
  /** The time now. */
  clock(): Date;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Handles Ctrl-C, SIGTERM and SIGHUP (named to the handler) instead of ending the process, until the returned function is called. */
  onInterrupt(handler: (signal?: string) => void): () => void;
  /** What stderr may carry (live redraws, colour). */
  terminal: Terminal;
  /** -q: no progress, no warnings. */
  quiet: boolean;
  /** Progress on stderr (nothing with -q): a whole line, or (live terminals only) a line redrawn in place, its spans coloured. */
  progress(line: ProgressLine, options?: { live?: boolean }): void;
  /** `mistral: warning: <line>` on stderr, unless -q. */
  warn(line: string): void;
  /** `mistral: <line>` on stderr, always: what went wrong for one of several items. */
  report(line: string): void;
  /** Where relative file arguments are read from. */
  cwd: string;
  /** Standard input, for '-' and /dev/stdin arguments. */
  readStdin(): Promise<string>;
  /** Plain commands print per-item progress (delete-many) through this. */
  print(text: string): void;
  /** Every command of the program (bash-completion and completion list them). */
  commands: CommandSpec[];
  /** Where the token cache keeps its files ($XDG_CACHE_HOME/mistral/auth); undefined: nowhere absolute, the cache is off. */
  tokenCacheDirectory: string | undefined;
}

/**
 * What a list or show command will print, known before any request: its columns, and `rows` when a
 * show command prints one row per cloud instead (execution-create on several target clouds).
 */
export interface OutputShape {
  columns: readonly string[];
  rows?: boolean;
}

/** A result may carry its exit code (wait: 1 for a failed execution, 3 for a timeout). */
export type CommandResult = ({ list: ListData } | { show: ShowData } | { text: string }) & { exitCode?: number };

export interface CommandSpec {
  name: string;
  summary: string;
  kind: CommandKind;
  args?: readonly ArgSpec[];
  options?: readonly OptionSpec[];
  pagination?: Pagination;
  /** True for commands that never talk to Mistral (bash-completion, configuration-show). */
  offline?: boolean;
  /** Not listed in help (the completion protocol's __complete). */
  hidden?: boolean;
  /** Accepts several --os-target-cloud (execution-create, execution-wait); others refuse them. */
  fanOut?: boolean;
  /**
   * What a list or show command prints, given its values and the number of target clouds (0: the
   * home cloud alone), so that -f and -c are checked before the first request (a write must not
   * take effect and then fail on a column name); undefined: -f and -c do not apply (run-action
   * printing the action's raw output).
   */
  output?(values: Values, targets: number): OutputShape | undefined;
  /**
   * The engine passes every value; a command's own `run` takes the narrower ValuesOf its
   * declarations (a method, so its parameter is compared bivariantly: that is where the type is
   * erased). `object`, so a `run` typed by nothing else cannot read a key at all.
   */
  run(ctx: RunContext, values: object): Promise<CommandResult>;
}

/** A command as declared: the `run` of a kind K, with arguments A, options O and pagination P, reads ValuesOf them. */
export interface CommandDeclaration<K extends CommandKind, A extends readonly ArgSpec[], O extends readonly OptionSpec[], P extends Pagination | undefined>
  extends Omit<CommandSpec, 'kind' | 'args' | 'options' | 'pagination' | 'run' | 'output'> {
  kind: K;
  args?: A;
  options?: O;
  pagination?: P;
  run(ctx: RunContext, values: ValuesOf<K, A, O, P>): Promise<CommandResult>;
  output?(values: ValuesOf<K, A, O, P>, targets: number): OutputShape | undefined;
}

/** A table entry whose `run` receives the values its own declarations describe (literal types kept by `const`). */
export function defineCommand<
  const K extends CommandKind,
  const A extends readonly ArgSpec[] = [],
  const O extends readonly OptionSpec[] = [],
  const P extends Pagination | undefined = undefined,
>(declaration: CommandDeclaration<K, A, O, P>): CommandSpec {
  return declaration;
}

/** A resource's table: where it lives and how an item becomes a row. */
export interface ResourceSpec extends ResourcePath {
  /** Singular noun used in messages, e.g. 'workflow', 'execution'. */
  noun: string;
  columns: ColumnSpec[];
  /** `fields=` sent by its list command (the non-synthetic columns), when the reference sends it. */
  listFields?: string[];
}

export interface ColumnSpec {
  heading: string;
  /** The cell; `listing` is true in list output, where some fields are cut. */
  value(item: Item, view: { listing: boolean; now: Date }): Cell;
  /** Only in show output (e.g. action-execution State info). */
  showOnly?: boolean;
}
