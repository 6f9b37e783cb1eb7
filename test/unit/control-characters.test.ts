// README "Output formats": no byte from a server or a settings file reaches the terminal as a
// control character, whatever prints it. The whole CLI against the fake Mistral, whose hostile
// routes (test/helpers/mistral-routes/hostile.ts) serve ESC sequences, OSC 8 links, `\r`,
// backspaces, DEL, C1 CSI and invalid UTF-8 in names, inputs, tags, definitions, descriptions, state
// info, outputs, results and faultstrings: every list and show format, plain-text commands, the
// error line, warnings, progress (plain lines and the live line) and --debug.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { lines, NOW, runCli, type CliResult, type RunOptions } from '../helpers/cli.js';
import { TARGET_DOMAIN, useWorld } from '../helpers/clouds.js';
import { failResult } from '../helpers/mistral.js';
import { HOSTILE_CASES, INVALID_UTF8, RAW_CONTROL, type HostileCase } from '../helpers/hostile-text.js';

const world = useWorld();

/** Unauthenticated, straight at the fake Mistral. Nothing raw on stdout or stderr, ever. */
async function direct(...argv: string[]): Promise<CliResult> {
  const result = await runCli(['--os-mistral-url', world.mistral.apiUrl, ...argv]);
  expect(result.stray).toBe('');
  expect(result.stdout).not.toMatch(RAW_CONTROL);
  expect(result.stderr).not.toMatch(RAW_CONTROL);
  return result;
}

const UTF8: HostileCase = { key: 'utf8', raw: '', shown: INVALID_UTF8.shown, json: INVALID_UTF8.json, yaml: INVALID_UTF8.yaml };
const CASES = [...HOSTILE_CASES, UTF8];
const LIST = ['workflow-list', '--filter'];

