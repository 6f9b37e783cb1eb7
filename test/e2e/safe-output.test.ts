// Output that is safe, against the real stack: a live token Mistral 15 echoes back (the execution's
// security context in its state info, a task result and the output) never reaches stdout or
// stderr, in any format, in plain-text commands or in --debug; and `-f shell` of a description
// full of shell syntax evals to the literal text without running any of it.
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalInShell } from '../unit/output/shell-eval.js';
import { REPO, mistral, ok, openrc, pythonMistral, stack, waitForExecution, type Run } from './stack.js';

const home = openrc('openrc-a.sh');
const target = { ...home, ...openrc('target-b.sh') };
const admin = openrc('openrc-a-admin.sh');
const { a, b } = stack.clouds;
const WORKFLOW = 'e2e_leak_ctx';

const pwned = `/tmp/pwned-${randomBytes(6).toString('hex')}`;
const DESCRIPTION = `$(touch ${pwned}) \`touch ${pwned}-bt\` "q" \\ $HOME !`;

/** A token straight from Keystone (what `curl -si …/auth/tokens` shows in X-Subject-Token). */
async function keystoneToken(authUrl: string, user: { name: string; password: string }, project: string): Promise<string> {
  const res = await fetch(`${authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: user.name, domain: { name: 'Default' }, password: user.password } } },
        scope: { project: { name: project, domain: { name: 'Default' } } },
      },
    }),
  });
  const token = res.headers.get('x-subject-token');
  if (res.status !== 201 || !token) throw new Error(`Keystone ${authUrl}: ${res.status} ${await res.text()}`);
  return token;
}

interface Tokens {
  home: string;
  target: string;
}

/** Mistral's API read directly, without the client (with a target: the headers Mistral's context.py reads). */
async function mistralApi(path: string, tokens: Tokens, asTarget: boolean): Promise<Record<string, unknown>> {
  const tenantb = b.users.tenantb;
  const headers: Record<string, string> = { 'X-Auth-Token': tokens.home };
  if (asTarget) {
    Object.assign(headers, {
      'X-Target-Auth-Token': tokens.target,
      'X-Target-Auth-Uri': `${b.auth_url}/`,
      'X-Target-Project-Id': tenantb.project_id,
      'X-Target-User-Id': tenantb.id,
      'X-Target-User-Name': tenantb.name,
      'X-Target-Region-Name': b.region,
    });
  }
  const res = await fetch(`${stack.mistral.url}${path}`, { headers });
  if (res.status !== 200) throw new Error(`Mistral GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

/** The token Mistral stored in a state info (`'auth_token': 'gAAAA…'`). */
function echoedToken(stateInfo: unknown): string {
  const match = /'auth_token': '([^']+)'/.exec(String(stateInfo));
  if (!match) throw new Error(`no auth_token in ${String(stateInfo).slice(0, 200)}`);
  return match[1];
}

interface Run1 {
  id: string;
  echoTask: string;
  boomTask: string;
  /** The token Mistral echoes in this execution's data. */
  echoed: string;
}

/** Mistral echoed a real token in this execution (a Fernet token, not the '***' of OSSN-0098). */
const hasEcho = (run: Run1) => run.echoed.length >= 20;

let tokens: Tokens;
let onTarget: Run1;
let atHome: Run1;
let secrets: Array<[string, string]>;

async function runWorkflow(env: Record<string, string>, asTarget: boolean): Promise<Run1> {
  const id = (await ok(mistral(['execution-create', WORKFLOW, '-d', DESCRIPTION, '-c', 'ID', '-f', 'value'], env))).trim();
  expect(await waitForExecution(id, env)).toBe('ERROR');
  const execution = await mistralApi(`/executions/${id}`, tokens, asTarget);
  const tasks = (await mistralApi(`/executions/${id}/tasks`, tokens, asTarget)).tasks as Array<{ id: string; name: string }>;
  return {
    id,
    echoTask: tasks.find((t) => t.name === 'echo')!.id,
    boomTask: tasks.find((t) => t.name === 'boom')!.id,
    echoed: echoedToken(execution.state_info),
  };
}

