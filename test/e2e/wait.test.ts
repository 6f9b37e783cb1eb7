// Run and wait on the real stack (README "Waiting", "One workflow on several clouds"): --wait on
// a succeeding and on a failing (std.fail) workflow, at home and on target B, in table and JSON;
// --print-output; the failed task and its action's error on stderr (a sub-workflow's too); a
// timeout, and one that cancels; SIGTERM; fan-out to clouds A and B at once, each answering its
// own whoami; one login per cloud for a whole wait (Keystone logs); the 404 hint; progress on a
// real terminal and as plain lines, one per task of a three-task workflow.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { REPO, STACK_DIR, mistral, mistralOnTerminal, ok, openrc, stack } from './stack.js';

const home = openrc('openrc-a.sh');
const admin = openrc('openrc-a-admin.sh');
const targetB = { ...home, ...openrc('target-b.sh') };
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/;
const started: Array<{ id: string; env: Record<string, string> }> = [];

/** The target clouds as clouds.yaml entries, written from the stack's facts (no OS_* needed). */
function cloudsYaml(): string {
  const a = stack.clouds.a;
  const b = stack.clouds.b;
  const dir = mkdtempSync(join(tmpdir(), 'mistral-e2e-wait-'));
  const path = join(dir, 'clouds.yaml');
  const entry = (authUrl: string, user: { name: string; password: string; project: string }, region: string) => ({
    auth: { auth_url: authUrl, username: user.name, password: user.password, project_name: user.project, user_domain_name: 'Default', project_domain_name: 'Default' },
    region_name: region,
  });
  writeFileSync(path, stringify({ clouds: { 'cloud-a': entry(a.auth_url, a.users.demo, a.region), 'cloud-b': entry(b.auth_url, b.users.tenantb, b.region) } }));
  return path;
}

/** POST /v3/auth/tokens lines in a Keystone's uwsgi log: one per password login. */
function logins(cloud: 'ks-a' | 'ks-b'): number {
  return readFileSync(join(STACK_DIR, cloud, 'log/uwsgi.log'), 'utf8').split('\n').filter((l) => l.includes('POST /v3/auth/tokens')).length;
}

beforeAll(async () => {
  await mistral(['workflow-delete', 'whoami', 'e2e_wait_nested', 'e2e_wait_fail', 'e2e_wait_sleep', 'e2e_noop', 'e2e_three_tasks'], admin);
  await ok(mistral(['workflow-create', '--public', join(REPO, 'stack/whoami.yaml')], admin));
  await ok(mistral(['workflow-create', '--public', join(REPO, 'test/e2e/fixtures/e2e_wait.yaml')], admin));
});

afterAll(async () => {
  // Sleeping executions left running by the timeout tests are ended here, then deleted: Mistral 20
  // leaves a cancelled execution's std.sleep task RUNNING, and while any task runs its maintenance
  // mode stays PAUSING (mistral/services/maintenance.py), so the maintenance tests of
  // test/e2e/newer-servers.test.ts, and every change after them, would find Mistral locked.
  for (const { id, env } of started) {
    await mistral(['execution-update', id, '-s', 'CANCELLED'], env);
    await mistral(['execution-delete', '--force', id], env);
  }
});

