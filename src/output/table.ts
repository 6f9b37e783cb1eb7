// The table formatter: prettytable 3.6.0's default style as cliff 4.0.0 drives it, including
// cliff's --max-width/--fit-width column shrinking (TableFormatter._assign_max_widths).
import { CliError } from '../errors.js';
import { showControls } from '../text/sanitize.js';
import { pyStr } from './pystr.js';
import type { Cell, Write } from './types.js';
import { blockWidth } from './wcwidth.js';
import { fill } from './wrap.js';

type Align = 'l' | 'r' | 'c';

/**
 * The rows as the text each cell shows, a row held as one string with its cells joined by
 * CELL_END (packRow): a 10,000-row table keeps 10,000 strings to the end instead of 10,000
 * arrays of a dozen strings each, which the garbage collector would copy, all of them, into the
 * old generation (README, Speed). `sizes` are the widest line of each column's cells, gathered
 * as the rows are packed.
 */
interface Table {
  fields: string[];
  rows: string[];
  sizes: number[];
  align: Align[];
  /** per column, set only by width limiting */
  maxWidth: (number | undefined)[];
  printEmpty: boolean;
}

export interface TableOptions {
  maxWidth: number;
  fitWidth: boolean;
  isTTY: boolean;
  terminalWidth: number;
  printEmpty: boolean;
}

// cliff's _format_row: Windows and old-Mac line ends must not break the table apart. Then the
// other control characters are shown as main()'s stdout would show them (src/text/sanitize.ts),
// here already, so that the widths are measured on the text the terminal will show.
function cellText(value: Cell): string {
  if (typeof value !== 'string') return pyStr(value);
  return showControls(value.includes('\r') ? value.replace(/\r\n/g, '\n').replace(/\r/g, ' ') : value);
}

// No cell's text holds a NUL: cellText shows every control character of a string as its escape
// (src/text/sanitize.ts), and a number, None, a bool or a repr() (src/output/pystr.ts) has none.
const CELL_END = '\0';

/** The cells of a row, as one string (Table.rows). */
const packRow = (cells: string[]): string => cells.join(CELL_END);
/** The cells of a packed row of `count` columns (a row of none packs to '' like a row of one ''). */
const unpackRow = (row: string, count: number): string[] => (count === 0 ? [] : row.split(CELL_END));

/** prettytable's _get_size()[0]: the widest line. */
function textWidth(text: string): number {
  return text.includes('\n') ? Math.max(...text.split('\n').map(blockWidth)) : blockWidth(text);
}

/** `n` spaces, none for n <= 0. */
const pad = (n: number): string => (n > 0 ? ' '.repeat(n) : '');

function justify(text: string, width: number, align: Align, textW = blockWidth(text)): string {
  const excess = width - textW;
  if (align === 'l') return text + pad(excess);
  if (align === 'r') return pad(excess) + text;
  const half = Math.floor(excess / 2);
  if (excess % 2 === 0 || excess < 0) return pad(half) + text + pad(half);
  // str.center()'s choice of side for the odd space
  return textW % 2 ? pad(half) + text + pad(half + 1) : pad(half + 1) + text + pad(half);
}

/**
 * prettytable's _compute_widths: each column as wide as its widest cell or its heading, a cell
 * counting at most the column's max width. The widest cell counts for all (min() of each cell and
 * the limit has the same maximum as min() of the widest and the limit).
 */
function computeWidths(t: Table): number[] {
  return t.fields.map((field, i) => {
    const limit = t.maxWidth[i];
    return Math.max(textWidth(field), limit === undefined ? t.sizes[i] : Math.min(t.sizes[i], limit));
  });
}

/**
 * A table of the given rows, each cell made the text it shows and `sizes` gathered as each row is
 * packed; `alignOf` is given the first row (undefined when there is none).
 */
function tableOf(fields: string[], rows: Iterable<Cell[]>, alignOf: (first: Cell[] | undefined) => Align[], printEmpty: boolean): Table {
  const sizes = fields.map(() => 0);
  const packed: string[] = [];
  let first: Cell[] | undefined;
  for (const row of rows) {
    first ??= row;
    // One loop, without a closure per row (README, Speed): each cell's text and its width. The
    // row is packed by join, which makes one flat string: concatenated, it would be a tree of
    // strings holding each cell's, kept to the end.
    const cells: string[] = [];
    for (let i = 0; i < row.length; i++) {
      const text = cellText(row[i]);
      const width = textWidth(text);
      if (width > sizes[i]) sizes[i] = width;
      cells.push(text);
    }
    packed.push(packRow(cells));
  }
  return { fields, rows: packed, sizes, align: alignOf(first), maxWidth: fields.map(() => undefined), printEmpty };
}

