import { describe, expect, it } from 'vitest';
import { renderShow } from '../../../src/output/format.js';
import { pyStr } from '../../../src/output/pystr.js';
import type { Cell } from '../../../src/output/types.js';
import { environmentShow, opts, text, workbookShow } from './fixtures.js';
import { evalInShell, SHELLS } from './shell-eval.js';

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

// What eval must give back literally: shell syntax of every kind, quotes, backslashes before each
// special character, newlines (also trailing), history characters and unicode.
const NASTY = [
  '$(touch pwned-subst)',
  '`touch pwned-backtick`',
  '\\$(touch pwned-escaped)',
  '\\`touch pwned-escaped-backtick\\`',
  '"; touch pwned-break; x="',
  "'; touch pwned-single; '",
  '${HOME} $HOME $$ $1 $? $((6*7)) ${x:-$(touch pwned-default)}',
  '\\',
  '\\\\',
  'ends with a backslash \\',
  '\\"',
  '"',
  '""',
  "it's \"q\"",
  '! !! !$ !-1 ^a^b',
  'line 1\nline 2',
  'trailing newlines\n\n',
  '\n',
  'crlf\r\nand a lone \r cr',
  'tab\there',
  'café ☃ 😀 \u2028 \u00a0 日本',
  "$'\\n'",
  '~ * ? [a] {a,b} # ; & | < > ( )',
  '  leading and trailing spaces  ',
  '',
  'C:\\path\\to\\file',
  '\\n is not a newline',
];

const names = (values: unknown[]) => values.map((_, i) => `v${i}`);
const showOf = (values: Cell[]) => ({ columns: names(values), values });

describe('shell formatter: safe to eval', () => {
  it('puts a backslash before $, backtick, \\ and " and before nothing else', async () => {
    const data = { columns: ['A', 'B', 'C', 'D', 'E'], values: ['$(id)', '`id`', 'a\\b', 'say "hi"', 'x\ny!\t€'] };
    expect(await renderShow(data, opts({ format: 'shell' }))).toBe(
      text('a="\\$(id)"', 'b="\\`id\\`"', 'c="a\\\\b"', 'd="say \\"hi\\""', 'e="x', 'y!\t€"'),
    );
  });

  it('prints values without $, backtick or \\ exactly as cliff does', async () => {
    // cliff 4.0.0: `'%s%s="%s"\n' % (prefix, name, value.replace('"', '\\"'))` for a str, str(value) otherwise.
    const data = { columns: ['Description', 'Params', 'Tags'], values: ["it's \"quoted\"\nsecond line ! ☃", { a: [1, null], b: 'it' }, ['x', 'y']] };
    expect(await renderShow(data, opts({ format: 'shell' }))).toBe(
      text('description="it\'s \\"quoted\\"', 'second line ! ☃"', `params="{'a': [1, None], 'b': 'it'}"`, `tags="['x', 'y']"`),
    );
  });

  for (const shell of SHELLS) {
    it(`${shell}: eval gives back every nasty str value literally and runs nothing`, async () => {
      const output = await renderShow(showOf(NASTY), opts({ format: 'shell' }));
      const evaluated = evalInShell(shell, output, names(NASTY));
      expect(evaluated.stderr).toBe('');
      expect(evaluated.values).toEqual(NASTY);
      expect(evaluated.created).toEqual([]);
    });

    it(`${shell}: eval gives back the Python repr of dicts and lists holding them`, async () => {
      const cells: Cell[] = [{ cmd: NASTY[0], all: NASTY }, NASTY, [{ 'key "q"': 'v\\' }], { [NASTY[1]]: null }];
      const output = await renderShow(showOf(cells), opts({ format: 'shell' }));
      const evaluated = evalInShell(shell, output, names(cells));
      expect(evaluated.values).toEqual(cells.map(pyStr));
      expect(evaluated.created).toEqual([]);
    });
  }

  it('keeps --prefix and --variable with nasty values', async () => {
    const data = { columns: ['Name', 'Description'], values: ['wf', '$(touch pwned-prefix) `x` \\'] };
    const output = await renderShow(data, opts({ format: 'shell', prefix: 'p_', variables: ['description'] }));
    expect(output).toBe(text('p_description="\\$(touch pwned-prefix) \\`x\\` \\\\"'));
    const evaluated = evalInShell('bash', output, ['p_description', 'p_name']);
    expect(evaluated.values).toEqual(['$(touch pwned-prefix) `x` \\', '']);
    expect(evaluated.created).toEqual([]);
  });

  describe('random strings (seeded), eval-ed in bash and dash', () => {
    // Mostly shell syntax, with letters, controls and unicode (astral too) between.
    const ALPHABET = [...'$`\\"\'!(){}[];&|<>*?~#=%^ \t\n\rabcxyz019-_', '$(', '${', '\\\n', 'é', '☃', '😀', '\u2028', '\u0001', '\u007f'];
    let seed = 20240611;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const randomString = () => Array.from({ length: Math.floor(next() * 40) }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join('');
    const strings = Array.from({ length: 400 }, randomString);
    const cells: Cell[] = [...strings, ...Array.from({ length: 50 }, () => ({ [randomString()]: [randomString(), randomString()] }))];

    for (const shell of ['bash', 'dash']) {
      it(`${shell}: every value comes back literally`, async () => {
        const output = await renderShow(showOf(cells), opts({ format: 'shell' }));
        const evaluated = evalInShell(shell, output, names(cells));
        expect(evaluated.stderr).toBe('');
        expect(evaluated.values).toEqual(cells.map(pyStr));
        expect(evaluated.created).toEqual([]);
      });
    }
  });
});