describe('execution-create --wait', () => {
  it('at home: waits for SUCCESS and prints the execution as execution-get would (table)', async () => {
    const r = await mistral(['execution-create', 'whoami', '--wait'], home);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\| State +\| SUCCESS +\|$/m);
    expect(r.stdout).toMatch(/^\| Duration +\| \d:\d\d:\d\d +\|$/m);
    const id = /^\| ID +\| (\S+) +\|$/m.exec(r.stdout)![1];
    // Not a terminal: plain lines, one per state change and per task that ends (whoami's two), no control characters.
    const time = '\\d:\\d\\d:\\d\\d';
    expect(r.stderr).toMatch(new RegExp(`^execution ${id}: RUNNING\\n(execution ${id}: task (projects|token) SUCCESS after ${time}\\n){2}execution ${id}: SUCCESS after ${time}\\n$`));
    expect(r.stderr).not.toMatch(CONTROL);
  });

  it('at home: std.fail ends in ERROR, exit 1, one line with the state info; JSON on stdout', async () => {
    const r = await mistral(['execution-create', 'e2e_wait_fail', '--wait', '-f', 'json'], home);
    expect(r.code).toBe(1);
    const execution = JSON.parse(r.stdout) as Record<string, string>;
    expect(execution.State).toBe('ERROR');
    // Mistral's multi-line state info, as one line.
    const oneLine = execution['State info'].split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
    expect(r.stderr.split('\n')).toContain(`mistral: execution ${execution.ID} ended in ERROR: ${oneLine}`);
    expect(execution['State info']).toContain('fail_here');
  });

  it('on target B: SUCCESS, and the execution ran as tenantb', async () => {
    const r = await mistral(['execution-create', 'whoami', '--wait', '-f', 'json'], targetB);
    expect(r.code, r.stderr).toBe(0);
    const execution = JSON.parse(r.stdout) as Record<string, string>;
    expect(execution.State).toBe('SUCCESS');
    const output = JSON.parse(await ok(mistral(['execution-get-output', execution.ID], targetB)));
    expect(output).toMatchObject({ is_target: true, token_user: 'tenantb', token_project: 'projb' });
  });

  it('on target B: std.fail gives exit 1 (table)', async () => {
    const r = await mistral(['execution-create', 'e2e_wait_fail', '--wait'], targetB);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^\| State +\| ERROR +\|$/m);
    expect(r.stderr).toMatch(/^mistral: execution \S+ on the target cloud ended in ERROR: Failure caused by error in tasks: fail_here fail_here \[task_ex_id=[^\n]*$/m);
  });

  it('one login per cloud for the whole wait (Keystone A and B logs), whatever the number of polls', async () => {
    const [a, b] = [logins('ks-a'), logins('ks-b')];
    const r = await mistral(['execution-create', 'whoami', '--wait', '--interval', '0.5'], targetB);
    expect(r.code, r.stderr).toBe(0);
    expect([logins('ks-a') - a, logins('ks-b') - b]).toEqual([1, 1]);
  });

  it('--wait-timeout: exit 3, the execution is named and left running', async () => {
    const r = await mistral(['execution-create', 'e2e_wait_sleep', '--wait', '--wait-timeout', '3', '-f', 'value', '-c', 'ID', '-c', 'State'], home);
    expect(r.code).toBe(3);
    const [id, state] = r.stdout.trim().split('\n');
    started.push({ id, env: home });
    expect(state).toBe('RUNNING');
    expect(r.stderr.trim().split('\n').at(-1)).toBe(`mistral: execution ${id} is still RUNNING after 3 s (--wait-timeout); it was left running`);
    expect((await ok(mistral(['execution-get', id, '-c', 'State', '-f', 'value'], home))).trim()).toBe('RUNNING');
  });
});

