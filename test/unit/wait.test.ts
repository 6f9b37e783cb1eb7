// Waiting for executions (src/commands/wait.ts, README "Waiting"): execution-create --wait and
// execution-wait against the fake Mistral, whose `wait_*` executions move RUNNING → SUCCESS, ERROR
// or CANCELLED as they are read; exit codes, backoff, one login per cloud, progress on stderr only
// (plain lines with each task's end, or one live line on a terminal), --print-output, the failed
// tasks on stderr, Ctrl-C / SIGTERM / SIGHUP, --cancel-on-timeout, and --exit-status elsewhere.
import { describe, expect, it } from 'vitest';
import { lines, NOW, runCli, type RunOptions } from '../helpers/cli.js';
import { useWorld } from '../helpers/clouds.js';
import { failResult } from '../helpers/mistral.js';

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

/** The progress lines of one wait_ok execution, not on a terminal: its two tasks, then its own run time. */
const okProgress = (id: string) => [`execution ${id}: RUNNING`, `execution ${id}: task task0 SUCCESS after 0:00:01`, `execution ${id}: task task1 SUCCESS after 0:00:02`, `execution ${id}: SUCCESS after 0:00:10`];
/** What a wait_fail execution's failure says on stderr: the summary, the failed task, its action's error result. */
const failLines = (id: string) => [
  `mistral: execution ${id} ended in ERROR: Failure caused by error in tasks: fail_here`,
  `mistral: execution ${id}: task fail_here failed: ${failResult(id)}`,
  `mistral: execution ${id}: task fail_here: action std.fail failed with: ${failResult(id)}`,
];

