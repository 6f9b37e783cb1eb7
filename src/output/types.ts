// The data a command hands to a formatter. Cells keep their JSON type, because the reference's
// formatters treat them differently (numbers right-aligned, booleans unquoted in csv, null as
// `None` in table/value/shell and `null` in json/yaml). JSON objects and arrays (e.g. a trigger's
// `workflow_params`) stay nested too, as python-mistralclient hands cliff the dict or list: table,
// value, shell and csv print Python's str() of it (`{'p': 1, 'q': [True, None]}`), json and yaml
// nest it. An object's keys keep the order they have in the JavaScript object.
export type Cell = string | number | boolean | null | CellObject | Cell[];

/** A JSON object as a cell (a Python dict). */
export interface CellObject {
  [key: string]: Cell;
}

/** Where a formatter puts its text, piece by piece. */
export type Write = (text: string) => void;

/** A list's rows: an array, or rows made as they are walked (src/output/rows.ts), walked once. */
export interface Rows extends Iterable<Cell[]> {
  readonly length: number;
}

export interface ListData {
  columns: string[];
  rows: Rows;
}

export interface ShowData {
  columns: string[];
  values: Cell[];
}

export type CsvQuote = 'all' | 'minimal' | 'none' | 'nonnumeric';

/** The formatter options of cliff 4.0.0 as `mistral` exposes them (commands reference §3.1). */
export interface FormatOptions {
  format: string;
  /** What every cell passes before a formatter sees it (EchoMask.value); none: cells as they are. */
  mask?<T>(value: T): T;
  /** `-c`: headings to keep; output keeps the command's own column order. */
  columns: string[];
  /** `--max-width`; 0 = no limit. */
  maxWidth: number;
  /** `--fit-width`: only effective when stdout is a TTY (then the terminal width is the limit). */
  fitWidth: boolean;
  isTTY: boolean;
  terminalWidth: number;
  printEmpty: boolean;
  noindent: boolean;
  /** shell formatter */
  prefix: string;
  /** shell formatter: hidden `--variable`, keep only these variable names */
  variables: string[];
  /** csv formatter */
  quote: CsvQuote;
  /** list only: `--sort-column`, client-side stable sort */
  sortColumns: string[];
  sortDescending: boolean;
  /**
   * Receives each warning line cliff would log to stderr, e.g.
   * `WARNING (lister) Could not sort on field 'State'; unsortable types`. Ignored when absent.
   */
  onWarning?: (line: string) => void;
}
