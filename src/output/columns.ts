// `-c` column selection and `--sort-column` sorting, as cliff's DisplayCommandBase and
// Lister.produce_output do them.
import { CliError } from '../errors.js';
import { compareCodePoints, pyListRepr } from './pystr.js';
import type { Cell } from './types.js';

/** `-c` named no column the command has. */
export class ColumnSelectionError extends CliError {
  constructor(
    readonly requested: readonly string[],
    readonly available: readonly string[],
  ) {
    super(
      `No recognized column names in ${pyListRepr(requested)}. ` +
        `Recognized columns are ${pyListRepr(available)}.`,
    );
    this.name = 'ColumnSelectionError';
  }
}

/**
 * The positions of the columns `-c` keeps, in the command's own order (not the order given).
 * Without `-c` every column is kept.
 */
export function selectColumns(columns: readonly string[], requested: readonly string[]): number[] {
  const all = columns.map((_, i) => i);
  if (requested.length === 0) return all;
  const kept = all.filter((i) => requested.includes(columns[i]));
  if (kept.length === 0) throw new ColumnSelectionError(requested, columns);
  return kept;
}

export function pick<T>(values: readonly T[], indexes: readonly number[]): T[] {
  return indexes.map((i) => values[i]);
}

/** Python refused to order two values: the TypeError `'<' not supported between instances`. */
class Unorderable extends Error {}

const isNumeric = (v: Cell): v is number | boolean => typeof v === 'number' || typeof v === 'boolean';

/** Python's == of two cells: numbers and booleans by value (True == 1), dicts whatever their key order. */
function pyEq(a: Cell, b: Cell): boolean {
  if (a === null || b === null || typeof a === 'string' || typeof b === 'string') return a === b;
  if (isNumeric(a) || isNumeric(b)) return isNumeric(a) && isNumeric(b) && Number(a) === Number(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => pyEq(v, b[i]));
  }
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && pyEq(a[k], b[k]));
}

/**
 * Python's `a < b`: numbers (bool counts as one) with numbers, str with str by code point, lists
 * item by item (the first unequal pair decides, else the shorter is less). Anything else, dicts
 * included, None and str against a number, raises.
 */
function pyLt(a: Cell, b: Cell): boolean {
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b) < 0;
  if (isNumeric(a) && isNumeric(b)) return Number(a) < Number(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (!pyEq(a[i], b[i])) return pyLt(a[i], b[i]);
    return a.length < b.length;
  }
  throw new Unorderable();
}

/** `(a is None, a) < (b is None, b)`, cliff's sort key: None after every value, Nones equal. */
function keyLt(a: Cell, b: Cell): boolean {
  if ((a === null) !== (b === null)) return b === null;
  return pyEq(a, b) ? false : pyLt(a, b);
}

function compareCells(a: Cell, b: Cell): number {
  if (keyLt(a, b)) return -1;
  return keyLt(b, a) ? 1 : 0;
}

/**
 * sorted(rows, key=(value is None, value)), or undefined where Python raises TypeError. It does so
 * exactly when two of the values are unequal and unorderable (a str and a number, two different
 * dicts, lists that differ first at such a pair): any sort has to compare two such values, since
 * nothing orders between them. Orderability carries along a sorted run, so checking the
 * neighbours of the result finds such a pair where the sort itself never met one.
 */
function sortedBy(rows: readonly Cell[][], index: number, descending: boolean): Cell[][] | undefined {
  const sign = descending ? -1 : 1;
  try {
    const data = [...rows].sort((a, b) => sign * compareCells(a[index], b[index]));
    for (let i = 1; i < data.length; i++) compareCells(data[i - 1][index], data[i][index]);
    return data;
  } catch (error) {
    if (error instanceof Unorderable) return undefined;
    throw error;
  }
}

/**
 * cliff's client-side sort: one stable pass per named column, the last named first, so the first
 * named column decides. `--sort-descending` reverses each pass (so None comes first) while
 * keeping equal rows in their original order, as Python's sorted(reverse=True) does.
 */
export function sortRows(
  columns: readonly string[],
  rows: readonly Cell[][],
  sortColumns: readonly string[],
  descending: boolean,
  warn: (line: string) => void,
): Cell[][] {
  let data = [...rows];
  const indexes = sortColumns.filter((c) => columns.includes(c)).map((c) => columns.indexOf(c));
  for (const index of [...indexes].reverse()) {
    const sorted = sortedBy(data, index, descending);
    if (sorted === undefined) {
      // cliff names the field as sort_columns[index], indexing the option list with a column
      // position: a wrong name, or an IndexError when that list is shorter.
      if (index >= sortColumns.length) throw new CliError('list index out of range');
      warn(`WARNING (lister) Could not sort on field '${sortColumns[index]}'; unsortable types`);
      continue;
    }
    data = sorted;
  }
  return data;
}