describe('execution-create --wait', () => {
  it('waits for SUCCESS, prints the execution as execution-get would, exit 0; polls back off from 0.5 s', async () => {
    const { options, sleeps } = fakeTime();
    const result = await runCli(['execution-create', 'wait_ok', '--wait', '-f', 'value', '-c', 'ID', '-c', 'State', '-c', 'Duration'], world.homeEnv(), options);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${ID1}\nSUCCESS\n0:00:10\n`);
    expect(lines(result.stderr)).toEqual(okProgress(ID1));
    expect(sleeps).toEqual([500, 1000]);
    expect(executionGets(ID1)).toHaveLength(2);
    // Each poll also reads the task list, with the fields the progress lines need.
    const taskGets = world.mistral.requests.filter((r) => r.path.endsWith(`/executions/${ID1}/tasks`));
    expect(taskGets.map((r) => r.query)).toEqual(Array(2).fill('fields=name%2Cstate%2Ccreated_at%2Cupdated_at%2Cstarted_at%2Cfinished_at'));
    expect(world.mistral.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('an execution that ends in ERROR: exit 1, its state info, failed task and the action\'s error result on stderr; stdout shows it', async () => {
    const { options } = fakeTime();
    const result = await runCli(['execution-create', 'wait_fail', '--wait', '-f', 'json'], world.homeEnv(), options);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ID: ID1, State: 'ERROR', 'State info': 'Failure caused by error in tasks: fail_here', Duration: '0:00:10' });
    expect(lines(result.stderr)).toEqual([`execution ${ID1}: RUNNING`, `execution ${ID1}: task fail_here ERROR after 0:00:01`, `execution ${ID1}: ERROR after 0:00:10`, ...failLines(ID1)]);
    // Found as execution-get-report finds them, the error result from the action execution.
    const reads = world.mistral.requests.filter((r) => /\/(report|action_executions\/.*)$/.test(r.path)).map((r) => `${r.path.replace(/^.*\/v2/, '')}?${r.query}`);
    expect(reads).toEqual([`/executions/${ID1}/report?errors_only=True`, `/action_executions/ae-${ID1}?`]);
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
    // POST, then two polls of the execution and its tasks.
    expect(mistralRequests.length).toBe(5);
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
    expect(world.mistral.requests).toHaveLength(5);
    expect(ports.size).toBe(1);
  });

  it('--interval and --wait-timeout must be positive: a usage error (exit 2) before anything starts', async () => {
    const result = await runCli(['execution-create', 'wait_ok', '--wait', '--interval', '0'], world.homeEnv(), fakeTime().options);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("mistral execution-create: error: --interval must be a number of seconds greater than 0, not '0'\n");
    expect(world.mistral.requests).toEqual([]);
  });

  it('-q: no progress at all, no task list read; of a failure only the one-line summary', async () => {
    const ok = await runCli(['-q', 'execution-create', 'wait_ok', '--wait', '-f', 'value', '-c', 'State'], world.homeEnv(), fakeTime().options);
    expect([ok.code, ok.stdout, ok.stderr]).toEqual([0, 'SUCCESS\n', '']);
    world.reset();
    const failed = await runCli(['-q', 'execution-create', 'wait_fail', '--wait', '-f', 'value', '-c', 'State'], world.homeEnv(), fakeTime().options);
    expect([failed.code, failed.stdout]).toEqual([1, 'ERROR\n']);
    expect(lines(failed.stderr)).toEqual([failLines(ID1)[0]]);
    expect(world.mistral.requests.filter((r) => /\/(tasks|report)$|action_executions/.test(r.path))).toEqual([]);
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

  for (const [signal, code] of [['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    it(`${signal} (a CI runner stopping the job) is treated like Ctrl-C: says what still runs, exit ${code}`, async () => {
      let interrupt: ((name?: string) => void) | undefined;
      const { options } = fakeTime({ onInterrupt: (handler) => ((interrupt = handler), () => (interrupt = undefined)) });
      const sleep = options.sleep!;
      options.sleep = async (ms, given) => {
        interrupt?.(signal);
        await sleep(ms, given);
      };
      const result = await runCli(['execution-create', 'wait_forever', '--wait'], world.homeEnv(), options);
      expect(result.code).toBe(code);
      expect(result.stdout).toBe('');
      expect(lines(result.stderr).at(-1)).toBe(`mistral: interrupted by ${signal}: stopped waiting; execution ${ID1} is still RUNNING on the server (see: mistral execution-get ${ID1})`);
      expect(world.mistral.requests.filter((r) => ['PUT', 'DELETE'].includes(r.method))).toEqual([]);
    });
  }

  it('--cancel-on-timeout: what is still running when --wait-timeout passes is cancelled (PUT state CANCELLED); exit 3', async () => {
    const result = await runCli(['execution-create', 'wait_forever', '--wait', '--wait-timeout', '3', '--cancel-on-timeout', '-f', 'value', '-c', 'State'], world.homeEnv(), fakeTime().options);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('CANCELLED\n');
    expect(lines(result.stderr).at(-1)).toBe(`mistral: execution ${ID1} was still running after 3 s (--wait-timeout); it was cancelled (--cancel-on-timeout), now CANCELLED`);
    const writes = world.mistral.requests.filter((r) => ['PUT', 'DELETE'].includes(r.method));
    expect(writes.map((r) => [r.method, r.path.replace(/^.*\/v2/, ''), r.body])).toEqual([['PUT', `/executions/${ID1}`, '{"state": "CANCELLED"}']]);
  });

  it('--cancel-on-timeout cancels nothing that ended in time', async () => {
    const result = await runCli(['execution-create', 'wait_ok', '--wait', '--wait-timeout', '60', '--cancel-on-timeout', '-f', 'value', '-c', 'State'], world.homeEnv(), fakeTime().options);
    expect([result.code, result.stdout]).toEqual([0, 'SUCCESS\n']);
    expect(world.mistral.requests.filter((r) => r.method === 'PUT')).toEqual([]);
  });

  for (const [argv, message] of [
    [['--cancel-on-timeout', '--wait'], '--cancel-on-timeout needs --wait-timeout SECONDS'],
    [['--cancel-on-timeout'], '--cancel-on-timeout needs --wait'],
    [['--print-output'], '--print-output needs --wait'],
    [['--wait', '--print-output', '-c', 'ID'], '-c/--column has no meaning with --print-output, which prints the output as JSON'],
  ] as const) {
    it(`${argv.join(' ')}: a usage error (exit 2) before anything starts`, async () => {
      const result = await runCli(['execution-create', 'wait_ok', ...argv], world.homeEnv(), fakeTime().options);
      expect([result.code, result.stderr]).toEqual([2, `mistral execution-create: error: ${message}\n`]);
      expect(world.mistral.requests).toEqual([]);
    });
  }

  it('one execution that cannot be started: the one error line, exit 1, nothing on stdout (as without --wait)', async () => {
    world.mistral.intercept = (req) => (req.method === 'POST' ? { status: 404, body: { faultstring: 'Workflow not found [workflow_identifier=nope]', debuginfo: null } } : undefined);
    const result = await runCli(['execution-create', 'nope', '--wait', '-f', 'json'], world.homeEnv(), fakeTime().options);
    expect([result.code, result.stdout, result.stderr]).toEqual([1, '', 'ERROR (app) Workflow not found [workflow_identifier=nope] (HTTP 404 Not Found)\n']);
  });

  it('one execution on one target cloud stays one object in -f json (rows per cloud only for several)', async () => {
    const result = await runCli(['execution-create', 'wait_ok', '--wait', '-f', 'json'], { ...world.homeEnv(), ...world.targetEnv() }, fakeTime().options);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ID: ID1, State: 'SUCCESS' });
  });
});

describe('--print-output: the result where CI reads it', () => {
  it("SUCCESS: stdout is the execution's output exactly as execution-get-output prints it; exit 0", async () => {
    const result = await runCli(['execution-create', 'wait_ok', '--wait', '--print-output'], world.homeEnv(), fakeTime().options);
    expect(result.code).toBe(0);
    const reference = await runCli(['execution-get-output', 'e1e1e1e1-0000-0000-0000-000000000001'], world.homeEnv());
    expect(result.stdout).toBe(reference.stdout);
    expect(result.stdout).toBe('{\n    "result": "ok"\n}\n');
    // -f json changes nothing for one execution: the output is JSON already.
    world.reset();
    const json = await runCli(['execution-create', 'wait_ok', '--wait', '--print-output', '-f', 'json'], world.homeEnv(), fakeTime().options);
    expect(json.stdout).toBe(reference.stdout);
  });

  it("ERROR: exit 1, the output on stdout, the failed task and its action's error on stderr", async () => {
    const result = await runCli(['execution-create', 'wait_fail', '--wait', '--print-output'], world.homeEnv(), fakeTime().options);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('{\n    "result": "ok"\n}\n');
    expect(lines(result.stderr).slice(-3)).toEqual(failLines(ID1));
  });

  it('execution-wait --print-output of two executions: each output under its id', async () => {
    for (const name of ['wait_ok', 'wait_fail']) await runCli(['execution-create', name], world.homeEnv());
    const result = await runCli(['execution-wait', ID1, ID2, '--print-output', '-f', 'json'], world.homeEnv(), fakeTime().options);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({ [ID1]: { result: 'ok' }, [ID2]: { result: 'ok' } });
  });
});

describe('why it failed, on stderr', () => {
  it('a failure inside a sub-workflow is named by its path of tasks', async () => {
    const result = await runCli(['execution-create', 'wait_nested', '--wait', '-f', 'value', '-c', 'State'], world.homeEnv(), fakeTime().options);
    expect(result.code).toBe(1);
    expect(lines(result.stderr).slice(-3)).toEqual([
      `mistral: execution ${ID1} ended in ERROR: Failure caused by error in tasks: call_sub`,
      `mistral: execution ${ID1}: task call_sub > fail_here failed: ${failResult(ID1)}`,
      `mistral: execution ${ID1}: task call_sub > fail_here: action std.fail failed with: ${failResult(ID1)}`,
    ]);
  });

  it('bounded (5 tasks, 300 characters each, the rest counted), secrets masked, control characters escaped', async () => {
    const token = `gAAAAA${'x'.repeat(180)}`;
    const info = `boom \x1b[2J 'auth_token': '${token}' ${'y'.repeat(1000)}`;
    const task = (i: number) => ({ id: `t${i}`, name: `t${i}`, state: 'ERROR', state_info: info, action_executions: [], workflow_executions: [] });
    world.mistral.intercept = (req) => (req.path.endsWith('/report') ? { status: 200, body: { statistics: {}, root_workflow_execution: { id: ID1, name: 'wait_fail', state: 'ERROR', task_executions: Array.from({ length: 8 }, (_, i) => task(i)) } } } : undefined);
    const result = await runCli(['execution-create', 'wait_fail', '--wait', '-f', 'value', '-c', 'State'], world.homeEnv(), fakeTime().options);
    expect(result.code).toBe(1);
    const details = lines(result.stderr).filter((l) => l.startsWith(`mistral: execution ${ID1}: `));
    expect(details).toHaveLength(6);
    expect(details.at(-1)).toBe(`mistral: execution ${ID1}: 3 more failed tasks (see: mistral execution-get-report ${ID1})`);
    for (const line of details.slice(0, 5)) {
      expect(line.length).toBeLessThan(420);
      expect(line).toContain("boom \\x1b[2J 'auth_token': '<redacted>'");
      expect(line.endsWith('…')).toBe(true);
    }
    expect(result.stderr).not.toContain(token.slice(0, 40));
    expect(result.stderr).not.toMatch(CONTROL);
  });

  it("the summary line's state info is cut at 1000 characters (Mistral repeats nested failures in it)", async () => {
    world.mistral.intercept = (req) => {
      const execution = world.mistral.running.get(ID1);
      if (req.method !== 'GET' || !req.path.endsWith(`/executions/${ID1}`) || !execution) return undefined;
      return { status: 200, body: { ...execution.body, state: 'ERROR', state_info: `long ${'z'.repeat(5000)}`, updated_at: '2024-06-01 12:00:00' } };
    };
    const result = await runCli(['-q', 'execution-create', 'wait_forever', '--wait', '-f', 'value', '-c', 'State'], world.homeEnv(), fakeTime().options);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`mistral: execution ${ID1} ended in ERROR: long ${'z'.repeat(995)}…\n`);
  });

  it('a report that cannot be read costs one line, never the exit code', async () => {
    world.mistral.intercept = (req) => (req.path.endsWith('/report') ? { status: 500, body: { faultstring: 'report broke', debuginfo: null } } : undefined);
    const result = await runCli(['execution-create', 'wait_fail', '--wait', '-f', 'value', '-c', 'State'], world.homeEnv(), fakeTime().options);
    expect(result.code).toBe(1);
    expect(lines(result.stderr).at(-1)).toBe(`mistral: execution ${ID1}: its failed tasks could not be read: report broke (HTTP 500 Internal Server Error)`);
  });
});

describe('task progress', () => {
  it('not on a terminal: each task of a three-task workflow ends on one plain line (name, state, duration) as it happens', async () => {
    const result = await runCli(['execution-create', 'wait_three', '--wait', '-f', 'value', '-c', 'State'], world.homeEnv(), fakeTime().options);
    expect(result.code).toBe(0);
    expect(lines(result.stderr)).toEqual([
      `execution ${ID1}: RUNNING`,
      `execution ${ID1}: task one SUCCESS after 0:00:01`,
      `execution ${ID1}: task two SUCCESS after 0:00:02`,
      `execution ${ID1}: task three SUCCESS after 0:00:03`,
      `execution ${ID1}: SUCCESS after 0:00:10`,
    ]);
    expect(result.stderr).not.toMatch(CONTROL);
  });

  it('on a terminal: the live line counts tasks "so far" while the workflow runs and names the running ones', async () => {
    const result = await runCli(['execution-create', 'wait_three', '--wait', '-f', 'value', '-c', 'State'], world.homeEnv(), fakeTime({ terminal: { columns: 120 } }).options);
    const plain = result.stderr.split('\r\x1b[2K').slice(1).map((f) => f.replace(/\x1b\[\d+m/g, ''));
    expect(plain).toEqual([
      'waiting 0:00:00  RUNNING',
      'waiting 0:00:00  RUNNING tasks 1/2 so far (running: two)',
      'waiting 0:00:01  RUNNING tasks 2/3 so far (running: three)',
      'waiting 0:00:02  RUNNING tasks 2/3 so far (running: three)',
      '',
    ]);
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
    expect(plain).toEqual(['waiting 0:00:00  RUNNING', 'waiting 0:00:00  RUNNING tasks 1/2 so far (running: task1)', '']);
    expect(result.stderr).toContain('\x1b[36mRUNNING\x1b[39m');
    expect(result.stderr).not.toContain('\n');
  });

  it('NO_COLOR: still live, never coloured; CI: plain lines as without a terminal', async () => {
    const noColour = await runCli(['execution-create', 'wait_ok', '--wait'], { ...world.homeEnv(), NO_COLOR: '1' }, fakeTime({ terminal: {} }).options);
    expect(noColour.stderr).toContain('\r\x1b[2Kwaiting 0:00:00  RUNNING');
    expect(noColour.stderr).not.toMatch(/\x1b\[\d+m/);
    world.reset();
    const ci = await runCli(['execution-create', 'wait_ok', '--wait'], { ...world.homeEnv(), CI: 'true' }, fakeTime({ terminal: {} }).options);
    expect(lines(ci.stderr)).toEqual(okProgress(ID1));
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
    expect(lines(result.stderr).slice(-3)).toEqual(failLines(ID2));
  });

  it('the first line is the state the execution is in (never UNKNOWN); "after" is its own run time, not the wait\'s', async () => {
    await runCli(['execution-create', 'wait_ok'], world.homeEnv());
    const { options, sleeps } = fakeTime();
    const result = await runCli(['execution-wait', ID1], world.homeEnv(), options);
    expect(result.code).toBe(0);
    expect(lines(result.stderr)).toEqual(okProgress(ID1));
    // The wait took 0.5 s of the fake clock; the execution ran 10 s.
    expect(sleeps).toEqual([500]);
    world.reset();
    await runCli(['execution-create', 'wait_fail'], world.homeEnv());
    await runCli(['execution-get', ID1], world.homeEnv());
    const ended = await runCli(['execution-wait', ID1, '-f', 'value', '-c', 'State'], world.homeEnv(), fakeTime().options);
    expect([ended.code, ended.stdout]).toEqual([1, 'ERROR\n']);
    expect(lines(ended.stderr)[0]).toBe(`execution ${ID1}: ERROR after 0:00:10`);
  });

  it('a nonexistent id is "not found", as execution-get says it (exit 1), with no wait and no progress', async () => {
    const result = await runCli(['execution-wait', 'missing'], world.homeEnv(), fakeTime().options);
    const get = await runCli(['execution-get', 'missing'], world.homeEnv());
    expect([result.code, result.stdout, result.stderr]).toEqual([1, '', 'ERROR (app) Object not found [name=missing] (HTTP 404 Not Found)\n']);
    expect([result.code, result.stderr]).toEqual([get.code, get.stderr]);
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
