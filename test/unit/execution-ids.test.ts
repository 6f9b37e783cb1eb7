// Execution ids chosen by the client (src/commands/execution-ids.ts, execution-create in
// src/commands/execution-create.ts; README "Token cache, timeouts and retries"): every execution-create
// POST carries an id, so the transport sends it again after a dead connection and the fake Mistral,
// like Mistral 15, returns the execution that has it instead of starting a second one. Behind a
// front end that closes kept-alive sockets (0 and 50 ms after each answer) or loses an answer, at
// home and with a target cloud, exactly one execution is created; --id lets a job choose the id,
// refused before any request when it is not a UUID.
import { afterEach, describe, expect, it } from 'vitest';
import { newExecutionId, parseExecutionId, perCloudExecutionId } from '../../src/commands/execution-ids.js';
import { UsageError } from '../../src/errors.js';
import { lines, NOW, runCli, type RunOptions } from '../helpers/cli.js';
import { useWorld, type Env } from '../helpers/clouds.js';
import { startStaleSocketProxy, type StaleSocketOptions, type StaleSocketProxy } from '../helpers/stale-socket-proxy.js';

const world = useWorld({}, (w) => {
  w.mistral.clientIds = true;
});
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ID = '123e4567-e89b-12d3-a456-426655440000';

const executionPosts = () => world.mistral.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/executions'));
const sentIds = () => executionPosts().map((r) => (JSON.parse(r.body) as { id?: string }).id);
const homeAndTarget = (extra: Env = {}): Env => ({ ...world.homeEnv(), ...world.targetEnv(), ...extra });

function fakeTime(): RunOptions {
  let now = NOW.getTime();
  return { clock: () => new Date(now), sleep: async (ms) => void (now += ms) };
}

describe('the ids', () => {
  it('a new id is a version 4 UUID of 16 random bytes, from /dev/urandom or, where it cannot be read, node:crypto', () => {
    const ids = Array.from({ length: 200 }, () => newExecutionId());
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(new Set(ids).size).toBe(ids.length);
    // The 122 random bits spread: every hex digit shows up in the first group of 200 ids.
    expect(new Set(ids.map((id) => id.slice(0, 8)).join('')).size).toBe(16);
    const fallback = Array.from({ length: 20 }, () => newExecutionId('/nonexistent/random-source'));
    for (const id of fallback) expect(id).toMatch(UUID_V4);
    expect(new Set(fallback).size).toBe(fallback.length);
    // A source that ends early is not used: /dev/null gives no bytes, and the id is still random.
    expect(newExecutionId('/dev/null')).not.toBe('00000000-0000-4000-8000-000000000000');
    expect(newExecutionId('/dev/null')).toMatch(UUID_V4);
  });

  it('a per-cloud id is the UUID version 5 of the cloud name in the namespace of the given id (as Python uuid.uuid5)', () => {
    // python3 -c "import uuid; print(uuid.uuid5(uuid.UUID('123e4567-e89b-12d3-a456-426655440000'), 'edge-b'))"
    expect(perCloudExecutionId(ID, 'edge-b')).toBe('8191b567-1643-5c7e-8aed-a6129f12ada8');
    expect(perCloudExecutionId(ID.toUpperCase(), 'edge-b')).toBe('8191b567-1643-5c7e-8aed-a6129f12ada8');
    expect(perCloudExecutionId(ID, 'edge-a')).not.toBe(perCloudExecutionId(ID, 'edge-b'));
  });

  it('--id takes a UUID in its 8-4-4-4-12 form, in lower case', () => {
    expect(parseExecutionId('123E4567-E89B-12D3-A456-426655440000')).toBe(ID);
    for (const bad of ['', 'e1', '123e4567e89b12d3a456426655440000', `{${ID}}`, `${ID}0`, `urn:uuid:${ID}`, '123e4567-e89b-12d3-a456-42665544000g']) {
      expect(() => parseExecutionId(bad)).toThrow(UsageError);
    }
  });
});

