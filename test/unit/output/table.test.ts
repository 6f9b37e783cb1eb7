import { describe, expect, it } from 'vitest';
import { renderList, renderShow } from '../../../src/output/format.js';
import {
  actionList,
  cronTriggerList,
  emptyWorkflowList,
  environmentShow,
  executionList,
  opts,
  text,
  workbookList,
  workbookShow,
  workflowList,
  workflowShow,
} from './fixtures.js';

describe('table formatter, list', () => {
  it('keeps rows of one empty cell and rows of none apart (each row is held as one string)', async () => {
    expect(await renderList({ columns: ['A'], rows: [[''], ['x']] }, opts())).toBe(text('+---+', '| A |', '+---+', '|   |', '| x |', '+---+'));
    // prettytable prints no line for a row without cells.
    expect(await renderList({ columns: [], rows: [[], []] }, opts())).toBe(text('++', '||', '++', '', '', '++'));
  });

  it('draws prettytable borders with a header row and None for null', async () => {
    expect(await renderList(workbookList, opts())).toBe(
      text(
        '+------+-----------+------------+---------+---------------------+------------+',
        '| Name | Namespace | Tags       | Scope   | Created at          | Updated at |',
        '+------+-----------+------------+---------+---------------------+------------+',
        '| wb   |           | tag1, tag2 | private | 2024-01-01 10:00:00 | None       |',
        '+------+-----------+------------+---------+---------------------+------------+',
      ),
    );
  });

  it('prints several rows with <none> strings and None as the execution-list transcript shows', async () => {
    const rule =
      '+--------------------------------------+--------------------------------------+---------------+--------------------+-------------+-------------------+--------------------------------------+---------+------------------------------+---------------------+---------------------+----------+';
    expect(await renderList(executionList, opts())).toBe(
      text(
        rule,
        '| ID                                   | Workflow ID                          | Workflow name | Workflow namespace | Description | Task Execution ID | Root Execution ID                    | State   | State info                   | Created at          | Updated at          | Duration |',
        rule,
        '| e1e1e1e1-0000-0000-0000-000000000001 | 11111111-2222-3333-4444-555555555555 | wf1           |                    | my run      | <none>            | <none>                               | SUCCESS | None                         | 2024-01-01 10:00:00 | 2024-01-01 10:00:09 | 0:00:09  |',
        '| e2                                   | 11111111-2222-3333-4444-555555555555 | wf1           |                    |             | t9                | e1e1e1e1-0000-0000-0000-000000000001 | ERROR   | Failure caused by error i... | 2024-01-01 10:00:00 | 2024-01-01 10:00:09 | 0:00:09  |',
        rule,
      ),
    );
  });

  it('right-aligns a column whose first value is a number, header included', async () => {
    expect(await renderList(cronTriggerList, opts())).toBe(
      text(
        '+------+----------+--------+-----------+---------------------+----------------------+---------------------+------------+',
        '| Name | Workflow | Params | Pattern   | Next execution time | Remaining executions | Created at          | Updated at |',
        '+------+----------+--------+-----------+---------------------+----------------------+---------------------+------------+',
        '| ct1  | wf1      | {}     | * * * * * | 2024-01-01 10:01:00 |                    3 | 2024-01-01 10:00:00 | None       |',
        '+------+----------+--------+-----------+---------------------+----------------------+---------------------+------------+',
      ),
    );
    expect(
      await renderList({ columns: ['Name', 'Count', 'Ratio', 'Ok'], rows: [['a', 3, 1.5, true]] }, opts()),
    ).toBe(
      text(
        '+------+-------+-------+------+',
        '| Name | Count | Ratio | Ok   |',
        '+------+-------+-------+------+',
        '| a    |     3 |   1.5 | True |',
        '+------+-------+-------+------+',
      ),
    );
  });

  it('prints booleans as True/False, left-aligned', async () => {
    expect(await renderList(actionList, opts())).toBe(
      text(
        '+----+----------+-----------+------------------------------+------------------------------+------+---------------------+------------+',
        '| ID | Name     | Is system | Input                        | Description                  | Tags | Created at          | Updated at |',
        '+----+----------+-----------+------------------------------+------------------------------+------+---------------------+------------+',
        '| a1 | std.echo | True      | output, some_other_parame... | Action that just returns ... | x    | 2024-01-01 10:00:00 | None       |',
        '+----+----------+-----------+------------------------------+------------------------------+------+---------------------+------------+',
      ),
    );
  });

  it("prints a Mistral lister's blank row under the header", async () => {
    expect(await renderList(emptyWorkflowList, opts({ printEmpty: true }))).toBe(
      text(
        '+----+------+-----------+------------+------+-------+-------+------------+------------+',
        '| ID | Name | Namespace | Project ID | Tags | Input | Scope | Created at | Updated at |',
        '+----+------+-----------+------------+------+-------+-------+------------+------------+',
        '|    |      |           |            |      |       |       |            |            |',
        '+----+------+-----------+------------+------+-------+-------+------------+------------+',
      ),
    );
  });

  it('prints a header-only table for zero rows with --print-empty', async () => {
    expect(await renderList({ columns: ['ID', 'Name'], rows: [] }, opts({ printEmpty: true }))).toBe(
      text('+----+------+', '| ID | Name |', '+----+------+', '+----+------+'),
    );
  });

  it('prints only the newline cliff writes after an empty string for zero rows without --print-empty', async () => {
    expect(await renderList({ columns: ['ID', 'Name'], rows: [] }, opts())).toBe('\n');
  });

  it('splits embedded newlines into table lines, \\r\\n as a newline and a lone \\r as a space', async () => {
    expect(await renderList({ columns: ['Name', 'Description'], rows: [['a', 'line1\r\nline2\rstill2']] }, opts())).toBe(
      text(
        '+------+--------------+',
        '| Name | Description  |',
        '+------+--------------+',
        '| a    | line1        |',
        '|      | line2 still2 |',
        '+------+--------------+',
      ),
    );
  });

  it('measures CJK characters as two columns and combining marks as none', async () => {
    const data = { columns: ['Name', 'Description'], rows: [['中文名', '混合 width'], ['e\u0301', 'x']] };
    expect(await renderList(data, opts())).toBe(
      text(
        '+--------+-------------+',
        '| Name   | Description |',
        '+--------+-------------+',
        '| 中文名 | 混合 width  |',
        '| e\u0301      | x           |',
        '+--------+-------------+',
      ),
    );
  });

  it('shares --max-width 80 among the wide columns and wraps their text like textwrap', async () => {
    const rule = '+----------+------+-----------+------------+--------+----------+---------+------------+------------+';
    expect(await renderList(workflowList, opts({ maxWidth: 80 }))).toBe(
      text(
        rule,
        '| ID       | Name | Namespace | Project ID | Tags   | Input    | Scope   | Created at | Updated at |',
        rule,
        '| 11111111 | wf1  |           | p1         | <none> | a, b=2,  | private | 2024-01-01 | 2024-01-02 |',
        '| -2222-   |      |           |            |        | a_very_l |         | 10:00:00   | 11:00:00   |',
        '| 3333-    |      |           |            |        | ong_para |         |            |            |',
        '| 4444-    |      |           |            |        | m...     |         |            |            |',
        '| 55555555 |      |           |            |        |          |         |            |            |',
        '| 5555     |      |           |            |        |          |         |            |            |',
        rule,
      ),
    );
  });

  it('leaves a table that already fits --max-width unchanged', async () => {
    expect(await renderList(workbookList, opts({ maxWidth: 200 }))).toBe(await renderList(workbookList, opts()));
  });
});

