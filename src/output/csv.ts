// The csv formatter: Python 3.11's csv.writer(quoting=..., lineterminator='\n', escapechar='\\')
// with the default doublequote=True, as cliff sets it up.
import { CliError } from '../errors.js';
import { CONTROL_CLASS, showControls } from '../text/sanitize.js';
import { pyStr } from './pystr.js';
import type { Cell, CsvQuote, Rows, Write } from './types.js';

// Characters that force quoting (or, with quoting none, an escape): the delimiter, the quote
// char, the escape char and the line terminator. A lone '\r' is not among them.
const SPECIAL = new Set([',', '"', '\\', '\n']);
// Those and the control characters sanitize.ts shows: a field with none of them is written as it
// is, after one test (most of a list's fields; testing the two apart cost 3% more CPU on a
// 10,000-row csv).
const PLAIN = new RegExp(`^[^,"\\\\\\n${CONTROL_CLASS}]*$`);

/** One field, quoted or not, as csv.writer writes it. */
function csvField(value: Cell, quote: CsvQuote): string {
  // QUOTE_NONNUMERIC leaves int, float and bool (an int subclass) bare; None counts as text.
  let quoted = quote === 'all' || (quote === 'nonnumeric' && typeof value !== 'number' && typeof value !== 'boolean');
  const str = value === null ? '' : pyStr(value);
  if (PLAIN.test(str)) return quoted ? `"${str}"` : str;
  // Control characters are shown (src/text/sanitize.ts) before the escaping, so that the
  // backslash of `\x1b` is escaped like any other and a csv reader reads back the text shown.
  const raw = showControls(str);
  let text = '';
  for (const ch of raw) {
    if (SPECIAL.has(ch)) {
      let escape = false;
      if (quote === 'none') escape = true;
      else if (ch === '"') text += '"';
      else if (ch === '\\') escape = true;
      if (!escape) quoted = true;
      if (escape) text += '\\';
    }
    text += ch;
  }
  return quoted ? `"${text}"` : text;
}

function csvRow(values: Cell[], quote: CsvQuote): string {
  // A loop rather than a closure per row, as renderValueList's (README, Speed); joined, the fields
  // make one flat line: concatenated, a 10,000-row csv peaked 3.4 MB higher.
  const fields: string[] = [];
  for (let i = 0; i < values.length; i++) fields.push(csvField(values[i], quote));
  let line = fields.join(',');
  if (values.length > 0 && line === '') {
    // A record of one empty field would read back as no field at all.
    if (quote === 'none') throw new CliError('single empty field record must be quoted');
    line = '""';
  }
  return `${line}\n`;
}

export function renderCsv(columns: string[], rows: Rows, quote: CsvQuote, write: Write): void {
  // Without quoting a one-column row can be refused (csvRow): then the list is refused before any
  // of it is written.
  if (quote === 'none' && columns.length === 1) {
    write([columns, ...rows].map((row) => csvRow(row, quote)).join(''));
    return;
  }
  write(csvRow(columns, quote));
  for (const row of rows) write(csvRow(row, quote));
}