describe('--print-output, the failed tasks, the progress lines (README "Waiting")', () => {
  it("SUCCESS: stdout is the output exactly as execution-get-output prints it, exit 0", async () => {
    // A workflow that asks Keystone nothing, so it succeeds on every release (test/e2e/releases.ts).
    const r = await mistral(['execution-create', 'e2e_three_tasks', '--wait', '--print-output'], home);
    expect(r.code, r.stderr).toBe(0);
    const id = /^execution (\S+): RUNNING$/m.exec(r.stderr)![1];
    expect(r.stdout).toBe(await ok(mistral(['execution-get-output', id], home)));
    expect(JSON.parse(r.stdout)).toEqual({ said: 'one' });
  });

  it("ERROR: exit 1; stderr names the failed task and carries std.fail's error result", async () => {
    const r = await mistral(['execution-create', 'e2e_wait_fail', '--wait', '--print-output'], home);
    expect(r.code).toBe(1);
    const id = /^execution (\S+): RUNNING$/m.exec(r.stderr)![1];
    expect(r.stdout).toBe(await ok(mistral(['execution-get-output', id], home)));
    expect(r.stderr).toMatch(new RegExp(`^execution ${id}: task fail_here ERROR after \\d:\\d\\d:\\d\\d$`, 'm'));
    expect(r.stderr).toMatch(new RegExp(`^mistral: execution ${id}: task fail_here failed: .*Fail action expected exception`, 'm'));
    // Mistral 15 wraps std.fail's exception: "The action raised an exception [action=Fail action, ..., msg='Fail action expected exception.']".
    expect(r.stderr).toMatch(new RegExp(`^mistral: execution ${id}: task fail_here: action std.fail failed with: The action raised an exception .*msg='Fail action expected exception\\.'\\]$`, 'm'));
    expect(r.stderr).not.toMatch(CONTROL);
  });

  it('a failure inside a sub-workflow is named by the path of tasks; -q keeps only the summary', async () => {
    const r = await mistral(['execution-create', 'e2e_wait_nested', '--wait', '-f', 'value', '-c', 'ID'], home);
    expect(r.code).toBe(1);
    const id = r.stdout.trim();
    expect(r.stderr).toMatch(new RegExp(`^mistral: execution ${id}: task call_fail > fail_here: action std.fail failed with: .*Fail action expected exception`, 'm'));
    const quiet = await mistral(['-q', 'execution-create', 'e2e_wait_nested', '--wait', '-f', 'value', '-c', 'ID'], home);
    expect(quiet.code).toBe(1);
    expect(quiet.stderr).toMatch(/^mistral: execution \S+ ended in ERROR: [^\n]*\n$/);
  });

  it('the progress lines of a three-task workflow: each task as it ends, then the execution with its own time', async () => {
    const r = await mistral(['execution-create', 'e2e_three_tasks', '--wait', '--interval', '0.5', '--print-output'], home);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ said: 'one' });
    const id = /^execution (\S+): RUNNING$/m.exec(r.stderr)![1];
    const time = '\\d:\\d\\d:\\d\\d';
    expect(r.stderr).toMatch(new RegExp(`^execution ${id}: RUNNING\\n${['one', 'two', 'three'].map((t) => `execution ${id}: task ${t} SUCCESS after ${time}\\n`).join('')}execution ${id}: SUCCESS after ${time}\\n$`));
    // The sleeping task took its second.
    expect(r.stderr).toMatch(new RegExp(`task two SUCCESS after 0:00:0[1-3]`));
  });

  it('--wait-timeout --cancel-on-timeout: exit 3, and the execution is CANCELLED on the server', async () => {
    const r = await mistral(['execution-create', 'e2e_wait_sleep', '--wait', '--wait-timeout', '3', '--cancel-on-timeout', '-f', 'value', '-c', 'ID', '-c', 'State'], home);
    expect(r.code, r.stderr).toBe(3);
    const [id, state] = r.stdout.trim().split('\n');
    started.push({ id, env: home });
    expect(state).toBe('CANCELLED');
    expect(r.stderr.trim().split('\n').at(-1)).toBe(`mistral: execution ${id} was still running after 3 s (--wait-timeout); it was cancelled (--cancel-on-timeout), now CANCELLED`);
    expect((await ok(mistral(['execution-get', id, '-c', 'State', '-f', 'value'], home))).trim()).toBe('CANCELLED');
  });

  it('SIGTERM (a CI runner stopping the job): says what still runs on the server, exit 143, the execution goes on', async () => {
    const child = spawn(join(REPO, 'bin/mistral.js'), ['execution-create', 'e2e_wait_sleep', '--wait'], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...home }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const running = new Promise<void>((resolve) => child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/: RUNNING\n/.test(stderr)) resolve();
    }));
    await running;
    child.kill('SIGTERM');
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    expect([code, signal, stdout]).toEqual([143, null, '']);
    const id = /^execution (\S+): RUNNING$/m.exec(stderr)![1];
    started.push({ id, env: home });
    expect(stderr.trim().split('\n').at(-1)).toBe(`mistral: interrupted by SIGTERM: stopped waiting; execution ${id} is still RUNNING on the server (see: mistral execution-get ${id})`);
    expect((await ok(mistral(['execution-get', id, '-c', 'State', '-f', 'value'], home))).trim()).toBe('RUNNING');
  });
});

