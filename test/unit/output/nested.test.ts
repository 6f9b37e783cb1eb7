// Cells holding JSON objects and arrays (a trigger's workflow_params as the API returns it). The
// expected texts come from the real cliff 4.0.0 / prettytable 3.6.0 / PyYAML 6.0 on Python 3.11:
// the inline ones were printed by the Debian packages, nested-reference.json is written by
// nested-reference.py (see there for how to regenerate it).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderList, renderShow } from '../../../src/output/format.js';
import { pyRepr, pyStr } from '../../../src/output/pystr.js';
import type { Cell, FormatOptions, ListData, ShowData } from '../../../src/output/types.js';
import { opts, text } from './fixtures.js';
import { evalInShell } from './shell-eval.js';

const PARAMS: Cell = {
  p: 1,
  q: [true, null, 'x'],
  r: {},
  s: 'it\'s "q"',
  u: 'café ☃ 😀',
  f: 1.5,
  n: { z: [], a: { b: [1, { c: 'd' }] } },
};
const PARAMS_REPR = `{'p': 1, 'q': [True, None, 'x'], 'r': {}, 's': 'it\\'s "q"', 'u': 'café ☃ 😀', 'f': 1.5, 'n': {'z': [], 'a': {'b': [1, {'c': 'd'}]}}}`;

const ROWS: Cell[][] = [
  ['t1', PARAMS, []],
  ['t2', {}, [1, 'two', { k: null }]],
];
const list: ListData = { columns: ['Name', 'Params', 'Other'], rows: ROWS };
const show: ShowData = { columns: list.columns, values: ROWS[0] };

describe('Python str() of dicts and lists', () => {
  it('is the repr: single quotes, True/False/None, nested, keys in their order', () => {
    expect(pyStr(PARAMS)).toBe(PARAMS_REPR);
    expect(pyStr({})).toBe('{}');
    expect(pyStr([])).toBe('[]');
    expect(pyStr([[], {}, [null, false, -0.5, 1e-7]])).toBe('[[], {}, [None, False, -0.5, 1e-07]]');
  });

  it("quotes strings as repr does: double quotes for a ' without \", escapes otherwise", () => {
    expect(pyRepr(["it's", 'say "hi"', 'it\'s "both"', 'a\\b', 'l1\nl2\t\r', '\x00\x7f\xa0\u200b\u2028', '日本 😀'])).toBe(
      `["it's", 'say "hi"', 'it\\'s "both"', 'a\\\\b', 'l1\\nl2\\t\\r', '\\x00\\x7f\\xa0\\u200b\\u2028', '日本 😀']`,
    );
  });
});

