import { describe, expect, it } from 'vitest';
import { renderShow } from '../../../src/output/format.js';
import { environmentShow, opts, text, workbookShow } from './fixtures.js';

describe('shell formatter', () => {
  it('prints name="value" with lower-cased, underscored names and None for null', async () => {
    expect(await renderShow(workbookShow, opts({ format: 'shell' }))).toBe(
      text('name="wb"', 'namespace=""', 'tags="tag1, tag2"', 'scope="private"', 'created_at="2024-01-01 10:00:00"', 'updated_at="None"'),
    );
  });

  it('adds --prefix and keeps the -c columns in command order', async () => {
    expect(await renderShow(workbookShow, opts({ format: 'shell', prefix: 'wb_', columns: ['Name', 'Created at'] }))).toBe(
      text('wb_name="wb"', 'wb_created_at="2024-01-01 10:00:00"'),
    );
  });

  it('escapes double quotes and leaves newlines in place', async () => {
    expect(await renderShow(environmentShow, opts({ format: 'shell' }))).toBe(
      text(
        'name="env1"',
        'description="Test env"',
        'variables="{',
        '    \\"k\\": \\"v\\",',
        '    \\"n\\": 1',
        '}"',
        'scope="private"',
        'created_at="2024-01-01 10:00:00"',
        'updated_at="<none>"',
      ),
    );
  });

  it("turns ':' and '-' into '_' and prints non-strings through str()", async () => {
    const data = { columns: ['Workflow namespace', 'a:b-c', 'Count', 'Ok', 'Missing'], values: ['ns', 'v', 3, true, null] };
    expect(await renderShow(data, opts({ format: 'shell', prefix: 'x_' }))).toBe(
      text('x_workflow_namespace="ns"', 'x_a_b_c="v"', 'x_count="3"', 'x_ok="True"', 'x_missing="None"'),
    );
  });

  it('keeps only --variable names, matched before : and - are replaced', async () => {
    const data = { columns: ['Workflow namespace', 'a:b-c', 'Count'], values: ['ns', 'v', 3] };
    expect(await renderShow(data, opts({ format: 'shell', variables: ['a:b-c', 'count'] }))).toBe(text('a_b_c="v"', 'count="3"'));
  });
});
