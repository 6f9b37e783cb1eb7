// README "Output formats", against the real stack: a workflow whose tags, execution description,
// task result, published variables, output and state info carry terminal control sequences
// (fixtures/e2e_controls.yaml: ESC [2J, OSC 0 with BEL, OSC 8, `\r`, backspaces, DEL, C1 CSI).
// python-mistralclient prints them raw (the premise); this client never lets one reach stdout or
// stderr, in any list or show format, plain-text command, error line, progress line or --debug
// line, and its -f json / -f yaml are python-mistralclient's byte for byte.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RAW_CONTROL } from '../helpers/hostile-text.js';
import { REPO, mistral, mistralOnTerminal, ok, openrc, pythonMistral, waitForExecution, type Run } from './stack.js';

const home = openrc('openrc-a.sh');
const WORKFLOW = 'e2e_controls';
/** What the client shows of the echo task's output (the fixture's text). */
const SHOWN_OUTPUT = 'A\\x1b[2JB \\x1b]0;pwned\\x07t \\x1b]8;;http://evil.example/\\x1b\\click\\x1b]8;;\\x1b\\ rm -rf ~\\rls yes\\x08\\x08\\x08no a\\x7fb \\x9b2Jc1';
const DESCRIPTION = 'run \x1b]0;pwned\x07 \x9b2J\rhidden';
const SHOWN_DESCRIPTION = 'run \\x1b]0;pwned\\x07 \\x9b2J\\rhidden';

let id = '';
let echoTask = '';
let boomTask = '';

beforeAll(async () => {
  await mistral(['workflow-delete', WORKFLOW], home);
  await ok(mistral(['workflow-create', join(REPO, 'test/e2e/fixtures/e2e_controls.yaml')], home));
  id = (await ok(mistral(['execution-create', WORKFLOW, '-d', DESCRIPTION, '-c', 'ID', '-f', 'value'], home))).trim();
  expect(await waitForExecution(id, home)).toBe('ERROR');
  const tasks = JSON.parse(await ok(mistral(['task-list', id, '-f', 'json', '-c', 'ID', '-c', 'Name'], home))) as Array<{ ID: string; Name: string }>;
  echoTask = tasks.find((t) => t.Name === 'echo')!.ID;
  boomTask = tasks.find((t) => t.Name === 'boom')!.ID;
});

afterAll(async () => {
  await mistral(['execution-delete', id], home);
  await mistral(['workflow-delete', WORKFLOW], home);
});

/** Our client: exit `code`, and no raw control character on stdout or stderr. */
async function ours(args: string[], code = 0): Promise<Run> {
  const run = await mistral(args, home);
  const command = `mistral ${args.join(' ')}`;
  expect(run.code, `${command}\n${run.stderr}`).toBe(code);
  expect(run.stdout, `${command} stdout`).not.toMatch(RAW_CONTROL);
  expect(run.stderr, `${command} stderr`).not.toMatch(RAW_CONTROL);
  return run;
}

/** Ours and the reference on the same command: the same bytes. */
async function same(args: string[]): Promise<string> {
  const [mine, theirs] = await Promise.all([ours(args), pythonMistral(args, home)]);
  expect(theirs.code, theirs.stderr).toBe(0);
  expect(mine.stdout).toBe(theirs.stdout);
  return mine.stdout;
}

describe('the premise', () => {
  it('Mistral stores the control characters, and python-mistralclient prints them raw', async () => {
    const reference = await pythonMistral(['execution-get', id, '-f', 'value', '-c', 'Description', '-c', 'State info'], home);
    expect(reference.code, reference.stderr).toBe(0);
    expect(reference.stdout).toContain(DESCRIPTION);
    expect(reference.stdout).toContain('\x1b[2J');
    expect(reference.stdout).toContain('\x9b2Jc1');
    const tags = await pythonMistral(['workflow-get', WORKFLOW, '-f', 'value', '-c', 'Tags'], home);
    expect(tags.stdout).toContain('\x1b]0;pwned\x07t');
  });
});

describe('list formats', () => {
  const lists = (): string[][] => [
    ['workflow-list', '--filter', `name=${WORKFLOW}`],
    ['execution-list', '--filter', `workflow_name=${WORKFLOW}`],
    ['task-list', id],
  ];

  for (const format of ['table', 'value', 'csv']) {
    it(`-f ${format}: shown as escapes`, async () => {
      const [workflows, executions, tasks] = await Promise.all(lists().map((args) => ours([...args, '-f', format])));
      expect(workflows.stdout).toContain(WORKFLOW);
      expect(executions.stdout).toContain(id);
      expect(tasks.stdout).toContain(boomTask);
      // The description: cliff's table turns its \r into a space.
      expect(executions.stdout).toContain(format === 'table' ? 'run \\x1b]0;pwned\\x07 \\x9b2J hidden' : format === 'csv' ? SHOWN_DESCRIPTION.replace(/\\/g, '\\\\') : SHOWN_DESCRIPTION);
    });
  }

  for (const format of ['json', 'yaml']) {
    it(`-f ${format}: python-mistralclient's bytes`, async () => {
      for (const args of lists()) await same([...args, '-f', format]);
    });
  }
});

