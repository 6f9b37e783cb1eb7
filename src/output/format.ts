// Formatter dispatch for list and show commands, in the order cliff 4.0.0 applies things:
// --sort-column on full rows, then -c selection, then the chosen formatter. Each formatter is
// loaded on first use so start-up pays only for the one it prints with. Every cell passes the
// command's EchoMask (opts.mask) before any formatter sees it (a deliberate difference from
// python-mistralclient, which prints tokens a server echoes back): masking text that was already
// wrapped, folded or quoted would miss a token split across lines.
// A list is written as it is formatted, row by row, in chunks (writeList): a 10,000-row list never
// exists as one string, nor as its copy in the write buffer.
import { pick, selectColumns, sortRows } from './columns.js';
import { mapRows } from './rows.js';
import type { FormatOptions, ListData, Rows, ShowData, Write } from './types.js';

export { ColumnSelectionError } from './columns.js';

/** `-f` choices, alphabetical as cliff lists them. */
export const LIST_FORMATS = ['csv', 'json', 'table', 'value', 'yaml'] as const;
export const SHOW_FORMATS = ['json', 'shell', 'table', 'value', 'yaml'] as const;

/** A format name the argument parser should have rejected. */
export class UnknownFormatError extends Error {
  constructor(readonly format: string) {
    super(`unknown output format: ${format}`);
    this.name = 'UnknownFormatError';
  }
}

const unmasked = <T>(value: T): T => value;

/** Characters handed to `write` at a time: few write calls, and no copy of the whole output. */
const CHUNK = 1 << 16;

/** Formats a list and hands the text to `write` in chunks, as it is made. */
export async function writeList(data: ListData, opts: FormatOptions, write: Write): Promise<void> {
  const sorted =
    opts.sortColumns.length > 0
      ? sortRows(data.columns, [...data.rows], opts.sortColumns, opts.sortDescending, opts.onWarning ?? (() => {}))
      : data.rows;
  const keep = selectColumns(data.columns, opts.columns);
  const columns = pick(data.columns, keep);
  const every = keep.length === data.columns.length && keep.every((k, i) => k === i);
  const mask = opts.mask ?? unmasked;
  const rows = mapRows(sorted, (row) => mask(every ? row : pick(row, keep)));
  let parts: string[] = [];
  let size = 0;
  const out: Write = (text) => {
    parts.push(text);
    size += text.length;
    if (size < CHUNK) return;
    write(parts.join(''));
    parts = [];
    size = 0;
  };
  // Rows that fail to be made (an item of the answer that is not JSON) end the list: what was
  // made before them is written, so that the error's "nothing from it on was printed" holds.
  try {
    await formatList(columns, rows, opts, out);
  } finally {
    if (size > 0) write(parts.join(''));
  }
}

async function formatList(columns: string[], rows: Rows, opts: FormatOptions, out: Write): Promise<void> {
  switch (opts.format) {
    case 'table':
      (await import('./table.js')).renderTableList(columns, rows, opts, out);
      break;
    case 'json':
      (await import('./json.js')).renderJsonList(columns, rows, opts.noindent, out);
      break;
    case 'yaml':
      // Held whole: fed to the emitter one at a time, the rows peaked ~7 MB higher on a
      // 10,000-row list (bench/compare.mjs), not lower.
      (await import('./yaml.js')).renderYamlList(columns, [...rows], out);
      break;
    case 'csv':
      (await import('./csv.js')).renderCsv(columns, rows, opts.quote, out);
      break;
    case 'value':
      (await import('./value.js')).renderValueList(rows, out);
      break;
    default:
      throw new UnknownFormatError(opts.format);
  }
}

export async function renderList(data: ListData, opts: FormatOptions): Promise<string> {
  const chunks: string[] = [];
  await writeList(data, opts, (text) => chunks.push(text));
  return chunks.join('');
}

export async function renderShow(data: ShowData, opts: FormatOptions): Promise<string> {
  const keep = selectColumns(data.columns, opts.columns);
  const columns = pick(data.columns, keep);
  const values = (opts.mask ?? unmasked)(pick(data.values, keep));
  switch (opts.format) {
    case 'table':
      return (await import('./table.js')).renderTableShow(columns, values, opts);
    case 'json':
      return (await import('./json.js')).renderJsonShow(columns, values, opts.noindent);
    case 'yaml':
      return (await import('./yaml.js')).renderYamlShow(columns, values);
    case 'shell':
      return (await import('./shell.js')).renderShell(columns, values, opts.prefix, opts.variables);
    case 'value':
      return (await import('./value.js')).renderValueShow(values);
    default:
      throw new UnknownFormatError(opts.format);
  }
}
