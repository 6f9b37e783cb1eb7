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

/** Python 3 refuses to order a str against a number (bool counts as a number). */
function comparable(values: readonly Cell[]): boolean {
  let strings = false;
  let numbers = false;
  for (const v of values) {
    if (typeof v === 'string') strings = true;
    else if (v !== null) numbers = true;
  }
  return !(strings && numbers);
}

function compareCells(a: Cell, b: Cell): number {
  // cliff's key is (value is None, value): None after every value, Nones equal to each other.
  if (a === null || b === null) return (a === null ? 1 : 0) - (b === null ? 1 : 0);
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  return Number(a) - Number(b);
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
    if (!comparable(data.map((row) => row[index]))) {
      // cliff names the field as sort_columns[index], indexing the option list with a column
      // position: a wrong name, or an IndexError when that list is shorter.
      if (index >= sortColumns.length) throw new CliError('list index out of range');
      warn(`WARNING (lister) Could not sort on field '${sortColumns[index]}'; unsortable types`);
      continue;
    }
    const sign = descending ? -1 : 1;
    data = [...data].sort((a, b) => sign * compareCells(a[index], b[index]));
  }
  return data;
}
