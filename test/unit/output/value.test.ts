import { describe, expect, it } from 'vitest';
import { renderList, renderShow } from '../../../src/output/format.js';
import { emptyWorkflowList, opts, text, workbookList, workbookShow, workflowList } from './fixtures.js';

const value = opts({ format: 'value' });

describe('value formatter', () => {
  it("joins a row's values with single spaces, so an empty string leaves a double space", async () => {
    expect(await renderList(workbookList, value)).toBe(text('wb  tag1, tag2 private 2024-01-01 10:00:00 None'));
  });

  it('prints only the -c columns, in the command order', async () => {
    expect(await renderList(workbookList, opts({ format: 'value', columns: ['Scope', 'Name'] }))).toBe(text('wb private'));
    expect(await renderList(workflowList, opts({ format: 'value', columns: ['Input'] }))).toBe(
      text('a, b=2, a_very_long_param...'),
    );
  });

  it('prints one value per line for a show, empty strings as empty lines', async () => {
    expect(await renderShow(workbookShow, value)).toBe(text('wb', '', 'tag1, tag2', 'private', '2024-01-01 10:00:00', 'None'));
  });

  it("prints a Mistral lister's blank row as n-1 spaces", async () => {
    expect(await renderList(emptyWorkflowList, value)).toBe(text('        '));
  });

  it('prints numbers and booleans through Python str()', async () => {
    expect(await renderList({ columns: ['Name', 'Count', 'Ratio', 'Ok'], rows: [['a', 3, 1e-5, false]] }, value)).toBe(
      text('a 3 1e-05 False'),
    );
  });

  it('prints nothing for zero rows', async () => {
    expect(await renderList({ columns: ['ID'], rows: [] }, value)).toBe('');
  });
});