describe('list and show formats', () => {
  // The commands cut and wrap some cells at 25 characters of the text the server sent (Input,
  // Tags), as python-mistralclient does; Name is neither, and cliff's table makes \r a space.
  it.each(['table', 'value', 'csv'])('workflow-list -f %s: exactly what the server sending the shown text prints', async (format) => {
    const evil = await direct(...LIST, 'name=evil', '-f', format, '-c', 'ID', '-c', 'Name');
    const safe = await direct(...LIST, 'name=safe', '-f', format, '-c', 'ID', '-c', 'Name');
    expect(evil.code).toBe(0);
    expect(evil.stderr).toBe('');
    const overwrite = format === 'table' ? ['wf-rm -rf ~ ls    ', 'wf-rm -rf ~\\rls   '] : ['', ''];
    expect(evil.stdout.replace(/evil-/g, 'safe-').replace(overwrite[0], overwrite[1])).toBe(safe.stdout);
  });

  it('workflow-list with the columns that are cut or wrapped: still nothing raw', async () => {
    for (const format of ['table', 'value', 'csv', 'json', 'yaml']) {
      const result = await direct(...LIST, 'name=evil', '-f', format);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('evil-utf8');
    }
  });

  it('workflow-list -f value, line by line', async () => {
    const result = await direct(...LIST, 'name=evil', '-f', 'value', '-c', 'Name');
    // The OSC 8 case's tags are wrapped (python-mistralclient's tag cell); its name is not.
    expect(lines(result.stdout)).toEqual(CASES.map((c) => `wf-${c.shown}`));
  });

  it('workflow-list -f table: columns line up on what is shown; cliff turns \\r into a space', async () => {
    const result = await direct(...LIST, 'name=evil', '-f', 'table', '-c', 'Name');
    const rule = `+${'-'.repeat(56)}+`;
    expect(result.stdout).toBe(
      [rule, `| ${'Name'.padEnd(54)} |`, rule, ...CASES.map((c) => `| ${`wf-${c.table ?? c.shown}`.padEnd(54)} |`), rule, ''].join('\n'),
    );
    expect(result.stdout).toContain('| wf-rm -rf ~ ls ');
    expect(result.stdout).toContain('| wf-\\x1b]8;;http://evil.example/\\x1b\\click\\x1b]8;;\\x1b\\ |');
  });

  it('workflow-list -f csv: the backslashes of the escapes are escaped like any other', async () => {
    const result = await direct(...LIST, 'name=evil', '-f', 'csv', '-c', 'Name');
    expect(lines(result.stdout)).toEqual(['"Name"', ...CASES.map((c) => `"wf-${c.shown.replace(/\\/g, '\\\\')}"`)]);
  });

  it('workflow-list -f json and -f yaml: escaped by the formatter, as json.dumps and PyYAML do', async () => {
    const json = await direct(...LIST, 'name=evil', '-f', 'json', '-c', 'Name');
    expect(json.stdout).toBe(`[\n${CASES.map((c) => `  {\n    "Name": "wf-${c.json}"\n  }`).join(',\n')}\n]\n`);
    const yaml = await direct(...LIST, 'name=evil', '-f', 'yaml', '-c', 'Name');
    expect(yaml.stdout).toBe(CASES.map((c) => `- Name: "wf-${c.yaml.slice(1)}\n`).join(''));
  });

  describe.each(CASES)('workflow-get $key', (c) => {
    it('-f table and -f value: as the shown text', async () => {
      for (const format of c.table ? ['value'] : ['table', 'value']) {
        const evil = await direct('workflow-get', `evil-${c.key}`, '-f', format, '-c', 'ID', '-c', 'Name', '-c', 'Input');
        const safe = await direct('workflow-get', `safe-${c.key}`, '-f', format, '-c', 'ID', '-c', 'Name', '-c', 'Input');
        expect(evil.code).toBe(0);
        expect(evil.stdout.replace(`evil-${c.key}`, `safe-${c.key}`)).toBe(safe.stdout);
      }
      const value = await direct('workflow-get', `evil-${c.key}`, '-f', 'value', '-c', 'Name', '-c', 'Input');
      expect(value.stdout).toBe(`wf-${c.shown}\n${c.shown}\n`);
      const table = await direct('workflow-get', `evil-${c.key}`, '-f', 'table', '-c', 'Input');
      const cell = c.table ?? c.shown;
      const rule = `+-------+-${'-'.repeat(Math.max(5, cell.length))}-+`;
      expect(table.stdout).toBe([rule, `| Field | ${'Value'.padEnd(cell.length)} |`, rule, `| Input | ${cell.padEnd(5)} |`, rule, ''].join('\n'));
    });

    it('-f shell: the shown text inside the quotes', async () => {
      const result = await direct('workflow-get', `evil-${c.key}`, '-f', 'shell', '-c', 'Name', '-c', 'Input');
      const quoted = c.key === 'link' ? '\\x1b]8;;http://evil.example/\\x1b\\\\click\\x1b]8;;\\x1b\\\\' : c.shown;
      expect(result.stdout).toBe(`name="wf-${quoted}"\ninput="${quoted}"\n`);
    });

    it('-f json and -f yaml: the formatter escapes', async () => {
      const json = await direct('workflow-get', `evil-${c.key}`, '-f', 'json', '-c', 'Name', '-c', 'Input');
      expect(json.stdout).toBe(`{\n  "Name": "wf-${c.json}",\n  "Input": "${c.json}"\n}\n`);
      const yaml = await direct('workflow-get', `evil-${c.key}`, '-f', 'yaml', '-c', 'Name', '-c', 'Input');
      expect(yaml.stdout).toBe(`Name: "wf-${c.yaml.slice(1)}\nInput: ${c.yaml}\n`);
    });

    it('execution-get: description and state info', async () => {
      const result = await direct('execution-get', `evil-${c.key}`, '-f', 'value', '-c', 'Description', '-c', 'State info');
      expect(result.stdout).toBe(`${c.shown}\n${c.shown}\n`);
    });
  });
});

describe('plain-text commands', () => {
  it.each(CASES)('$key: workflow-get-definition, execution-get-output (not JSON), task-get-result (JSON)', async (c) => {
    expect((await direct('workflow-get-definition', `evil-${c.key}`)).stdout).toBe(`---\nversion: '2.0'\n# ${c.shown}\n`);
    expect((await direct('execution-get-output', `evil-${c.key}`)).stdout).toBe(`not json: ${c.shown}`);
    // JSON text is printed as Python's json.dumps(indent=4) prints it: escaped already.
    expect((await direct('task-get-result', `evil-${c.key}`)).stdout).toBe(`{\n    "out": "${c.json}"\n}\n`);
  });
});

describe('the error line', () => {
  it.each(CASES)('$key: a faultstring through the one error handler, exit 1', async (c) => {
    const result = await direct('workflow-get', `fault-${c.key}`);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`ERROR (app) Bad thing: ${c.shown} (HTTP 400 Bad Request)\n`);
  });

  it('and the same under --debug, with its request lines and stack', async () => {
    const result = await direct('--debug', 'workflow-get', 'fault-clear');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ERROR (app) Bad thing: A\\x1b[2JB (HTTP 400 Bad Request)\n');
  });
});

