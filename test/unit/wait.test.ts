// Waiting for executions (src/commands/wait.ts, README "Waiting"): execution-create --wait and
// execution-wait against the fake Mistral, whose `wait_*` executions move RUNNING → SUCCESS, ERROR
// or CANCELLED as they are read; exit codes, backoff, one login per cloud, progress on stderr only
// (plain lines, or one live line on a terminal), Ctrl-C, and --exit-status elsewhere.
import { describe, expect, it } from 'vitest';
import { lines, NOW, runCli, type RunOptions } from '../helpers/cli.js';
import { useWorld } from '../helpers/clouds.js';

const world = useWorld();

/** A clock that only moves when the CLI sleeps, and the list of its sleeps. */
function fakeTime(extra: Partial<RunOptions> = {}) {
  let now = NOW.getTime();
  const sleeps: number[] = [];
  const options: RunOptions = {
    clock: () => new Date(now),
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
      // A real sleep lets the event loop turn (a finished response frees its connection).
      await new Promise((resolve) => setImmediate(resolve));
    },
    ...extra,
  };
  return { options, sleeps };
}

const ID1 = '00000000-0000-4000-8000-000000000001';
const ID2 = '00000000-0000-4000-8000-000000000002';
/** Control characters other than newline: none may reach stdout, nor a non-terminal stderr. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/;

function executionGets(id: string) {
  return world.mistral.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/executions/${id}`));
}

describe('execution-create --wait', () => {
  it('waits for SUCCESS, prints the execution as execution-get would, exit 0; polls back off from 0.5 s', async () => {
    const { options, sleeps } = fakeTime();
    const result = await runCli(['execution-create', 'wait_ok', '--wait', '-f', 'value', '-c', 'ID', '-c', 'State', '-c', 'Duration'], world.homeEnv(), options);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${ID1}\nSUCCESS\n0:00:10\n`);
    expect(lines(result.stderr)).toEqual([`execution ${ID1}: RUNNING`, `execution ${ID1}: SUCCESS after 0:00:01`]);
    expect(sleeps).toEqual([500, 1000]);
    expect(executionGets(ID1)).toHaveLength(2);
    expect(world.mistral.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('an execution that ends in ERROR: exit 1 and one line with its state info; stdout shows it', async () => {
    const { options } = fakeTime();
    const result = await runCli(['execution-create', 'wait_fail', '--wait', '-f', 'json'], world.homeEnv(), options);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ID: ID1, State: 'ERROR', 'State info': 'Failure caused by error in tasks: fail_here', Duration: '0:00:10' });
    expect(lines(result.stderr).at(-1)).toBe(`mistral: execution ${ID1} ended in ERROR: Failure caused by error in tasks: fail_here`);
  });

  it('CANCELLED counts as failed (exit 1)', async () => {
    const result = await runCli(['execution-create', 'wait_cancel', '--wait', '-f', 'value', '-c', 'State'], world.homeEnv(), fakeTime().options);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('CANCELLED\n');
    expect(lines(result.stderr).at(-1)).toBe(`mistral: execution ${ID1} ended in CANCELLED: Cancelled by an operator`);
  });

  it('--wait-timeout: exit 3, the execution is left running and named; --interval caps the backoff', async () => {
    const { options, sleeps } = fakeTime();
    const result = await runCli(['execution-create', 'wait_forever', '--wait', '--wait-timeout', '9', '--interval', '2', '-f', 'value', '-c', 'ID', '-c', 'State'], world.homeEnv(), options);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe(`${ID1}\nRUNNING\n`);
    expect(lines(result.stderr)).toEqual([`execution ${ID1}: RUNNING`, `mistral: execution ${ID1} is still RUNNING after 9 s (--wait-timeout); it was left running`]);
    expect(sleeps).toEqual([500, 1000, 2000, 2000, 2000, 1500]);
    expect(sleeps.reduce((a, b) => a + b)).toBe(9000);
    expect(world.mistral.requests.filter((r) => ['PUT', 'DELETE'].includes(r.method))).toEqual([]);
  });

  it('with a target: one login per cloud for the whole wait, target headers on every poll', async () => {
    const result = await runCli(['execution-create', 'wait_ok', '--wait'], { ...world.homeEnv(), ...world.targetEnv() }, fakeTime().options);
    expect(result.code).toBe(0);
    expect(world.home.tokenRequests()).toHaveLength(1);
    expect(world.target.tokenRequests()).toHaveLength(1);
    const mistralRequests = world.mistral.requests;
    expect(mistralRequests.length).toBe(3);
    const targetToken = world.target.issued[0];
    for (const request of mistralRequests) {
      expect(request.headers['x-target-auth-token']).toBe(targetToken);
      expect(request.headers['x-target-project-id']).toBe(world.targetProject.id);
    }
  });

  it('the whole wait travels on one kept-alive connection to Mistral', async () => {
    const result = await runCli(['execution-create', 'wait_ok', '--wait'], world.homeEnv(), fakeTime().options);
    expect(result.code).toBe(0);
    const ports = new Set(world.mistral.requests.map((r) => r.remotePort));
    expect(world.mistral.requests).toHaveLength(3);
    expect(ports.size).toBe(1);
  });

  it('--interval and --wait-timeout must be positive: a usage error (exit 2) before anything starts', async () => {
    const result = await runCli(['execution-create', 'wait_ok', '--wait', '--interval', '0'], world.homeEnv(), fakeTime().options);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("mistral execution-create: error: --interval must be a number of seconds greater than 0, not '0'\n");
    expect(world.mistral.requests).toEqual([]);
  });

  it('-q: no progress at all; the failure line still comes', async () => {
    const ok = await runCli(['-q', 'execution-create', 'wait_ok', '--wait', '-f', 'value', '-c', 'State'], world.homeEnv(), fakeTime().options);
    expect([ok.code, ok.stdout, ok.stderr]).toEqual([0, 'SUCCESS\n', '']);
    world.reset();
    const failed = await runCli(['-q', 'execution-create', 'wait_fail', '--wait', '-f', 'value', '-c', 'State'], world.homeEnv(), fakeTime().options);
    expect([failed.code, failed.stdout]).toEqual([1, 'ERROR\n']);
    expect(lines(failed.stderr)).toEqual([`mistral: execution ${ID1} ended in ERROR: Failure caused by error in tasks: fail_here`]);
  });

  it('not on a terminal: plain lines, no control characters anywhere', async () => {
    const result = await runCli(['execution-create', 'wait_ok', '--wait'], world.homeEnv(), fakeTime().options);
    expect(result.stderr).not.toMatch(CONTROL);
    expect(result.stdout).not.toMatch(CONTROL);
  });

  it('Ctrl-C stops waiting, leaves the execution running, says so; exit 130 and nothing on stdout', async () => {
    let interrupt: (() => void) | undefined;
    const { options } = fakeTime({
      onInterrupt: (handler) => {
        interrupt = handler;
        return () => (interrupt = undefined);
      },
    });
    const sleep = options.sleep!;
    options.sleep = async (ms, signal) => {
      interrupt?.();
      expect(signal?.aborted).toBe(true);
      await sleep(ms, signal);
    };
    const result = await runCli(['execution-create', 'wait_forever', '--wait'], world.homeEnv(), options);
    expect(result.code).toBe(130);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr).at(-1)).toBe(`mistral: interrupted: stopped waiting; execution ${ID1} is still RUNNING on the server (see: mistral execution-get ${ID1})`);
    expect(interrupt).toBeUndefined();
    expect(world.mistral.requests.filter((r) => ['PUT', 'DELETE'].includes(r.method))).toEqual([]);
  });
});

describe('progress on a terminal', () => {
  it('one live line redrawn in place (elapsed, state, tasks), cleared at the end; colour only on stderr', async () => {
    const { options } = fakeTime({ terminal: { columns: 120 } });
    const result = await runCli(['execution-create', 'wait_ok', '--wait', '-f', 'value', '-c', 'State'], world.homeEnv(), options);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('SUCCESS\n');
    const frames = result.stderr.split('\r\x1b[2K');
    expect(frames[0]).toBe('');
    // Uncoloured text of each frame: the live line, then the cleared line at the end.
    const plain = frames.slice(1).map((f) => f.replace(/\x1b\[\d+m/g, ''));
    expect(plain).toEqual(['waiting 0:00:00  RUNNING', 'waiting 0:00:00  RUNNING tasks 1/2', '']);
    expect(result.stderr).toContain('\x1b[36mRUNNING\x1b[39m');
    expect(result.stderr).not.toContain('\n');
  });

  it('NO_COLOR: still live, never coloured; CI: plain lines as without a terminal', async () => {
    const noColour = await runCli(['execution-create', 'wait_ok', '--wait'], { ...world.homeEnv(), NO_COLOR: '1' }, fakeTime({ terminal: {} }).options);
    expect(noColour.stderr).toContain('\r\x1b[2Kwaiting 0:00:00  RUNNING');
    expect(noColour.stderr).not.toMatch(/\x1b\[\d+m/);
    world.reset();
    const ci = await runCli(['execution-create', 'wait_ok', '--wait'], { ...world.homeEnv(), CI: 'true' }, fakeTime({ terminal: {} }).options);
    expect(lines(ci.stderr)).toEqual([`execution ${ID1}: RUNNING`, `execution ${ID1}: SUCCESS after 0:00:01`]);
  });
});

describe('execution-wait', () => {
  it('waits for executions that already run; several print a list with Duration', async () => {
    for (const name of ['wait_ok', 'wait_fail']) await runCli(['execution-create', name], world.homeEnv());
    const result = await runCli(['execution-wait', ID1, ID2, '-f', 'value'], world.homeEnv(), fakeTime().options);
    expect(result.code).toBe(1);
    expect(lines(result.stdout)).toEqual([
      `home ${ID1} wait_ok SUCCESS None 2024-06-01 11:59:50 0:00:10`,
      `home ${ID2} wait_fail ERROR Failure caused by error in tasks: fail_here 2024-06-01 11:59:50 0:00:10`,
    ]);
    expect(lines(result.stderr).at(-1)).toBe(`mistral: execution ${ID2} ended in ERROR: Failure caused by error in tasks: fail_here`);
  });

  it('an unknown execution counts as failed, named with the server\'s message', async () => {
    const result = await runCli(['execution-wait', 'missing'], world.homeEnv(), fakeTime().options);
    expect(result.code).toBe(1);
    expect(lines(result.stderr).at(-1)).toBe('mistral: execution missing was not started or could not be read: Object not found [name=missing] (HTTP 404 Not Found)');
  });
});

describe('--exit-status (gh\'s name) where the reference always exits 0', () => {
  it('workflow-validate: exit 1 for an invalid definition only with --exit-status', async () => {
    const plain = await runCli(['workflow-validate', 'invalid.yaml'], world.homeEnv());
    expect(plain.code).toBe(0);
    const strict = await runCli(['workflow-validate', 'invalid.yaml', '--exit-status', '-f', 'value'], world.homeEnv());
    expect([strict.code, strict.stdout]).toEqual([1, 'False\nInvalid DSL: bad thing\n']);
    const valid = await runCli(['workflow-validate', 'wf.yaml', '--exit-status'], world.homeEnv());
    expect(valid.code).toBe(0);
  });

  it('run-action: exit 1 for an action execution in ERROR only with --exit-status', async () => {
    world.mistral.intercept = (req) => (req.method === 'POST' && req.path.endsWith('/action_executions') ? { status: 201, body: { id: 'ae9', name: 'std.fail', state: 'ERROR', output: '{"result": "boom"}', accepted: true } } : undefined);
    const plain = await runCli(['run-action', 'std.fail'], world.homeEnv());
    expect(plain.code).toBe(0);
    const strict = await runCli(['run-action', 'std.fail', '--exit-status'], world.homeEnv());
    expect(strict.code).toBe(1);
  });
});

describe('input from a pipe, and a missing file named as such', () => {
  it("'-' reads the workflow input from standard input", async () => {
    const result = await runCli(['execution-create', 'wf1', '-'], world.homeEnv(), { stdin: '{"from": "a pipe"}' });
    expect(result.code).toBe(0);
    expect(JSON.parse(world.mistral.requests[0].body).input).toBe('{"from": "a pipe"}');
  });

  it('a file name that does not exist says "no such file", not "not valid JSON"', async () => {
    const result = await runCli(['execution-create', 'wf1', 'inptu.json'], world.homeEnv());
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("ERROR (app) workflow input: no such file 'inptu.json' (and not JSON text either)\n");
    expect(world.mistral.requests).toEqual([]);
  });
});