describe('formatters with nested cells', () => {
  it('table: the repr, left-aligned, for a list', async () => {
    expect(await renderList(list, opts())).toBe(
      text(
        '+------+--------------------------------------------------------------------------------------------------------------------------------------+-------------------------+',
        '| Name | Params                                                                                                                               | Other                   |',
        '+------+--------------------------------------------------------------------------------------------------------------------------------------+-------------------------+',
        `| t1   | ${PARAMS_REPR} | []                      |`,
        "| t2   | {}                                                                                                                                   | [1, 'two', {'k': None}] |",
        '+------+--------------------------------------------------------------------------------------------------------------------------------------+-------------------------+',
      ),
    );
  });

  it('table: the repr for a show', async () => {
    const rule = '+--------+--------------------------------------------------------------------------------------------------------------------------------------+';
    expect(await renderShow(show, opts())).toBe(
      text(
        rule,
        '| Field  | Value                                                                                                                                |',
        rule,
        '| Name   | t1                                                                                                                                   |',
        `| Params | ${PARAMS_REPR} |`,
        '| Other  | []                                                                                                                                   |',
        rule,
      ),
    );
  });

  it('json: nested values, indent 2', async () => {
    expect(await renderList(list, opts({ format: 'json' }))).toBe(
      text(
        '[',
        '  {',
        '    "Name": "t1",',
        '    "Params": {',
        '      "p": 1,',
        '      "q": [',
        '        true,',
        '        null,',
        '        "x"',
        '      ],',
        '      "r": {},',
        '      "s": "it\'s \\"q\\"",',
        '      "u": "caf\\u00e9 \\u2603 \\ud83d\\ude00",',
        '      "f": 1.5,',
        '      "n": {',
        '        "z": [],',
        '        "a": {',
        '          "b": [',
        '            1,',
        '            {',
        '              "c": "d"',
        '            }',
        '          ]',
        '        }',
        '      }',
        '    },',
        '    "Other": []',
        '  },',
        '  {',
        '    "Name": "t2",',
        '    "Params": {},',
        '    "Other": [',
        '      1,',
        '      "two",',
        '      {',
        '        "k": null',
        '      }',
        '    ]',
        '  }',
        ']',
      ),
    );
  });

  it('json: nested values on one line under --noindent', async () => {
    expect(await renderList(list, opts({ format: 'json', noindent: true }))).toBe(
      '[{"Name": "t1", "Params": {"p": 1, "q": [true, null, "x"], "r": {}, "s": "it\'s \\"q\\"", "u": "caf\\u00e9 \\u2603 \\ud83d\\ude00", "f": 1.5, ' +
        '"n": {"z": [], "a": {"b": [1, {"c": "d"}]}}}, "Other": []}, {"Name": "t2", "Params": {}, "Other": [1, "two", {"k": null}]}]\n',
    );
  });

  it('yaml: block style, nested keys sorted, sequences in a mapping indentless, empty ones in flow style', async () => {
    expect(await renderList(list, opts({ format: 'yaml' }))).toBe(
      text(
        '- Name: t1',
        '  Other: []',
        '  Params:',
        '    f: 1.5',
        '    n:',
        '      a:',
        '        b:',
        '        - 1',
        '        - c: d',
        '      z: []',
        '    p: 1',
        '    q:',
        '    - true',
        '    - null',
        '    - x',
        '    r: {}',
        '    s: it\'s "q"',
        '    u: "caf\\xE9 \\u2603 \\U0001F600"',
        '- Name: t2',
        '  Other:',
        '  - 1',
        '  - two',
        '  - k: null',
        '  Params: {}',
      ),
    );
    expect(await renderShow(show, opts({ format: 'yaml' }))).toBe(
      text(
        'Name: t1',
        'Params:',
        '  f: 1.5',
        '  n:',
        '    a:',
        '      b:',
        '      - 1',
        '      - c: d',
        '    z: []',
        '  p: 1',
        '  q:',
        '  - true',
        '  - null',
        '  - x',
        '  r: {}',
        '  s: it\'s "q"',
        '  u: "caf\\xE9 \\u2603 \\U0001F600"',
        'Other: []',
      ),
    );
  });

  it('value: the repr', async () => {
    expect(await renderList(list, opts({ format: 'value' }))).toBe(text(`t1 ${PARAMS_REPR} []`, "t2 {} [1, 'two', {'k': None}]"));
    expect(await renderShow(show, opts({ format: 'value' }))).toBe(text('t1', PARAMS_REPR, '[]'));
  });

  it('csv: the repr as a quoted field, its quotes doubled and backslashes escaped', async () => {
    expect(await renderList(list, opts({ format: 'csv' }))).toBe(
      text(
        '"Name","Params","Other"',
        `"t1","{'p': 1, 'q': [True, None, 'x'], 'r': {}, 's': 'it\\\\'s ""q""', 'u': 'café ☃ 😀', 'f': 1.5, 'n': {'z': [], 'a': {'b': [1, {'c': 'd'}]}}}","[]"`,
        `"t2","{}","[1, 'two', {'k': None}]"`,
      ),
    );
  });

  it('shell: the repr with its \\ and " escaped, so that eval gives the repr back (cliff leaves both raw)', async () => {
    const output = await renderShow(show, opts({ format: 'shell' }));
    expect(output).toBe(
      text('name="t1"', `params="{'p': 1, 'q': [True, None, 'x'], 'r': {}, 's': 'it\\\\'s \\"q\\"', 'u': 'café ☃ 😀', 'f': 1.5, 'n': {'z': [], 'a': {'b': [1, {'c': 'd'}]}}}"`, 'other="[]"'),
    );
    expect(evalInShell('bash', output, ['name', 'params', 'other']).values).toEqual(['t1', PARAMS_REPR, '[]']);
  });
});