describe('execution-wait', () => {
  it('a nonexistent id: the not-found error execution-get gives, same exit code, no wait', async () => {
    const missing = '00000000-0000-4000-8000-00000000dead';
    const [wait, get] = await Promise.all([mistral(['execution-wait', missing], home), mistral(['execution-get', missing], home)]);
    expect([wait.code, wait.stdout, wait.stderr]).toEqual([get.code, '', get.stderr]);
    expect(wait.code).toBe(1);
    expect(wait.stderr).toMatch(/not found/i);
  });

  it('an execution that already ended: its state from the first line, "after" its own run time', async () => {
    const id = (await ok(mistral(['execution-create', 'e2e_three_tasks', '-c', 'ID', '-f', 'value'], home))).trim();
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const r = await mistral(['execution-wait', id, '-f', 'value', '-c', 'State', '-c', 'Duration'], home);
    expect(r.code, r.stderr).toBe(0);
    const [state, took] = r.stdout.trim().split('\n');
    expect(state).toBe('SUCCESS');
    expect(r.stderr).toBe(`execution ${id}: SUCCESS after ${took}\n`);
  });

  it('waits for executions started earlier; exit 1 when one failed', async () => {
    const ok1 = (await ok(mistral(['execution-create', 'whoami', '-c', 'ID', '-f', 'value'], home))).trim();
    const bad = (await ok(mistral(['execution-create', 'e2e_wait_fail', '-c', 'ID', '-f', 'value'], home))).trim();
    const r = await mistral(['execution-wait', ok1, bad, '-f', 'value', '-c', 'ID', '-c', 'State'], home);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([`${ok1} SUCCESS`, `${bad} ERROR`]);
  });
});

describe('workflow input from a pipe', () => {
  for (const argument of ['-', '/dev/stdin']) {
    it(`'${argument}' reads the input a CI job generates on the fly`, async () => {
      const r = await mistral(['execution-create', 'e2e_noop', argument, '-f', 'value', '-c', 'ID'], home, '{"from": "a pipe"}');
      expect(r.code, r.stderr).toBe(0);
      const input = await ok(mistral(['execution-get-input', r.stdout.trim()], home));
      expect(JSON.parse(input)).toEqual({ from: 'a pipe' });
    });
  }
});

describe('one workflow on several target clouds at once', () => {
  it('--os-target-cloud cloud-a --os-target-cloud cloud-b: both run whoami, each answering for its own cloud', async () => {
    const env = { PATH: process.env.PATH ?? '', OS_CLIENT_CONFIG_FILE: cloudsYaml(), ...home };
    const r = await mistral(['--os-target-cloud', 'cloud-a', '--os-target-cloud', 'cloud-b', 'execution-create', 'whoami', '--wait', '-f', 'json'], env);
    expect(r.code, r.stderr).toBe(0);
    // With --print-output: one object keyed by cloud, each the output of that cloud's run.
    const printed = await mistral(['--os-target-cloud', 'cloud-a', '--os-target-cloud', 'cloud-b', 'execution-create', 'whoami', '--wait', '--print-output', '-f', 'json'], env);
    expect(printed.code, printed.stderr).toBe(0);
    expect(JSON.parse(printed.stdout)).toMatchObject({ 'cloud-a': { is_target: true, token_user: 'demo' }, 'cloud-b': { is_target: true, token_user: 'tenantb' } });
    const rows = JSON.parse(r.stdout) as Array<Record<string, string>>;
    expect(rows.map((row) => [row['Target cloud'], row.State])).toEqual([['cloud-a', 'SUCCESS'], ['cloud-b', 'SUCCESS']]);
    const outputs = await Promise.all(rows.map(async (row) => JSON.parse(await ok(mistral(['--os-target-cloud', row['Target cloud'], 'execution-get-output', row.ID], env)))));
    expect(outputs[0]).toMatchObject({ is_target: true, token_user: 'demo', token_project: 'demo' });
    expect(outputs[1]).toMatchObject({ is_target: true, token_user: 'tenantb', token_project: 'projb' });
    // The execution of one cloud is not visible from the other's project.
    const wrong = await mistral(['--os-target-cloud', 'cloud-b', 'execution-get', rows[0].ID], env);
    expect(wrong.code).toBe(1);
  });
});

