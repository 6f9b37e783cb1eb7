import { describe, expect, it } from 'vitest';
import { ColumnSelectionError, renderList, renderShow } from '../../../src/output/format.js';
import { CliError } from '../../../src/errors.js';
import { executionList, opts, text, workbookList, workbookShow } from './fixtures.js';

const counts = { columns: ['Name', 'Count'], rows: [['b', 2], ['a', null], ['c', 1]] };

describe('-c column selection', () => {
  it("keeps the command's column order, not the order given", async () => {
    expect(await renderList(workbookList, opts({ columns: ['Scope', 'Name'] }))).toBe(
      text('+------+---------+', '| Name | Scope   |', '+------+---------+', '| wb   | private |', '+------+---------+'),
    );
  });

  it('ignores unknown names when at least one matches', async () => {
    expect(await renderShow(workbookShow, opts({ format: 'value', columns: ['Nope', 'Scope'] }))).toBe(text('private'));
  });

  it('matches headings exactly and case-sensitively', async () => {
    await expect(renderList(workbookList, opts({ columns: ['name'] }))).rejects.toBeInstanceOf(ColumnSelectionError);
  });

  it('fails with the Python-list message when no name matches', async () => {
    const failure = renderList(workbookList, opts({ columns: ['Nope'] }));
    await expect(failure).rejects.toThrow(
      "No recognized column names in ['Nope']. Recognized columns are ['Name', 'Namespace', 'Tags', 'Scope', 'Created at', 'Updated at'].",
    );
    await expect(renderShow(workbookShow, opts({ columns: ['Nope'] }))).rejects.toBeInstanceOf(ColumnSelectionError);
  });

  it('is a CliError (exit code 1) and an Error', async () => {
    const error = await renderList(workbookList, opts({ columns: ['Nope'] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error).toBeInstanceOf(Error);
    expect((error as CliError).exitCode).toBe(1);
  });

  it("quotes names in the message as Python's repr does", async () => {
    await expect(renderList(workbookList, opts({ columns: ["it's", 'a\\b'] }))).rejects.toThrow(
      `No recognized column names in ["it's", 'a\\\\b'].`,
    );
  });
});

describe('--sort-column', () => {
  it('sorts ascending with nulls after values', async () => {
    expect(await renderList(counts, opts({ format: 'value', sortColumns: ['Count'] }))).toBe(text('c 1', 'b 2', 'a None'));
  });

  it('reverses with --sort-descending, so nulls come first', async () => {
    expect(await renderList(counts, opts({ format: 'value', sortColumns: ['Count'], sortDescending: true }))).toBe(
      text('a None', 'b 2', 'c 1'),
    );
  });

  it('sorts the execution-list transcript rows by State both ways', async () => {
    const rule = '+--------------------------------------+---------+';
    const header = '| ID                                   | State   |';
    const e1 = '| e1e1e1e1-0000-0000-0000-000000000001 | SUCCESS |';
    const e2 = '| e2                                   | ERROR   |';
    const selected = { columns: ['ID', 'State'], sortColumns: ['State'] };
    expect(await renderList(executionList, opts({ ...selected, sortDescending: true }))).toBe(text(rule, header, rule, e1, e2, rule));
    expect(await renderList(executionList, opts(selected))).toBe(text(rule, header, rule, e2, e1, rule));
  });

  it('gives the first named column priority, ignores unknown names and may sort on a hidden column', async () => {
    const data = { columns: ['Name', 'Count', 'State'], rows: [['b', 1, 'A'], ['a', 2, 'A'], ['c', 1, 'B']] };
    expect(await renderList(data, opts({ format: 'value', sortColumns: ['State', 'Nope', 'Count'], columns: ['Name'] }))).toBe(
      text('b', 'a', 'c'),
    );
  });

  it('keeps equal rows in their original order, also when descending', async () => {
    const data = { columns: ['Name', 'Group'], rows: [['x', 1], ['y', 2], ['z', 1]] };
    expect(await renderList(data, opts({ format: 'value', sortColumns: ['Group'], sortDescending: true }))).toBe(
      text('y 2', 'x 1', 'z 1'),
    );
  });

  it('orders strings by code point, upper case before lower case', async () => {
    const data = { columns: ['Name'], rows: [['b'], ['B'], ['a'], ['é']] };
    expect(await renderList(data, opts({ format: 'value', sortColumns: ['Name'] }))).toBe(text('B', 'a', 'b', 'é'));
  });

  it('warns and leaves the data unsorted on a column mixing strings and numbers', async () => {
    const warnings: string[] = [];
    const data = { columns: ['Name', 'Count'], rows: [['b', 2], ['a', 'x'], ['c', 1]] };
    const out = await renderList(data, opts({ format: 'value', sortColumns: ['Name', 'Count'], onWarning: (w) => warnings.push(w) }));
    // Count (the later column) fails and is skipped; Name still sorts.
    expect(out).toBe(text('a x', 'b 2', 'c 1'));
    expect(warnings).toEqual(["WARNING (lister) Could not sort on field 'Count'; unsortable types"]);
  });

  it("fails like cliff's IndexError when the warning indexes past the --sort-column list", async () => {
    const data = { columns: ['Name', 'Count'], rows: [['b', 2], ['a', 'x']] };
    await expect(renderList(data, opts({ format: 'value', sortColumns: ['Count'] }))).rejects.toThrow('list index out of range');
  });
});
