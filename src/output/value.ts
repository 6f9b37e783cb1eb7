// The value formatter: bare values through Python's str().
import { pyStr } from './pystr.js';
import type { Cell, Rows, Write } from './types.js';

/** One line per row, its values joined by single spaces (so '' leaves a double space). */
export function renderValueList(rows: Rows, write: Write): void {
  for (const row of rows) write(`${row.map(pyStr).join(' ')}\n`);
}

/** One line per field. */
export function renderValueShow(values: Cell[]): string {
  return values.map((v) => `${pyStr(v)}\n`).join('');
}
