// Control characters in cells, formatter by formatter (README "Output formats"): what each of the
// list and show formatters writes, passed through the stdout main() hands on (safeOutput of
// src/text/sanitize.ts), shows every C0/C1 control but tab and newline as an escape; json and yaml
// escape them themselves and stay cliff's byte for byte (control-reference.json, written by the
// real cliff and PyYAML: see control-reference.py), as do dict and list cells, whose repr escapes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderList, renderShow } from '../../../src/output/format.js';
import type { Cell, FormatOptions } from '../../../src/output/types.js';
import { safeOutput } from '../../../src/text/sanitize.js';
import { HOSTILE_CASES, RAW_CONTROL } from '../../helpers/hostile-text.js';
import { opts, text } from './fixtures.js';

/** What reaches the terminal: the formatter's text through the stdout of main(). */
function onStdout(output: string): string {
  let written = '';
  safeOutput({ write: (chunk: string) => (written += chunk) }).write(output);
  return written;
}

const list = (rows: Cell[][], o: Partial<FormatOptions>) => renderList({ columns: ['Name', 'Text'], rows }, opts(o)).then(onStdout);
const show = (values: Cell[], o: Partial<FormatOptions>) => renderShow({ columns: ['Name', 'Text'], values }, opts(o)).then(onStdout);

describe.each(HOSTILE_CASES)('$key: $shown', (c) => {
  const row: Cell[] = ['n', c.raw];

  it('table list and show: shown, and the columns measured on what is shown', async () => {
    const cell = c.table ?? c.shown;
    const rule = `+------+-${'-'.repeat(Math.max(4, cell.length))}-+`;
    const pad = (s: string) => s.padEnd(Math.max(4, cell.length));
    expect(await list([row], { format: 'table' })).toBe(text(rule, `| Name | ${pad('Text')} |`, rule, `| n    | ${pad(cell)} |`, rule));
    const showRule = `+-------+-${'-'.repeat(Math.max(5, cell.length))}-+`;
    const showPad = (s: string) => s.padEnd(Math.max(5, cell.length));
    expect(await show(row, { format: 'table' })).toBe(text(showRule, `| Field | ${showPad('Value')} |`, showRule, `| Name  | ${showPad('n')} |`, `| Text  | ${showPad(cell)} |`, showRule));
  });

  it('value list and show', async () => {
    expect(await list([row], { format: 'value' })).toBe(`n ${c.shown}\n`);
    expect(await show(row, { format: 'value' })).toBe(`n\n${c.shown}\n`);
  });

  it('csv: shown before the escaping, so a csv reader reads back the text shown', async () => {
    const escaped = c.shown.replace(/\\/g, '\\\\');
    expect(await list([row], { format: 'csv' })).toBe(`"Name","Text"\n"n","${escaped}"\n`);
    expect(await list([row], { format: 'csv', quote: 'none' })).toBe(`Name,Text\nn,${escaped}\n`);
  });

  it('shell: shown inside the double quotes; a backslash of the value is still escaped', async () => {
    // The one real backslash among the cases is the OSC 8 string terminator (ESC \).
    const value = c.key === 'link' ? '\\x1b]8;;http://evil.example/\\x1b\\\\click\\x1b]8;;\\x1b\\\\' : c.shown;
    expect(await show(row, { format: 'shell' })).toBe(`name="n"\ntext="${value}"\n`);
  });

  it('json and yaml: escaped by the formatter, nothing left for the boundary to change', async () => {
    expect(await list([row], { format: 'json' })).toBe(`[\n  {\n    "Name": "n",\n    "Text": "${c.json}"\n  }\n]\n`);
    expect(await list([row], { format: 'json', noindent: true })).toBe(`[{"Name": "n", "Text": "${c.json}"}]\n`);
    expect(await show(row, { format: 'json' })).toBe(`{\n  "Name": "n",\n  "Text": "${c.json}"\n}\n`);
    expect(await list([row], { format: 'yaml' })).toBe(`- Name: n\n  Text: ${c.yaml}\n`);
    expect(await show(row, { format: 'yaml' })).toBe(`Name: n\nText: ${c.yaml}\n`);
  });
});

interface ReferenceCase {
  name: string;
  op: 'list' | 'show';
  opts: Partial<FormatOptions> & { format: string };
  columns: string[];
  data: Cell[][] | Cell[];
  expected: string;
}

const reference = JSON.parse(readFileSync(new URL('./control-reference.json', import.meta.url), 'utf8')) as ReferenceCase[];

describe('cliff and PyYAML on the same text (control-reference.json)', () => {
  it('covers every C0 control, DEL and every C1 control, in json, yaml and nested cells of the other formats', () => {
    const strings = reference.find((c) => c.name === 'strings')!.data as Cell[][];
    const controls = strings.map((row) => String(row[1])).filter((t) => t.length === 3).map((t) => t.charCodeAt(1));
    for (let cp = 0; cp < 0xa0; cp++) if (cp <= 0x20 || cp >= 0x7e) expect(controls).toContain(cp);
    expect(new Set(reference.map((c) => c.opts.format))).toEqual(new Set(['json', 'yaml', 'table', 'value', 'csv']));
  });

  it.each(reference.map((c, i) => [`${i} ${c.name}: ${c.op} -f ${c.opts.format} ${JSON.stringify(c.opts)}`, c] as const))('%s', async (_, c) => {
    const output = c.op === 'list' ? renderList({ columns: c.columns, rows: c.data as Cell[][] }, opts(c.opts)) : renderShow({ columns: c.columns, values: c.data as Cell[] }, opts(c.opts));
    const formatted = await output;
    const printed = onStdout(formatted);
    expect(printed).toBe(c.expected);
    // The formatter's own text already: the boundary had nothing to change.
    expect(printed).toBe(formatted);
    expect(printed).not.toMatch(RAW_CONTROL);
  });
});