describe('--debug lines', () => {
  const bodyLine = async (key: string) => {
    const result = await direct('--debug', 'workflow-get', `evil-${key}`, '-f', 'value', '-c', 'ID');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`evil-${key}\n`);
    return lines(result.stderr).find((line) => line.startsWith('DEBUG RESP BODY: '));
  };

  it.each([
    // The redactor re-serialises JSON bodies: JSON.stringify escapes C0 controls itself...
    ['clear', '"name":"wf-A\\u001b[2JB"'],
    ['overwrite', '"name":"wf-rm -rf ~\\rls"'],
    // ...but not DEL, C1 or U+FFFD: the boundary shows those.
    ['del', '"name":"wf-a\\x7fb"'],
    ['csi', '"name":"wf-\\x9b2Jc1"'],
    ['utf8', `"name":"wf-${INVALID_UTF8.shown}"`],
  ])('%s: the response body as shown', async (key, shown) => {
    expect(await bodyLine(key)).toContain(shown);
  });
});

/** A clock that only moves when the CLI sleeps (as test/unit/wait.test.ts does). */
function fakeTime(extra: Partial<RunOptions> = {}): RunOptions {
  let now = NOW.getTime();
  return {
    clock: () => new Date(now),
    sleep: async (ms) => {
      now += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
    ...extra,
  };
}

const ID1 = '00000000-0000-4000-8000-000000000001';

describe('progress while waiting', () => {
  it('plain lines and the final report show the state name and state info the server sent', async () => {
    const result = await runCli(['execution-create', 'wait_hostile', '--wait', '-f', 'value', '-c', 'State info'], world.homeEnv(), fakeTime());
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('Failure\\x1b[2J in\\r\\x9b2J\n');
    expect(lines(result.stderr)).toEqual([
      `execution ${ID1}: RUNNING`,
      `execution ${ID1}: \\x1b]0;pwned\\x07PAUSED`,
      `execution ${ID1}: task task0 ERROR after 0:00:01`,
      `execution ${ID1}: ERROR after 0:00:10`,
      `mistral: execution ${ID1} ended in ERROR: Failure\\x1b[2J in\\r\\x9b2J`,
      `mistral: execution ${ID1}: task fail_here failed: ${failResult(ID1)}`,
      `mistral: execution ${ID1}: task fail_here: action std.fail failed with: ${failResult(ID1)}`,
    ]);
  });

  it('the live line on a terminal: only the redraw and the colour are control sequences', async () => {
    const result = await runCli(['execution-create', 'wait_hostile', '--wait', '-f', 'value', '-c', 'State'], world.homeEnv(), fakeTime({ terminal: { columns: 120 } }));
    expect(result.code).toBe(1);
    const frames = result.stderr.split('\r\x1b[2K');
    expect(frames).toContain('waiting 0:00:00  \x1b[36m\\x1b]0;pwned\\x07PAUSED\x1b[39m tasks 0/1 so far (running: task0)');
    // Without the redraws and the colour, nothing raw is left.
    expect(result.stderr.replace(/\r\x1b\[2K|\x1b\[(?:3[69]|31)m/g, '')).not.toMatch(RAW_CONTROL);
  });
});

describe('warnings and names from a settings file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mistral-controls-'));
  const name = 'evil\x1b]0;pwned\x07';

  it('a target cloud whose clouds.yaml name holds control sequences: the warning and the live line show them', async () => {
    const clouds = join(dir, 'clouds.yaml');
    const auth = { auth_url: world.target.authUrl, username: 'tuser', password: world.targetUser.password, project_name: 'tproject', user_domain_name: TARGET_DOMAIN.name, project_domain_name: TARGET_DOMAIN.name };
    writeFileSync(clouds, stringify({ clouds: { [name]: { auth, region_name: 'TargetRegion', verify: false } } }));
    const env = { ...world.homeEnv(), OS_CLIENT_CONFIG_FILE: clouds };
    const listed = await runCli(['--os-target-cloud', name, 'workflow-list', '-f', 'value', '-c', 'Name'], env);
    expect(listed.code).toBe(0);
    expect(listed.stderr).toBe(`mistral: warning: TLS certificate verification is disabled for the target cloud 'evil\\x1b]0;pwned\\x07' (--os-target-insecure)\n`);
    const waited = await runCli(['--os-target-cloud', name, 'execution-create', 'wait_ok', '--wait', '-f', 'value', '-c', 'State'], env, fakeTime({ terminal: { columns: 120 } }));
    expect(waited.code).toBe(0);
    expect(waited.stderr.split('\r\x1b[2K')).toContain('waiting 0:00:00  evil\\x1b]0;pwned\\x07 \x1b[36mRUNNING\x1b[39m tasks 1/2 so far (running: task1)');
  });
});
