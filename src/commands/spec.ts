// The shape of a command table entry. Every one of the reference's 75 commands is one of these:
// its arguments and options as data, and a `run` that turns parsed input into a request and the
// answer into rows (or text). The engine does parsing, help, connection, output and errors.
import type { Item } from '../api/client.js';
import type { ResourceManager, ResourcePath } from '../api/manager.js';
import type { Cell, ListData, ShowData } from '../output/types.js';
import type { Configuration } from '../settings/gather.js';
import type { ProgressLine, Terminal } from '../terminal/terminal.js';

/** list → Lister formatters; show → ShowOne formatters; plain → raw text, no formatter options. */
export type CommandKind = 'list' | 'show' | 'plain';

/**
 * What shell completion offers for a value (`mistral completion`): files; workflow names or
 * execution ids from the server (only with MISTRAL_COMPLETE_REMOTE=1); or these words, offered but
 * not enforced, unlike `choices` (--sort_dirs takes a comma-separated list of them).
 */
export type ValueCompletion = 'file' | 'workflow' | 'execution' | readonly string[];

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
  choices?: string[];
  int?: boolean;
  /** A number, fractions allowed (seconds). */
  number?: boolean;
  /** action='append' */
  repeat?: boolean;
  hidden?: boolean;
  /** argparse dest when it differs from the flag name. */
  dest?: string;
  /** store_false into `dest` */
  negate?: boolean;
  /** What completion offers for the value besides `choices`. */
  complete?: ValueCompletion;
}

/** Pagination options of MistralLister ('list') and MistralExecutionLister ('execution': limit 100, --oldest). */
export type Pagination = 'list' | 'execution';

export type Values = Record<string, unknown>;

/** One cloud a command acts on: the home cloud alone, or one target cloud (`index` into the session's targets). */
export interface CloudRef {
  /** -1: no target; else the target's index. */
  index: number;
  /** "home cloud", "target cloud", "target cloud 'stack-b'" */
  label: string;
  /** The clouds.yaml name of the target, or its label. */
  name: string;
}

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
  /** Handles Ctrl-C instead of ending the process, until the returned function is called. */
  onInterrupt(handler: () => void): () => void;
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

/** A result may carry its exit code (wait: 1 for a failed execution, 3 for a timeout). */
export type CommandResult = ({ list: ListData } | { show: ShowData } | { text: string }) & { exitCode?: number };

export interface CommandSpec {
  name: string;
  summary: string;
  kind: CommandKind;
  args?: ArgSpec[];
  options?: OptionSpec[];
  pagination?: Pagination;
  /** True for commands that never talk to Mistral (bash-completion, configuration-show). */
  offline?: boolean;
  /** Not listed in help (the completion protocol's __complete). */
  hidden?: boolean;
  /** Accepts several --os-target-cloud (execution-create, execution-wait); others refuse them. */
  fanOut?: boolean;
  run(ctx: RunContext, values: Values): Promise<CommandResult>;
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
