// Formatter dispatch for list and show commands, in the order cliff 4.0.0 applies things:
// --sort-column on full rows, then -c selection, then the chosen formatter. Each formatter is
// loaded on first use so start-up pays only for the one it prints with. Every cell passes
// maskSecrets before any formatter sees it (a deliberate difference from python-mistralclient,
// which prints tokens a server echoes back): masking text that was already wrapped, folded or
// quoted would miss a token split across lines.
import { pick, selectColumns, sortRows } from './columns.js';
import { maskSecrets } from './redact.js';
import type { FormatOptions, ListData, ShowData } from './types.js';

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

export async function renderList(data: ListData, opts: FormatOptions): Promise<string> {
  const sorted =
    opts.sortColumns.length > 0
      ? sortRows(data.columns, data.rows, opts.sortColumns, opts.sortDescending, opts.onWarning ?? (() => {}))
      : data.rows;
  const keep = selectColumns(data.columns, opts.columns);
  const columns = pick(data.columns, keep);
  const rows = sorted.map((row) => maskSecrets(pick(row, keep)));
  switch (opts.format) {
    case 'table':
      return (await import('./table.js')).renderTableList(columns, rows, opts);
    case 'json':
      return (await import('./json.js')).renderJsonList(columns, rows, opts.noindent);
    case 'yaml':
      return (await import('./yaml.js')).renderYamlList(columns, rows);
    case 'csv':
      return (await import('./csv.js')).renderCsv(columns, rows, opts.quote);
    case 'value':
      return (await import('./value.js')).renderValueList(rows);
    default:
      throw new UnknownFormatError(opts.format);
  }
}

export async function renderShow(data: ShowData, opts: FormatOptions): Promise<string> {
  const keep = selectColumns(data.columns, opts.columns);
  const columns = pick(data.columns, keep);
  const values = maskSecrets(pick(data.values, keep));
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
