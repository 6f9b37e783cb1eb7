import { describe, expect, it } from 'vitest';
import { renderList, renderShow } from '../../../src/output/format.js';
import type { Cell } from '../../../src/output/types.js';
import { actionList, emptyWorkflowList, environmentShow, opts, text, workbookList, workbookShow } from './fixtures.js';

const yaml = opts({ format: 'yaml' });

// Expected text produced once by PyYAML 6.0 (Debian python3-yaml):
//   yaml.safe_dump({'Value': v}, default_flow_style=False)
const PYYAML_BATTERY: [Cell, string][] = [
  ["", "Value: ''\n"],
  ["None", "Value: None\n"],
  ["null", "Value: 'null'\n"],
  ["~", "Value: '~'\n"],
  ["yes", "Value: 'yes'\n"],
  ["No", "Value: 'No'\n"],
  ["on", "Value: 'on'\n"],
  ["OFF", "Value: 'OFF'\n"],
  ["y", "Value: y\n"],
  ["1.0", "Value: '1.0'\n"],
  ["0x10", "Value: '0x10'\n"],
  ["010", "Value: '010'\n"],
  ["1_000", "Value: '1_000'\n"],
  ["12:30", "Value: '12:30'\n"],
  [".inf", "Value: '.inf'\n"],
  ["2024-01-01", "Value: '2024-01-01'\n"],
  ["2024-01-01 10:00:00", "Value: '2024-01-01 10:00:00'\n"],
  ["<<", "Value: '<<'\n"],
  ["=", "Value: '='\n"],
  ["a: b", "Value: 'a: b'\n"],
  ["a:b", "Value: a:b\n"],
  ["a #b", "Value: 'a #b'\n"],
  ["a#b", "Value: a#b\n"],
  ["#x", "Value: '#x'\n"],
  ["- x", "Value: '- x'\n"],
  ["-x", "Value: -x\n"],
  ["? x", "Value: '? x'\n"],
  ["---x", "Value: '---x'\n"],
  ["  leading", "Value: '  leading'\n"],
  ["trailing ", "Value: 'trailing '\n"],
  ["it's", "Value: it's\n"],
  ["say \"hi\"", "Value: say \"hi\"\n"],
  ["back\\slash", "Value: back\\slash\n"],
  ["tab\there", "Value: \"tab\\there\"\n"],
  ["héllo", "Value: \"h\\xE9llo\"\n"],
  ["中文", "Value: \"\\u4E2D\\u6587\"\n"],
  ["😀", "Value: \"\\U0001F600\"\n"],
  ["line1\nline2", "Value: 'line1\n\n  line2'\n"],
  ["ends with newline\n", "Value: 'ends with newline\n\n  '\n"],
  ["a \nb", "Value: \"a \\nb\"\n"],
  ["@x", "Value: '@x'\n"],
  ["`x", "Value: '`x'\n"],
  ["%x", "Value: '%x'\n"],
  ["!x", "Value: '!x'\n"],
  ["&x", "Value: '&x'\n"],
  ["*x", "Value: '*x'\n"],
  ["|x", "Value: '|x'\n"],
  [">x", "Value: '>x'\n"],
  ["[x]", "Value: '[x]'\n"],
  ["{x}", "Value: '{x}'\n"],
  ["a, b", "Value: a, b\n"],
  ["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "Value: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"],
  ["word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24 word25 word26 word27 word28 word29", "Value: word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12\n  word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24\n  word25 word26 word27 word28 word29\n"],
  ["Failure caused by error in tasks: t1 word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24", "Value: 'Failure caused by error in tasks: t1 word0 word1 word2 word3 word4 word5 word6\n  word7 word8 word9 word10 word11 word12 word13 word14 word15 word16 word17 word18\n  word19 word20 word21 word22 word23 word24'\n"],
  ["single 'quoted' long text long text long text long text long text long text long text long text long text long text ", "Value: 'single ''quoted'' long text long text long text long text long text long text\n  long text long text long text long text '\n"],
  ["unicode é long text long text long text long text long text long text long text long text long text long text ", "Value: \"unicode \\xE9 long text long text long text long text long text long text long\\\n  \\ text long text long text long text \"\n"],
  [3, "Value: 3\n"],
  [-5, "Value: -5\n"],
  [1.5, "Value: 1.5\n"],
  [1e-05, "Value: 1.0e-05\n"],
  [true, "Value: true\n"],
  [false, "Value: false\n"],
  [null, "Value: null\n"],
];

describe('yaml formatter', () => {
  it('prints a list as a sequence of mappings with keys sorted alphabetically', async () => {
    expect(await renderList(workbookList, yaml)).toBe(
      text(
        "- Created at: '2024-01-01 10:00:00'",
        '  Name: wb',
        "  Namespace: ''",
        '  Scope: private',
        '  Tags: tag1, tag2',
        '  Updated at: null',
      ),
    );
  });

  it('prints a show as a mapping in column order', async () => {
    expect(await renderShow(workbookShow, yaml)).toBe(
      text(
        'Name: wb',
        "Namespace: ''",
        'Tags: tag1, tag2',
        'Scope: private',
        "Created at: '2024-01-01 10:00:00'",
        'Updated at: null',
      ),
    );
  });

  it('prints booleans as true/false', async () => {
    expect(await renderList(actionList, opts({ format: 'yaml', columns: ['Name', 'Is system'] }))).toBe(
      text('- Is system: true', '  Name: std.echo'),
    );
  });

  it('double-quotes a multi-line value whose lines start with spaces', async () => {
    expect(await renderShow(environmentShow, yaml)).toBe(
      text(
        'Name: env1',
        'Description: Test env',
        'Variables: "{\\n    \\"k\\": \\"v\\",\\n    \\"n\\": 1\\n}"',
        'Scope: private',
        "Created at: '2024-01-01 10:00:00'",
        "Updated at: <none>",
      ),
    );
  });

  it.each(PYYAML_BATTERY)('renders %j as PyYAML does', async (value, expected) => {
    expect(await renderShow({ columns: ['Value'], values: [value] }, yaml)).toBe(expected);
  });

  it('folds long scalars at 80 columns, continuation lines indented under the sequence item', async () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
    const data = {
      columns: ['Long', 'Key', 'Plain'],
      rows: [[`Failure caused by error in tasks: t1 ${words(25)}`, `unicode é ${'long text '.repeat(10)}`, words(30)]],
    };
    // yaml.safe_dump([row], default_flow_style=False)
    expect(await renderList(data, yaml)).toBe(
      text(
        '- Key: "unicode \\xE9 long text long text long text long text long text long text long\\',
        '    \\ text long text long text long text "',
        "  Long: 'Failure caused by error in tasks: t1 word0 word1 word2 word3 word4 word5",
        '    word6 word7 word8 word9 word10 word11 word12 word13 word14 word15 word16 word17',
        "    word18 word19 word20 word21 word22 word23 word24'",
        '  Plain: word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11',
        '    word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23',
        '    word24 word25 word26 word27 word28 word29',
      ),
    );
  });

  it('writes a key of 123 or more characters as an explicit ? key', async () => {
    const key = 'K'.repeat(130);
    expect(await renderShow({ columns: [key], values: ['v'] }, yaml)).toBe(text(`? ${key}`, ': v'));
    expect(await renderList({ columns: [key, 'a'], rows: [['v', 1]] }, yaml)).toBe(text(`- ? ${key}`, '  : v', '  a: 1'));
  });

  it("quotes the empty strings of a Mistral lister's blank row", async () => {
    expect(await renderList({ columns: emptyWorkflowList.columns.slice(0, 2), rows: [['', '']] }, yaml)).toBe(
      text("- ID: ''", "  Name: ''"),
    );
  });

  it('prints [] for zero rows', async () => {
    expect(await renderList({ columns: ['ID'], rows: [] }, yaml)).toBe('[]\n');
  });
});