describe('execution-create sends an id of its own', () => {
  it('a random UUID (version 4), a new one on every call, and the execution has it', async () => {
    const first = await runCli(['execution-create', 'wait_ok', '-c', 'ID', '-f', 'value'], world.homeEnv());
    const second = await runCli(['execution-create', 'wait_ok', '-c', 'ID', '-f', 'value'], world.homeEnv());
    expect([first.code, second.code, first.stderr, second.stderr]).toEqual([0, 0, '', '']);
    const ids = sentIds();
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(ids[0]).not.toBe(ids[1]);
    expect([first.stdout, second.stdout]).toEqual(ids.map((id) => `${id}\n`));
    // No lookup first: nobody else can hold a random id.
    expect(world.mistral.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
  });
});

describe('--id', () => {
  for (const bad of ['not-a-uuid', '123e4567e89b12d3a456426655440000']) {
    it(`'${bad}' is a usage error (exit 2, one line) before any request`, async () => {
      const result = await runCli(['execution-create', 'wait_ok', '--id', bad], homeAndTarget());
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`mistral execution-create: error: --id must be a UUID such as 123e4567-e89b-12d3-a456-426655440000, not '${bad}'\n`);
      expect(result.stdout).toBe('');
      expect(world.allRequests()).toEqual([]);
    });
  }

  it('a new id: looked up (404), then the POST carries it; the execution has it', async () => {
    const result = await runCli(['execution-create', 'wait_ok', '--id', ID, '-c', 'ID', '-c', 'State', '-f', 'value'], world.homeEnv());
    expect([result.code, result.stdout, result.stderr]).toEqual([0, `${ID}\nRUNNING\n`, '']);
    expect(world.mistral.requests.map((r) => `${r.method} ${r.path.replace(/^.*\/v2/, '')}`)).toEqual([`GET /executions/${ID}`, 'POST /executions']);
    expect(sentIds()).toEqual([ID]);
  });

  it('run again with the same id: shows the execution that has it, says so on stderr, starts nothing', async () => {
    await runCli(['execution-create', 'wait_ok', '{"a": 1}', '--id', ID.toUpperCase()], world.homeEnv());
    const again = await runCli(['execution-create', 'wait_ok', '{"a": 1}', '--id', ID.toUpperCase(), '-c', 'ID', '-f', 'value'], world.homeEnv());
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`${ID}\n`);
    expect(again.stderr).toBe(`mistral: warning: execution ${ID} already exists (created 2024-06-01 11:59:50, RUNNING): nothing new was started\n`);
    expect(world.mistral.running.size).toBe(1);
    expect(sentIds()).toEqual([ID]);
    // -q: no warning, the same answer.
    const quiet = await runCli(['-q', 'execution-create', 'wait_ok', '{"a": 1}', '--id', ID, '-c', 'ID', '-f', 'value'], world.homeEnv());
    expect([quiet.code, quiet.stdout, quiet.stderr]).toEqual([0, `${ID}\n`, '']);
  });

  it('--wait on a run again waits for the execution that exists', async () => {
    await runCli(['execution-create', 'wait_ok', '--id', ID], world.homeEnv());
    const result = await runCli(['execution-create', 'wait_ok', '--id', ID, '--wait', '-c', 'ID', '-c', 'State', '-f', 'value'], world.homeEnv(), fakeTime());
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${ID}\nSUCCESS\n`);
    expect(lines(result.stderr)[0]).toMatch(new RegExp(`^mistral: warning: execution ${ID} already exists \\(created 2024-06-01 11:59:50, RUNNING\\): nothing new was started$`));
    expect(lines(result.stderr).at(-1)).toMatch(new RegExp(`^execution ${ID}: SUCCESS after `));
    expect(world.mistral.running.size).toBe(1);
  });

  it('an existing execution of another workflow or with other input is refused (exit 1), nothing started', async () => {
    await runCli(['execution-create', 'wait_ok', '{"a": 1, "b": [1, 2]}', '--id', ID], world.homeEnv());
    const otherWorkflow = await runCli(['execution-create', 'wait_fail', '--id', ID], world.homeEnv());
    expect(otherWorkflow.code).toBe(1);
    expect(otherWorkflow.stderr).toBe(`ERROR (app) execution ${ID} already exists, for workflow wait_ok, not wait_fail: nothing was started; give another --id\n`);
    const otherInput = await runCli(['execution-create', 'wait_ok', '{"a": 2, "b": [1, 2]}', '--id', ID], world.homeEnv());
    expect(otherInput.code).toBe(1);
    expect(otherInput.stderr).toBe(`ERROR (app) execution ${ID} already exists, for other input (a): nothing was started; give another --id\n`);
    // The same input in another key order, or fewer keys (the stored input holds defaults too), is the same request.
    const same = await runCli(['execution-create', 'wait_ok', '{"b": [1, 2]}', '--id', ID, '-c', 'ID', '-f', 'value'], world.homeEnv());
    expect([same.code, same.stdout]).toEqual([0, `${ID}\n`]);
    expect(world.mistral.running.size).toBe(1);
    expect(sentIds()).toEqual([ID]);
  });

  it('under a target cloud the lookup and the POST carry the target headers; another project holds its own ids', async () => {
    const atHome = await runCli(['execution-create', 'wait_ok', '--id', ID], world.homeEnv());
    expect(atHome.code).toBe(0);
    const result = await runCli(['execution-create', 'wait_ok', '--id', ID], homeAndTarget());
    // The fake, as Mistral 15 for a non-admin: the id is taken, by an execution this project cannot see.
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`ERROR (app) execution ${ID} on the target cloud cannot be started: an execution of another project has that id (Mistral answered "WorkflowExecution not found", HTTP 404); give another --id\n`);
    expect(world.mistral.requests.slice(-2).map((r) => [r.method, r.headers['x-target-project-id']])).toEqual([['GET', world.targetProject.id], ['POST', world.targetProject.id]]);
    expect(world.mistral.running.size).toBe(1);
  });
});

describe('behind a front end that closes kept-alive sockets after each answer', () => {
  let proxy: StaleSocketProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  /** Keystone (home at /v3, target at /target/v3) and Mistral (/v2) behind one front end, as behind one load balancer. */
  async function behindProxy(options: Omit<StaleSocketOptions, 'route'>, target: boolean) {
    proxy = await startStaleSocketProxy({
      ...options,
      route: (path) => (path.startsWith('/target/') ? `${world.target.url}${path.slice('/target'.length)}` : path.startsWith('/v3') ? `${world.home.url}${path}` : `${world.mistral.url}${path}`),
    });
    const env: Env = { ...world.homeEnv({ OS_AUTH_URL: `${proxy.url}/v3` }), ...(target ? world.targetEnv('TARGET_OS_', { TARGET_OS_AUTH_URL: `${proxy.url}/target/v3` }) : {}) };
    return { argv: ['--os-mistral-url', `${proxy.url}/v2`], env };
  }

  for (const target of [false, true]) {
    const where = target ? 'with a target cloud' : 'at home';
    for (const closeAfterMs of [0, 50]) {
      it(`closed ${closeAfterMs} ms after each answer, ${where}: execution-create succeeds with exactly one execution`, async () => {
        // The target's token comes 10 ms after the home one: by then the home token's socket is idle
        // in the pool and the POST goes out on it (a request that follows an answer at once goes on
        // a new socket). Within 50 ms that socket is stale; after 0 ms the client knows it is closed.
        let homeAnswered = () => undefined as void;
        const homeToken = new Promise<void>((resolve) => (homeAnswered = resolve));
        const { argv, env } = await behindProxy({
          closeAfterMs,
          holdAnswer: (path) => (path.startsWith('/target/') ? homeToken.then(() => new Promise((resolve) => setTimeout(resolve, 10))) : undefined),
          onAnswered: (path) => path.startsWith('/v3/') && homeAnswered(),
        }, target);
        const result = await runCli([...argv, 'execution-create', 'wait_ok', '-c', 'ID', '-f', 'value'], env);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(world.mistral.running.size).toBe(1);
        const [created] = [...world.mistral.running.values()];
        expect(result.stdout).toBe(`${String(created.body.id)}\n`);
        expect(created.body.project_id).toBe(target ? world.targetProject.id : 'p1');
        expect(executionPosts()).toHaveLength(1);
        const fates = proxy!.requests.filter((r) => r.line === 'POST /v2/executions').map((r) => r.fate);
        // Lost: written on the token request's socket, never forwarded, then sent again.
        expect(fates).toEqual(target && closeAfterMs === 50 ? ['lost', 'answered'] : [...fates.filter((fate) => fate === 'lost'), 'answered']);
      });
    }

    for (const closeAfterMs of [0, 50]) {
      it(`closed ${closeAfterMs} ms after each answer, ${where}: --wait polls through it to SUCCESS`, async () => {
        const { argv, env } = await behindProxy({ closeAfterMs }, target);
        const result = await runCli([...argv, 'execution-create', 'wait_ok', '--wait', '-c', 'State', '-f', 'value'], env);
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toBe('SUCCESS\n');
        expect(world.mistral.running.size).toBe(1);
      });
    }

    it(`a socket that dies after the POST was sent, before its answer, ${where}: the retry returns the same execution`, async () => {
      let lost = 0;
      const { argv, env } = await behindProxy({ closeAfterMs: 0, loseAnswer: ({ method, path }) => method === 'POST' && path === '/v2/executions' && lost++ === 0 }, target);
      const result = await runCli([...argv, '--debug', 'execution-create', 'wait_ok', '-c', 'ID', '-f', 'value'], env);
      expect(result.code, result.stderr).toBe(0);
      // The fake saw both POSTs, with the same id, and created one execution.
      const ids = sentIds();
      expect(ids).toHaveLength(2);
      expect(ids[1]).toBe(ids[0]);
      expect(world.mistral.running.size).toBe(1);
      expect(world.mistral.running.has(ids[0]!)).toBe(true);
      expect(result.stdout).toBe(`${ids[0]}\n`);
      expect(result.stderr).toMatch(/^DEBUG RETRY: POST http:\/\/127\.0\.0\.1:\d+\/v2\/executions after (UND_ERR_SOCKET|ECONNRESET|EPIPE) \(the connection was closed before any answer\)$/m);
    });

    it(`an answer lost while the token's socket lies stale in the pool, ${where}: the retries go on new connections, one execution`, async () => {
      // Closed 500 ms after each answer: a POST written on the home token's socket in that time dies
      // with it, unforwarded ('lost'). The POST that is forwarded loses its answer ('dropped'); its
      // retry goes on a new connection, not on that stale socket, and is answered.
      // With a target, its token is held until 10 ms after the home one, so that the POST finds the
      // home socket idle (as in the tests above) and is lost first.
      let lost = 0;
      let homeAnswered = () => undefined as void;
      const homeToken = new Promise<void>((resolve) => (homeAnswered = resolve));
      const { argv, env } = await behindProxy({
        closeAfterMs: 500,
        loseAnswer: ({ method, path }) => method === 'POST' && path === '/v2/executions' && lost++ === 0,
        holdAnswer: (path) => (path.startsWith('/target/') ? homeToken.then(() => new Promise((resolve) => setTimeout(resolve, 10))) : undefined),
        onAnswered: (path) => path.startsWith('/v3/') && homeAnswered(),
      }, target);
      const result = await runCli([...argv, '--debug', 'execution-create', 'wait_ok', '-c', 'ID', '-f', 'value'], env);
      expect(result.code, result.stderr).toBe(0);
      const fates = proxy!.requests.filter((r) => r.line === 'POST /v2/executions').map((r) => r.fate);
      // At home the POST follows the token at once, most often on a new socket; either way, no
      // retry meets the stale socket after the lost answer.
      expect(fates).toEqual([...(target || fates[0] === 'lost' ? ['lost'] : []), 'dropped', 'answered']);
      const ids = sentIds();
      expect(ids).toEqual([ids[0], ids[0]]);
      expect(world.mistral.running.size).toBe(1);
      expect(result.stdout).toBe(`${ids[0]}\n`);
      expect(result.stderr.match(/^DEBUG RETRY: POST .*\/v2\/executions after .*$/gm)).toHaveLength(fates.length - 1);
    });
  }

  it('a Mistral POST without an execution id (run-action) behind it is still never sent again', async () => {
    const { argv, env } = await behindProxy({ closeAfterMs: 0, loseAnswer: ({ method, path }) => method === 'POST' && path.startsWith('/v2/') }, false);
    const result = await runCli([...argv, 'run-action', 'std.noop'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/was closed unexpectedly \(.+\); the POST was not sent again, as it may have taken effect: check before repeating it\n$/);
    expect(world.mistral.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });
});