describe('a target cloud that explains itself', () => {
  it('a private workflow created at home answers 404 under target B, with the hint naming projb', async () => {
    const name = `e2e_private_${Date.now()}`;
    const file = join(mkdtempSync(join(tmpdir(), 'mistral-e2e-')), 'wf.yaml');
    writeFileSync(file, `---\nversion: '2.0'\n${name}:\n  tasks:\n    t:\n      action: std.noop\n`);
    await ok(mistral(['workflow-create', file], home));
    const r = await mistral(['execution-create', name], targetB);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\(HTTP 404 Not Found\); with a target cloud set, Mistral acts in the target's project \(projb, target cloud\): the workflow must be public or shared with that project \(member-create\), or created with the same target cloud set\n$/);
    await ok(mistral(['workflow-delete', name], home));
  });
});

describe("the README's worked example: create at home, share with the target's project, run, read back", () => {
  it('a private workflow shared with projb and accepted there runs on target B', async () => {
    const name = `e2e_shared_${Date.now()}`;
    const file = join(mkdtempSync(join(tmpdir(), 'mistral-e2e-')), 'wf.yaml');
    writeFileSync(file, `---\nversion: '2.0'\n${name}:\n  tasks:\n    t:\n      action: std.noop\n  output:\n    said: shared\n`);
    await ok(mistral(['workflow-create', file], home));
    const id = (await ok(mistral(['workflow-get', name, '-c', 'ID', '-f', 'value'], home))).trim();
    await ok(mistral(['member-create', id, 'workflow', stack.clouds.b.projects.projb], home));
    // As the target: member-update defaults to the target's project.
    const accepted = await ok(mistral(['member-update', id, 'workflow', '-f', 'value', '-c', 'Member ID', '-c', 'Status'], targetB));
    expect(accepted.trim().split('\n')).toEqual([stack.clouds.b.projects.projb, 'accepted']);
    const run = await mistral(['execution-create', id, '--wait', '-f', 'value', '-c', 'ID', '-c', 'State'], targetB);
    expect(run.code, run.stderr).toBe(0);
    const [execution, state] = run.stdout.trim().split('\n');
    expect(state).toBe('SUCCESS');
    expect(JSON.parse(await ok(mistral(['execution-get-output', execution], targetB)))).toEqual({ said: 'shared' });
    await ok(mistral(['workflow-delete', id], home));
  });
});

describe('progress on a real terminal', () => {
  it('one live line on stderr, redrawn and cleared; stdout (a file) carries only the data', async () => {
    const run = await mistralOnTerminal(['execution-create', 'whoami', '--wait', '--interval', '0.5', '-f', 'value', '-c', 'State'], home, [], { stdoutToFile: true });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('SUCCESS\n');
    expect(run.output).toContain('\r\x1b[2Kwaiting 0:00:0');
    // Colour on a terminal (NO_COLOR unset): the state name is painted.
    expect(run.output).toMatch(/\x1b\[36mRUNNING\x1b\[39m/);
    // Cleared at the end: the last thing on the terminal is the erase sequence.
    expect(run.output.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('NO_COLOR: the live line has no colour', async () => {
    const run = await mistralOnTerminal(['execution-create', 'whoami', '--wait', '-f', 'value', '-c', 'State'], { ...home, NO_COLOR: '1' }, [], { stdoutToFile: true });
    expect(run.code).toBe(0);
    expect(run.output).toContain('waiting');
    expect(run.output).not.toMatch(/\x1b\[\d+m/);
  });
});
