import { describe, expect, it } from 'vitest';
import { renderList, renderShow } from '../../../src/output/format.js';
import {
  actionExecutionShow,
  cronTriggerList,
  emptyWorkflowList,
  environmentShow,
  opts,
  text,
  workbookList,
  workbookShow,
  workflowList,
} from './fixtures.js';

const json = opts({ format: 'json' });

describe('json formatter', () => {
  it('prints a list as an array of objects keyed by heading in column order, indent 2', async () => {
    expect(await renderList(workbookList, json)).toBe(
      text(
        '[',
        '  {',
        '    "Name": "wb",',
        '    "Namespace": "",',
        '    "Tags": "tag1, tag2",',
        '    "Scope": "private",',
        '    "Created at": "2024-01-01 10:00:00",',
        '    "Updated at": null',
        '  }',
        ']',
      ),
    );
  });

  it('prints one line with Python separators under --noindent', async () => {
    expect(await renderList(workbookList, opts({ format: 'json', noindent: true }))).toBe(
      '[{"Name": "wb", "Namespace": "", "Tags": "tag1, tag2", "Scope": "private", "Created at": "2024-01-01 10:00:00", "Updated at": null}]\n',
    );
    expect(await renderShow(workbookShow, opts({ format: 'json', noindent: true }))).toBe(
      '{"Name": "wb", "Namespace": "", "Tags": "tag1, tag2", "Scope": "private", "Created at": "2024-01-01 10:00:00", "Updated at": null}\n',
    );
  });

  it('prints a show as one object', async () => {
    expect(await renderShow(workbookShow, json)).toBe(
      text(
        '{',
        '  "Name": "wb",',
        '  "Namespace": "",',
        '  "Tags": "tag1, tag2",',
        '  "Scope": "private",',
        '  "Created at": "2024-01-01 10:00:00",',
        '  "Updated at": null',
        '}',
      ),
    );
  });

  it('keeps numbers, booleans and null native', async () => {
    expect(await renderList(cronTriggerList, json)).toBe(
      text(
        '[',
        '  {',
        '    "Name": "ct1",',
        '    "Workflow": "wf1",',
        '    "Params": "{}",',
        '    "Pattern": "* * * * *",',
        '    "Next execution time": "2024-01-01 10:01:00",',
        '    "Remaining executions": 3,',
        '    "Created at": "2024-01-01 10:00:00",',
        '    "Updated at": null',
        '  }',
        ']',
      ),
    );
    expect(await renderShow(actionExecutionShow, json)).toBe(
      text(
        '{',
        '  "ID": "ae1",',
        '  "Name": "std.echo",',
        '  "Workflow name": "wf1",',
        '  "Workflow namespace": "",',
        '  "Task name": "t1",',
        '  "Task ID": "t1",',
        '  "State": "SUCCESS",',
        '  "State info": null,',
        '  "Accepted": true,',
        '  "Created at": "2024-01-01 10:00:00",',
        '  "Updated at": "2024-01-01 10:00:02"',
        '}',
      ),
    );
    expect(
      await renderList({ columns: ['Name', 'Count', 'Ratio', 'Ok'], rows: [['a', 3, 1.5, true]] }, opts({ format: 'json', noindent: true })),
    ).toBe('[{"Name": "a", "Count": 3, "Ratio": 1.5, "Ok": true}]\n');
  });

  it('escapes newlines and quotes inside a multi-line value', async () => {
    expect(await renderShow(environmentShow, json)).toBe(
      text(
        '{',
        '  "Name": "env1",',
        '  "Description": "Test env",',
        '  "Variables": "{\\n    \\"k\\": \\"v\\",\\n    \\"n\\": 1\\n}",',
        '  "Scope": "private",',
        '  "Created at": "2024-01-01 10:00:00",',
        '  "Updated at": "<none>"',
        '}',
      ),
    );
  });

  it('escapes non-ASCII as \\uXXXX (surrogate pairs for astral characters) and control characters', async () => {
    expect(await renderShow({ columns: ['Name', 'Description'], values: ['Ünïcödé', '😀 \u0001'] }, json)).toBe(
      text('{', '  "Name": "\\u00dcn\\u00efc\\u00f6d\\u00e9",', '  "Description": "\\ud83d\\ude00 \\u0001"', '}'),
    );
  });

  it('keeps only the -c columns', async () => {
    expect(await renderList(workflowList, opts({ format: 'json', columns: ['Tags'] }))).toBe(
      text('[', '  {', '    "Tags": "<none>"', '  }', ']'),
    );
  });

  it("prints a Mistral lister's blank row as an object of empty strings", async () => {
    expect(await renderList(emptyWorkflowList, json)).toBe(
      text(
        '[',
        '  {',
        '    "ID": "",',
        '    "Name": "",',
        '    "Namespace": "",',
        '    "Project ID": "",',
        '    "Tags": "",',
        '    "Input": "",',
        '    "Scope": "",',
        '    "Created at": "",',
        '    "Updated at": ""',
        '  }',
        ']',
      ),
    );
  });

  it('prints [] for zero rows', async () => {
    expect(await renderList({ columns: ['ID'], rows: [] }, json)).toBe('[]\n');
    expect(await renderList({ columns: ['ID'], rows: [] }, opts({ format: 'json', noindent: true }))).toBe('[]\n');
  });
});
