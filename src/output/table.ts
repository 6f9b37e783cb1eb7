// The table formatter: prettytable 3.6.0's default style as cliff 4.0.0 drives it, including
// cliff's --max-width/--fit-width column shrinking (TableFormatter._assign_max_widths).
import { CliError } from '../errors.js';
import { pyStr } from './pystr.js';
import type { Cell } from './types.js';
import { blockWidth } from './wcwidth.js';
import { fill } from './wrap.js';

type Align = 'l' | 'r' | 'c';

interface Table {
  fields: string[];
  rows: string[][];
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

// cliff's _format_row: Windows and old-Mac line ends must not break the table apart.
function cellText(value: Cell): string {
  return typeof value === 'string' ? value.replace(/\r\n/g, '\n').replace(/\r/g, ' ') : pyStr(value);
}

/** prettytable's _get_size()[0]: the widest line. */
function textWidth(text: string): number {
  return Math.max(...text.split('\n').map(blockWidth));
}

function justify(text: string, width: number, align: Align): string {
  const textW = blockWidth(text);
  const excess = width - textW;
  const pad = (n: number) => ' '.repeat(Math.max(0, n));
  if (align === 'l') return text + pad(excess);
  if (align === 'r') return pad(excess) + text;
  const half = Math.floor(excess / 2);
  if (excess % 2 === 0 || excess < 0) return pad(half) + text + pad(half);
  // str.center()'s choice of side for the odd space
  return textW % 2 ? pad(half) + text + pad(half + 1) : pad(half + 1) + text + pad(half);
}

function computeWidths(t: Table): number[] {
  const widths = t.fields.map(textWidth);
  for (const row of t.rows) {
    row.forEach((value, i) => {
      const size = textWidth(value);
      const limit = t.maxWidth[i];
      widths[i] = Math.max(widths[i], limit === undefined ? size : Math.min(size, limit));
    });
  }
  return widths;
}

function hrule(widths: number[]): string {
  return `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
}

function stringifyRow(t: Table, row: string[], widths: number[]): string {
  const cells = row.map((value, i) =>
    value
      .split('\n')
      .map((line) => (blockWidth(line) > widths[i] ? fill(line, widths[i]) : line))
      .join('\n')
      .split('\n'),
  );
  const height = Math.max(...cells.map((lines) => lines.length));
  const out: string[] = [];
  for (let y = 0; y < height; y++) {
    const parts = cells.map((lines, i) => ` ${justify(lines[y] ?? '', widths[i], t.align[i])} `);
    out.push(`|${parts.join('|')}|`);
  }
  return out.join('\n');
}

/** PrettyTable.get_string() for the default style (FRAME hrules, ALL vrules, padding 1). */
function getString(t: Table): string {
  if (t.rows.length === 0 && !t.printEmpty) return '';
  const widths = computeWidths(t);
  const rule = hrule(widths);
  const header = t.fields.map((field, i) => {
    const name = blockWidth(field) > widths[i] ? Array.from(field).slice(0, widths[i]).join('') : field;
    return ` ${justify(name, widths[i], t.align[i])} `;
  });
  const lines = [rule, `|${header.join('|')}|`, rule];
  for (const row of t.rows) lines.push(stringifyRow(t, row, widths));
  lines.push(rule);
  return lines.join('\n');
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
  const firstLine = getString(t).split('\n')[0];
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

/** cliff TableFormatter.emit_list. */
export function renderTableList(columns: string[], rows: Cell[][], opts: TableOptions): string {
  // Alignment follows the Python type of the first row's values: numbers right, the rest left.
  // Without rows prettytable's default (centre) stays.
  const align: Align[] = columns.map((_, i) =>
    rows.length === 0 ? 'c' : typeof rows[0][i] === 'number' ? 'r' : 'l',
  );
  const table: Table = {
    fields: [...columns],
    rows: rows.map((row) => row.map(cellText)),
    align,
    maxWidth: columns.map(() => undefined),
    printEmpty: opts.printEmpty,
  };
  // The table may overflow the console rather than wrap columns narrower than 8.
  assignMaxWidths(table, opts, 8);
  return `${getString(table)}\n`;
}

/** cliff TableFormatter.emit_one: a left-aligned Field | Value table. */
export function renderTableShow(columns: string[], values: Cell[], opts: TableOptions): string {
  const table: Table = {
    fields: ['Field', 'Value'],
    rows: columns.map((name, i) => [cellText(name), cellText(values[i])]),
    align: ['l', 'l'],
    maxWidth: [undefined, undefined],
    printEmpty: false,
  };
  assignMaxWidths(table, opts, 16);
  return `${getString(table)}\n`;
}
