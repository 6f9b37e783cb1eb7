// The shape of a command table entry. Every one of the reference's 75 commands is one of these:
// its arguments and options as data, and a `run` that turns parsed input into a request and the
// answer into rows (or text). The engine does parsing, help, connection, output and errors.
import type { Item } from '../api/client.js';
import type { ResourceManager, ResourcePath } from '../api/manager.js';
import type { Cell, ListData, ShowData } from '../output/types.js';

/** list → Lister formatters; show → ShowOne formatters; plain → raw text, no formatter options. */
export type CommandKind = 'list' | 'show' | 'plain';

export interface ArgSpec {
  name: string;
  help: string;
  optional?: boolean;
  variadic?: boolean;
  /** argparse FileType('r'): the engine reads the file ('-' = stdin) and passes its text. */
  file?: boolean;
}

export interface OptionSpec {
  /** commander flags, e.g. '-d, --description <DESCRIPTION>' or '--namespace [NAMESPACE]' ([X] = value optional). */
  flags: string;
  help: string;
  default?: string | boolean | number;
  choices?: string[];
  int?: boolean;
  /** action='append' */
  repeat?: boolean;
  hidden?: boolean;
  /** argparse dest when it differs from the flag name. */
  dest?: string;
  /** store_false into `dest` */
  negate?: boolean;
}

/** Pagination options of MistralLister ('list') and MistralExecutionLister ('execution': limit 100, --oldest). */
export type Pagination = 'list' | 'execution';

export type Values = Record<string, unknown>;

export interface RunContext {
  /** The generic manager for a resource; the connection is made on first use. */
  manager(resource: ResourcePath): Promise<ResourceManager>;
  /** The caller's project: the home token's, else --os-project-id, else '' (members default to it). */
  projectId(): Promise<string>;
  now: Date;
  /** Where relative file arguments are read from. */
  cwd: string;
  /** Plain commands print per-item progress (delete-many) through this. */
  print(text: string): void;
}

export type CommandResult =
  | { list: ListData }
  | { show: ShowData }
  | { text: string };

export interface CommandSpec {
  name: string;
  summary: string;
  kind: CommandKind;
  args?: ArgSpec[];
  options?: OptionSpec[];
  pagination?: Pagination;
  /** True for commands that never talk to Mistral (bash-completion). */
  offline?: boolean;
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