describe('show formats', () => {
  const shows = (): string[][] => [
    ['workflow-get', WORKFLOW],
    ['execution-get', id],
    ['task-get', echoTask],
    ['task-get', boomTask],
  ];

  for (const format of ['table', 'value', 'shell']) {
    it(`-f ${format}: shown as escapes`, async () => {
      const [workflow, execution] = await Promise.all(shows().map((args) => ours([...args, '-f', format])));
      expect(workflow.stdout).toContain('\\x9b2Jc1');
      expect(execution.stdout).toContain(format === 'table' ? 'run \\x1b]0;pwned\\x07 \\x9b2J hidden' : SHOWN_DESCRIPTION);
      expect(execution.stdout).toContain('\\x1b]8;;http://evil.example/');
    });
  }

  for (const format of ['json', 'yaml']) {
    it(`-f ${format}: python-mistralclient's bytes`, async () => {
      for (const args of shows()) await same([...args, '-f', format]);
    });
  }

  it('-f value of the state info: exactly the text shown', async () => {
    const info = (await ours(['task-get', boomTask, '-f', 'value', '-c', 'State info'])).stdout;
    expect(info).toContain(SHOWN_OUTPUT);
  });
});

describe('plain-text commands', () => {
  it('execution-get-output, task-get-result, execution-get-published: JSON, escaped as python-mistralclient escapes it', async () => {
    const output = await same(['execution-get-output', id]);
    expect(output).toContain('\\u001b[2JB');
    await same(['task-get-result', echoTask]);
    await same(['task-get-published', echoTask]);
    await same(['workflow-get-definition', WORKFLOW]);
  });

  it('execution-get-report: the state info shown', async () => {
    const report = await ours(['execution-get-report', id]);
    expect(report.stdout).toContain(`task 'boom' [ERROR] ${boomTask}`);
    expect(report.stdout).toContain('\\x1b[2J');
  });
});

describe('errors, progress and --debug', () => {
  it('an API error whose faultstring echoes control characters: one line, shown, exit 1', async () => {
    const name = 'no_such\x1b[2J\x9b\r';
    const reference = await pythonMistral(['workflow-get', name], home);
    expect(reference.stderr).toContain(name);
    const run = await ours(['workflow-get', name], 1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^ERROR \(app\) .*no_such\\x1b\[2J\\x9b\\r.* \(HTTP 404 Not Found\)\n$/);
  });

  it('--debug: request and response lines, bodies included', async () => {
    const run = await ours(['--debug', 'task-get', boomTask, '-f', 'json']);
    expect(run.stderr).toContain('DEBUG RESP BODY: ');
    expect(run.stderr).toContain('\\x9b2Jc1');
  });

  it('waiting without a terminal: progress lines, and the failure with its state info shown', async () => {
    const run = await ours(['execution-create', WORKFLOW, '--wait', '-f', 'value', '-c', 'State'], 1);
    expect(run.stdout).toBe('ERROR\n');
    const last = run.stderr.split('\n').find((line) => / ended in ERROR: /.test(line))!;
    expect(last).toMatch(/^mistral: execution \S+ ended in ERROR: /);
    expect(last).toContain('\\x1b]0;pwned\\x07t');
    // The failed task's lines that follow show the server's text the same way.
    expect(run.stderr).toMatch(/^mistral: execution \S+: task \S+ failed: .*\\x1b/m);
    expect(run.stderr).not.toMatch(RAW_CONTROL);
    await mistral(['execution-delete', /execution (\S+) ended/.exec(last)![1]], home);
  });

  it('waiting on a terminal: the live line and colour are the only control sequences', async () => {
    const run = await mistralOnTerminal(['execution-create', WORKFLOW, '--wait', '-f', 'value', '-c', 'ID'], home);
    expect(run.code).toBe(1);
    expect(run.output).toContain('\r\x1b[2Kwaiting ');
    const text = run.output.replace(/\r\x1b\[2K|\x1b\[\d+m/g, '').replace(/\r\n/g, '\n');
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).toContain('ended in ERROR: ');
    const created = /^([0-9a-f-]{36})$/m.exec(text);
    if (created) await mistral(['execution-delete', created[1]], home);
  });
});