function hrule(widths: number[]): string {
  return `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
}

/** A cell's lines, each wrapped to the column's width. */
function cellLines(value: string, width: number): string[] {
  if (!value.includes('\n') && blockWidth(value) <= width) return [value];
  return value
    .split('\n')
    .map((line) => (blockWidth(line) > width ? fill(line, width) : line))
    .join('\n')
    .split('\n');
}

/** A row of cells that are each one line that fits, or undefined: most rows, each cell measured once. */
function oneLineRow(t: Table, values: string[], widths: number[]): string | undefined {
  let line = '|';
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value.includes('\n')) return undefined;
    const width = blockWidth(value);
    if (width > widths[i]) return undefined;
    line += ` ${justify(value, widths[i], t.align[i], width)} |`;
  }
  return line;
}

function stringifyRow(t: Table, row: string, widths: number[]): string {
  const values = unpackRow(row, t.fields.length);
  const line = values.length > 0 ? oneLineRow(t, values, widths) : undefined;
  if (line !== undefined) return line;
  const cells = values.map((value, i) => cellLines(value, widths[i]));
  const height = Math.max(...cells.map((lines) => lines.length));
  const out: string[] = [];
  for (let y = 0; y < height; y++) {
    const parts = cells.map((lines, i) => ` ${justify(lines[y] ?? '', widths[i], t.align[i])} `);
    out.push(`|${parts.join('|')}|`);
  }
  return out.join('\n');
}

const isEmpty = (t: Table) => t.rows.length === 0 && !t.printEmpty;

/**
 * PrettyTable.get_string() for the default style (FRAME hrules, ALL vrules, padding 1), and the
 * newline cliff prints after it, written line by line.
 */
function writeTable(t: Table, write: Write): void {
  if (isEmpty(t)) {
    write('\n');
    return;
  }
  const widths = computeWidths(t);
  const rule = hrule(widths);
  const header = t.fields.map((field, i) => {
    const name = blockWidth(field) > widths[i] ? Array.from(field).slice(0, widths[i]).join('') : field;
    return ` ${justify(name, widths[i], t.align[i])} `;
  });
  write(`${rule}\n|${header.join('|')}|\n${rule}\n`);
  for (const row of t.rows) write(`${stringifyRow(t, row, widths)}\n`);
  write(`${rule}\n`);
}

function termWidthFor(opts: TableOptions): number | undefined {
  if (opts.maxWidth > 0) return opts.maxWidth;
  if (!opts.fitWidth || !opts.isTTY || !opts.terminalWidth) return undefined;
  return opts.terminalWidth;
}

/**
 * cliff's _assign_max_widths: leave columns at or under an equal share alone and split what is
 * left between the wider ones, the last taking the remainder, none below minWidth.
 */
function assignMaxWidths(t: Table, opts: TableOptions, minWidth: number): void {
  const termWidth = termWidthFor(opts);
  if (termWidth === undefined) return;
  // The first line of get_string(): its top rule.
  const firstLine = isEmpty(t) ? '' : hrule(computeWidths(t));
  if (firstLine === '' || firstLine.length <= termWidth) return;
  const count = t.fields.length;
  const usable = Math.max(0, termWidth - 1 - 3 * count);
  const optimal = count === 0 ? 0 : Math.max(0, Math.floor(usable / count));
  const widths = firstLine
    .split('+')
    .slice(1, -1)
    .map((seg) => Math.max(0, seg.length - 2));
  const shrink: number[] = [];
  let remaining = usable;
  widths.forEach((w, i) => {
    if (w <= optimal) remaining -= w;
    else shrink.push(i);
  });
  if (shrink.length === 0) throw new CliError('integer division or modulo by zero');
  const shrinkTo = Math.floor(remaining / shrink.length);
  for (const i of shrink.slice(0, -1)) {
    t.maxWidth[i] = Math.max(minWidth, shrinkTo);
    remaining -= shrinkTo;
  }
  t.maxWidth[shrink[shrink.length - 1]] = Math.max(minWidth, remaining);
}

/**
 * cliff TableFormatter.emit_list. The widths need every row, so the rows are held, but only as the
 * text each cell shows (Table.rows): a row's cells, and the item they came from, die as soon as it
 * is read.
 */
export function renderTableList(columns: string[], rows: Iterable<Cell[]>, opts: TableOptions, write: Write): void {
  // Alignment follows the Python type of the first row's values: numbers right, the rest left.
  // Without rows prettytable's default (centre) stays.
  const alignOf = (first: Cell[] | undefined): Align[] => columns.map((_, i) => (first === undefined ? 'c' : typeof first[i] === 'number' ? 'r' : 'l'));
  const table = tableOf([...columns], rows, alignOf, opts.printEmpty);
  // The table may overflow the console rather than wrap columns narrower than 8.
  assignMaxWidths(table, opts, 8);
  writeTable(table, write);
}

/** cliff TableFormatter.emit_one: a left-aligned Field | Value table. */
export function renderTableShow(columns: string[], values: Cell[], opts: TableOptions): string {
  const table = tableOf(['Field', 'Value'], columns.map((name, i) => [name, values[i]]), () => ['l', 'l'], false);
  assignMaxWidths(table, opts, 16);
  let text = '';
  writeTable(table, (line) => (text += line));
  return text;
}
