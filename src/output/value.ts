// The value formatter: bare values through Python's str().
import { pyStr } from './pystr.js';
import type { Cell, Rows, Write } from './types.js';

/** One line per row, its values joined by single spaces (so '' leaves a double space). */
export function renderValueList(rows: Rows, write: Write): void {
  // A loop rather than map and join: each row passes once, mostly before V8 optimises this code,
  // and an array per row costs (README, Speed).
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i++) line = i === 0 ? pyStr(row[i]) : `${line} ${pyStr(row[i])}`;
    write(`${line}\n`);
  }
}

/** One line per field. */
export function renderValueShow(values: Cell[]): string {
  return values.map((v) => `${pyStr(v)}\n`).join('');
}
