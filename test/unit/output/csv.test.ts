import { describe, expect, it } from 'vitest';
import { renderList } from '../../../src/output/format.js';
import { actionList, cronTriggerList, emptyWorkflowList, executionList, opts, text, workbookList } from './fixtures.js';

describe('csv formatter', () => {
  it('quotes every non-number by default (nonnumeric) and prints null as an empty quoted field', async () => {
    expect(await renderList(workbookList, opts({ format: 'csv' }))).toBe(
      text(
        '"Name","Namespace","Tags","Scope","Created at","Updated at"',
        '"wb","","tag1, tag2","private","2024-01-01 10:00:00",""',
      ),
    );
  });

  it('quotes everything with --quote all', async () => {
    expect(await renderList(workbookList, opts({ format: 'csv', quote: 'all' }))).toBe(
      text(
        '"Name","Namespace","Tags","Scope","Created at","Updated at"',
        '"wb","","tag1, tag2","private","2024-01-01 10:00:00",""',
      ),
    );
  });

  it('quotes only fields that need it with --quote minimal', async () => {
    expect(await renderList(workbookList, opts({ format: 'csv', quote: 'minimal' }))).toBe(
      text('Name,Namespace,Tags,Scope,Created at,Updated at', 'wb,,"tag1, tag2",private,2024-01-01 10:00:00,'),
    );
    const tricky = { columns: ['Name', 'Description'], rows: [['a,b', 'say "hi" c:\\dir\nnext'], [null, '']] };
    expect(await renderList(tricky, opts({ format: 'csv', quote: 'minimal' }))).toBe(
      text('Name,Description', '"a,b","say ""hi"" c:\\\\dir', 'next"', ','),
    );
  });

  it('escapes delimiters, quotes, backslashes and newlines with a backslash under --quote none', async () => {
    const tricky = { columns: ['Name', 'Description'], rows: [['a,b', 'say "hi" c:\\dir\nnext'], [null, '']] };
    expect(await renderList(tricky, opts({ format: 'csv', quote: 'none' }))).toBe(
      text('Name,Description', 'a\\,b,say \\"hi\\" c:\\\\dir\\', 'next', ','),
    );
  });

  it('quotes a record made of one empty field, and refuses it under --quote none', async () => {
    const data = { columns: ['Name'], rows: [['']] };
    expect(await renderList(data, opts({ format: 'csv', quote: 'minimal' }))).toBe(text('Name', '""'));
    await expect(renderList(data, opts({ format: 'csv', quote: 'none' }))).rejects.toThrow(
      'single empty field record must be quoted',
    );
  });

  it('leaves numbers unquoted', async () => {
    expect(await renderList(cronTriggerList, opts({ format: 'csv' }))).toBe(
      text(
        '"Name","Workflow","Params","Pattern","Next execution time","Remaining executions","Created at","Updated at"',
        '"ct1","wf1","{}","* * * * *","2024-01-01 10:01:00",3,"2024-01-01 10:00:00",""',
      ),
    );
  });

  it('leaves booleans unquoted as True/False', async () => {
    expect(await renderList(actionList, opts({ format: 'csv', columns: ['Name', 'Is system'] }))).toBe(
      text('"Name","Is system"', '"std.echo",True'),
    );
  });

  it('writes rows in --sort-column order', async () => {
    expect(await renderList(executionList, opts({ format: 'csv', sortColumns: ['State'], columns: ['ID', 'State'] }))).toBe(
      text('"ID","State"', '"e2","ERROR"', '"e1e1e1e1-0000-0000-0000-000000000001","SUCCESS"'),
    );
  });

  it("prints a Mistral lister's blank row as empty quoted fields", async () => {
    expect(await renderList(emptyWorkflowList, opts({ format: 'csv' }))).toBe(
      text(
        '"ID","Name","Namespace","Project ID","Tags","Input","Scope","Created at","Updated at"',
        '"","","","","","","","",""',
      ),
    );
  });

  it('prints only the header for zero rows', async () => {
    expect(await renderList({ columns: ['ID', 'Name'], rows: [] }, opts({ format: 'csv' }))).toBe(text('"ID","Name"'));
  });
});