beforeAll(async () => {
  await mistral(['workflow-delete', WORKFLOW], admin);
  // Public, so that the home project and a target project of another cloud can both run it.
  await ok(mistral(['workflow-create', '--public', join(REPO, 'test/e2e/fixtures/e2e_leak_ctx.yaml')], admin));
  tokens = {
    home: await keystoneToken(a.auth_url, a.users.demo, 'demo'),
    target: await keystoneToken(b.auth_url, b.users.tenantb, 'projb'),
  };
  onTarget = await runWorkflow(target, true);
  atHome = await runWorkflow(home, false);
  // trixie's Mistral echoes '***' in place of the token (test/e2e/releases.ts): no secret to look for.
  secrets = [
    ...(hasEcho(onTarget) ? [['target token echoed by Mistral', onTarget.echoed] as [string, string]] : []),
    ...(hasEcho(atHome) ? [['home token echoed by Mistral', atHome.echoed] as [string, string]] : []),
    ['home token from Keystone A', tokens.home],
    ['target token from Keystone B', tokens.target],
    ['demo password', a.users.demo.password],
    ['tenantb password', b.users.tenantb.password],
  ];
});

afterAll(async () => {
  await mistral(['workflow-delete', WORKFLOW], admin);
  rmSync(pwned, { force: true });
  rmSync(`${pwned}-bt`, { force: true });
});

/** No secret (nor the first 40 characters of one) on stdout or stderr. */
function expectNoSecret(run: Run, command: string): void {
  for (const [label, secret] of secrets) {
    for (const stream of ['stdout', 'stderr'] as const) {
      expect(run[stream].includes(secret.slice(0, 40)), `${label} on ${stream} of ${command}`).toBe(false);
    }
  }
}

async function check(args: string[], env: Record<string, string>, redactedOn: Array<'stdout' | 'stderr'> = ['stdout']): Promise<Run> {
  const run = await mistral(args, env);
  const command = `mistral ${args.join(' ')}`;
  expect(run.code, `${command}\n${run.stderr}`).toBe(0);
  expectNoSecret(run, command);
  for (const stream of redactedOn) expect(run[stream], `${command} ${stream}`).toContain('<redacted>');
  return run;
}

describe('the premise', () => {
  it('Mistral really holds live Fernet tokens in these executions, and the reference prints them', async () => {
    for (const run of [onTarget, atHome]) {
      expect(run.echoed).toMatch(/^gAAAAA[A-Za-z0-9_-]{170,}$/);
      // Live: Keystone validates it.
      const authUrl = run === onTarget ? b.auth_url : a.auth_url;
      const res = await fetch(`${authUrl}/auth/tokens`, { headers: { 'X-Auth-Token': run.echoed, 'X-Subject-Token': run.echoed } });
      expect(res.status).toBe(200);
    }
    const reference = await pythonMistral(['execution-get', onTarget.id, '-f', 'json'], { ...home, ...openrc('target-b-legacy.sh') });
    expect(reference.code, reference.stderr).toBe(0);
    expect(reference.stdout).toContain(onTarget.echoed);
  });
});