describe('table formatter, show', () => {
  it('prints a left-aligned Field | Value table', async () => {
    expect(await renderShow(workbookShow, opts())).toBe(
      text(
        '+------------+---------------------+',
        '| Field      | Value               |',
        '+------------+---------------------+',
        '| Name       | wb                  |',
        '| Namespace  |                     |',
        '| Tags       | tag1, tag2          |',
        '| Scope      | private             |',
        '| Created at | 2024-01-01 10:00:00 |',
        '| Updated at | None                |',
        '+------------+---------------------+',
      ),
    );
  });

  it('prints a multi-line value over several table lines', async () => {
    expect(await renderShow(environmentShow, opts())).toBe(
      text(
        '+-------------+---------------------+',
        '| Field       | Value               |',
        '+-------------+---------------------+',
        '| Name        | env1                |',
        '| Description | Test env            |',
        '| Variables   | {                   |',
        '|             |     "k": "v",       |',
        '|             |     "n": 1          |',
        '|             | }                   |',
        '| Scope       | private             |',
        '| Created at  | 2024-01-01 10:00:00 |',
        '| Updated at  | <none>              |',
        '+-------------+---------------------+',
      ),
    );
  });

  it('wraps the Value column to fit --max-width 40', async () => {
    expect(await renderShow(workflowShow, opts({ maxWidth: 40 }))).toBe(
      text(
        '+------------+-------------------------+',
        '| Field      | Value                   |',
        '+------------+-------------------------+',
        '| ID         | 11111111-2222-3333-     |',
        '|            | 4444-555555555555       |',
        '| Name       | wf1                     |',
        '| Namespace  |                         |',
        '| Project ID | p1                      |',
        '| Tags       | <none>                  |',
        '| Input      | a, b=2, a_very_long_par |',
        '|            | ameter_name=some_defaul |',
        '|            | t_value                 |',
        '| Scope      | private                 |',
        '| Created at | 2024-01-01 10:00:00     |',
        '| Updated at | 2024-01-02 11:00:00     |',
        '+------------+-------------------------+',
      ),
    );
  });

  it('shrinks a Field column wider than its share too, not below 16 (cliff 4.0.0 limits both columns)', async () => {
    const data = {
      columns: ['Field name that is quite long', 'Value'],
      values: ['short', 'a much longer value that needs wrapping across several lines of output'],
    };
    expect(await renderShow(data, opts({ maxWidth: 40 }))).toBe(
      text(
        '+------------------+-------------------+',
        '| Field            | Value             |',
        '+------------------+-------------------+',
        '| Field name that  | short             |',
        '| is quite long    |                   |',
        '| Value            | a much longer     |',
        '|                  | value that needs  |',
        '|                  | wrapping across   |',
        '|                  | several lines of  |',
        '|                  | output            |',
        '+------------------+-------------------+',
      ),
    );
  });

  it('fits the terminal width with --fit-width only when stdout is a TTY', async () => {
    const wide = await renderShow(workflowShow, opts());
    const limited = await renderShow(workflowShow, opts({ maxWidth: 40 }));
    expect(await renderShow(workflowShow, opts({ fitWidth: true, isTTY: false, terminalWidth: 40 }))).toBe(wide);
    expect(await renderShow(workflowShow, opts({ fitWidth: true, isTTY: true, terminalWidth: 40 }))).toBe(limited);
    expect(await renderShow(workflowShow, opts({ fitWidth: false, isTTY: true, terminalWidth: 40 }))).toBe(wide);
  });

  it('lets --max-width win over the terminal width', async () => {
    expect(await renderShow(workflowShow, opts({ maxWidth: 40, fitWidth: true, isTTY: true, terminalWidth: 200 }))).toBe(
      await renderShow(workflowShow, opts({ maxWidth: 40 })),
    );
  });
});