describe('--sort-column on nested cells', () => {
  const sortOpts = (sortColumns: string[], sortDescending = false) => {
    const warnings: string[] = [];
    return { warnings, options: opts({ format: 'value', sortColumns, sortDescending, onWarning: (l) => warnings.push(l) }) };
  };

  it('leaves equal dicts in place without a warning', async () => {
    const { warnings, options } = sortOpts(['Params']);
    const data: ListData = { columns: ['Params', 'Name'], rows: [[{}, 'b'], [null, 'c'], [{}, 'a']] };
    expect(await renderList(data, options)).toBe(text('{} b', '{} a', 'None c'));
    expect(warnings).toEqual([]);
  });

  it('warns and keeps the order for different dicts', async () => {
    const { warnings, options } = sortOpts(['Params']);
    const data: ListData = { columns: ['Params', 'Name'], rows: [[{ a: 2 }, 'b'], [{ a: 1 }, 'a']] };
    expect(await renderList(data, options)).toBe(text("{'a': 2} b", "{'a': 1} a"));
    expect(warnings).toEqual(["WARNING (lister) Could not sort on field 'Params'; unsortable types"]);
  });

  it('orders lists item by item, a prefix first', async () => {
    const { warnings, options } = sortOpts(['List'], true);
    const data: ListData = { columns: ['List'], rows: [[[1, 'a']], [[1]], [[0, { x: 1 }]], [[1, 'b']]] };
    expect(await renderList(data, options)).toBe(text("[1, 'b']", "[1, 'a']", '[1]', "[0, {'x': 1}]"));
    expect(warnings).toEqual([]);
  });
});

interface ReferenceCase {
  name: string;
  op: 'list' | 'show';
  opts: Partial<FormatOptions>;
  columns: string[];
  data: Cell[][] | Cell[];
  expected?: string;
  error?: string;
  warnings?: string[];
}

const reference = JSON.parse(readFileSync(new URL('./nested-reference.json', import.meta.url), 'utf8')) as ReferenceCase[];

describe('the reference corpus (nested-reference.json)', () => {
  it('has cases of every kind', () => {
    expect(reference.length).toBeGreaterThan(400);
    expect(reference.some((c) => c.warnings)).toBe(true);
    expect(reference.some((c) => c.error)).toBe(true);
  });

  it.each(reference.map((c, i) => [`${i} ${c.name}: ${c.op} -f ${c.opts.format} ${JSON.stringify(c.opts)}`, c] as const))(
    '%s',
    async (_, c) => {
      const warnings: string[] = [];
      const options = opts({ ...c.opts, onWarning: (line) => warnings.push(line) });
      const output =
        c.op === 'list'
          ? renderList({ columns: c.columns, rows: c.data as Cell[][] }, options)
          : renderShow({ columns: c.columns, values: c.data as Cell[] }, options);
      if (c.error !== undefined) await expect(output).rejects.toThrow(c.error);
      else if (c.opts.format === 'shell' && !cliffQuotesSafely(c.data as Cell[])) {
        // A deliberate difference: cliff's quoting is not safe for these values. The only change
        // is the added backslashes, and eval now gives every value back.
        const printed = await output;
        expect(asCliffQuotes(printed, c)).toBe(c.expected);
        const names = shellNames(c).filter(([name]) => printed.includes(`\n${name}="`) || printed.startsWith(`${name}="`));
        expect(evalInShell('bash', printed, names.map(([name]) => name)).values).toEqual(names.map(([, value]) => pyStr(value)));
      } else expect(await output).toBe(c.expected);
      expect(warnings).toEqual(c.warnings ?? []);
    },
  );
});

/** cliff's `"`-only escaping gives eval the literal value: no `$`, backtick or `\\`, and no `"` in a repr. */
function cliffQuotesSafely(values: Cell[]): boolean {
  return values.every((v) => !/[$`\\]/.test(pyStr(v)) && (typeof v === 'string' || !pyStr(v).includes('"')));
}

/** Each variable the case's shell output can set, with its cell (prefix and cliff's renaming applied). */
function shellNames(c: ReferenceCase): Array<[string, Cell]> {
  const prefix = c.opts.prefix ?? '';
  return c.columns.map((column, i) => [`${prefix}${column.toLowerCase().replace(/ /g, '_').replace(/[:-]/g, '_')}`, (c.data as Cell[])[i]]);
}

/** Our shell output with the escapes cliff does not make taken out again: `\\$`, `\\``, `\\\\`, and `\\"` in a repr. */
function asCliffQuotes(printed: string, c: ReferenceCase): string {
  const cells = new Map(shellNames(c));
  return printed.replace(/^([^=\n]*)="((?:[^"\\]|\\[$`"\\])*)"$/gm, (_, name: string, quoted: string) => {
    const isStr = typeof cells.get(name) === 'string';
    return `${name}="${quoted.replace(/\\([$`"\\])/g, (pair: string, ch: string) => (ch === '"' && isStr ? pair : ch))}"`;
  });
}