describe('an echoed token is masked on the real stack (target cloud)', () => {
  for (const format of ['table', 'json', 'yaml', 'value', 'shell']) {
    it(`execution-get and task-get -f ${format}`, async () => {
      await check(['execution-get', onTarget.id, '-f', format], target);
      await check(['task-get', onTarget.boomTask, '-f', format], target);
    });
  }

  for (const format of ['table', 'json', 'yaml', 'value', 'csv']) {
    it(`execution-list and task-list -f ${format}`, async () => {
      const list = await check(['execution-list', '--filter', `workflow_name=${WORKFLOW}`, '-f', format], target, []);
      expect(list.stdout).toContain(onTarget.id);
      const tasks = await check(['task-list', onTarget.id, '-f', format], target, []);
      expect(tasks.stdout).toContain(onTarget.boomTask);
    });
  }

  it('plain-text commands: execution-get-output, task-get-result, execution-get-report', async () => {
    const output = await check(['execution-get-output', onTarget.id], target);
    expect(output.stdout).toContain("'auth_token': '<redacted>'");
    // Said once on stderr, with the count and the way to see them (README "Output formats").
    expect(output.stderr).toMatch(/^mistral: \d+ values? printed as <redacted> \(Keystone tokens that Mistral echoes back from the request\); add --unmask to print them\n$/);
    const result = await check(['task-get-result', onTarget.echoTask], target);
    expect(JSON.parse(result.stdout)).toMatchObject({ auth_token: '<redacted>', is_target: true, project_id: b.users.tenantb.project_id });
    // The report cuts each error info short, before the token; it must still show none of it.
    const report = await check(['execution-get-report', onTarget.id], target, []);
    expect(report.stdout).toContain(`task 'boom' [ERROR] ${onTarget.boomTask}`);
  });

  it('--debug: the response bodies on stderr', async () => {
    const run = await check(['--debug', 'execution-get', onTarget.id, '-f', 'json'], target, ['stdout', 'stderr']);
    expect(run.stderr).toContain('DEBUG RESP BODY: ');
    await check(['--debug', 'task-get-result', onTarget.echoTask], target, ['stdout', 'stderr']);
  });

  it('--debug with tokens given to the client (--os-auth-token, --os-target-auth-token)', async () => {
    const env = {
      OS_AUTH_URL: a.auth_url,
      OS_AUTH_TOKEN: tokens.home,
      OS_PROJECT_NAME: 'demo',
      OS_PROJECT_DOMAIN_NAME: 'Default',
      TARGET_OS_AUTH_URL: b.auth_url,
      TARGET_OS_AUTH_TOKEN: tokens.target,
      TARGET_OS_REGION_NAME: b.region,
    };
    const run = await check(['--debug', 'execution-get', onTarget.id, '-f', 'yaml'], env, ['stdout', 'stderr']);
    expect(run.stdout).toContain(`ID: ${onTarget.id}`);
  });
});

describe('an echoed token is masked on the real stack (home cloud)', () => {
  it('execution-get, execution-get-output and --debug', async () => {
    await check(['execution-get', atHome.id, '-f', 'json'], home);
    await check(['execution-get-output', atHome.id], home);
    await check(['--debug', 'task-get', atHome.boomTask, '-f', 'value'], home, ['stdout', 'stderr']);
  });
});

describe('-f shell of a description full of shell syntax', () => {
  it('the reference runs it under eval (the premise)', async () => {
    const reference = await pythonMistral(['execution-get', atHome.id, '-f', 'shell'], home);
    expect(reference.code, reference.stderr).toBe(0);
    evalInShell('bash', reference.stdout, []);
    expect(existsSync(pwned)).toBe(true);
    rmSync(pwned, { force: true });
    rmSync(`${pwned}-bt`, { force: true });
  });

  for (const shell of ['bash', 'dash']) {
    it(`${shell}: eval gives the literal description and creates no file`, async () => {
      for (const [id, env] of [[atHome.id, home], [onTarget.id, target]] as const) {
        const out = await check(['execution-get', id, '-f', 'shell'], env, hasEcho(atHome) ? ['stdout'] : []);
        const evaluated = evalInShell(shell, out.stdout, ['description', 'id']);
        expect(evaluated.stderr).toBe('');
        expect(evaluated.values).toEqual([DESCRIPTION, id]);
        expect(existsSync(pwned)).toBe(false);
        expect(existsSync(`${pwned}-bt`)).toBe(false);
      }
    });
  }
});
