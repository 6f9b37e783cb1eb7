// The whole CLI against a Mistral that echoes a security context it holds (as Mistral 15 does in
// an execution's state info and output): the context's tokens are masked in every output format,
// in plain-text commands, in --debug and in error messages, although this process never saw them
// (it runs unauthenticated, so its redactor knows no secret at all); stdout says on stderr how
// many it masked, --unmask prints them, and a workflow's own password is printed as the server
// holds it (README "Output formats").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../helpers/cli.js';
import { registerSecret } from '../../helpers/secrets.js';
import { startServer, type FakeServer, type Reply } from '../../helpers/server.js';
import { fakeFernet } from './fixtures.js';
import { evalInShell } from './shell-eval.js';

const TOKEN = fakeFernet(150);
// A workflow's own input: the user's data, not a credential of the request.
const USER_PASSWORD = 'db-password-9f8e7d6c';
// Printed with --unmask, so never registered as a secret of the run.
const UNMASKED_TOKEN = fakeFernet(160);
const OPAQUE = 'opaque-target-token-5a4b3c2d1e';
const CONTEXT = { user: 'u1', project_id: 'b3cafe2940974e4ebb2e04f2194c359f', auth_token: TOKEN, target_auth_token: OPAQUE, is_target: true };
const pyContext = `{'user': 'u1', 'project_id': 'b3cafe2940974e4ebb2e04f2194c359f', 'auth_token': '${TOKEN}', 'target_auth_token': '${OPAQUE}', 'is_target': True}`;
const DESCRIPTION = '$(touch pwned-description) `touch pwned-backtick` "q" \\ $HOME';

const EXECUTION = {
  id: 'ex-leak',
  workflow_id: 'wf-id',
  workflow_name: 'leak_ctx',
  workflow_namespace: '',
  description: DESCRIPTION,
  task_execution_id: null,
  root_execution_id: null,
  state: 'ERROR',
  state_info: `Failure caused by error in tasks: boom\n\n  boom [task_ex_id=t-leak] -> ${pyContext}\n`,
  input: JSON.stringify({ password: USER_PASSWORD, name: 'n' }),
  output: JSON.stringify({ result: `boom -> ${pyContext}`, openstack: CONTEXT }),
  params: JSON.stringify({ namespace: '', env: { X_Auth_Token: TOKEN } }),
  created_at: '2024-01-01 10:00:00',
  updated_at: '2024-01-01 10:00:09',
};

const UNMASKED = { ...EXECUTION, id: 'ex-unmask', state_info: `boom -> {'auth_token': '${UNMASKED_TOKEN}'}`, output: JSON.stringify({ openstack: { auth_token: UNMASKED_TOKEN } }), params: '{}' };

// A list shows State info cut short; a description is shown whole.
const LISTED = { ...EXECUTION, id: 'ex-listed', description: `retry of ${TOKEN} with ${pyContext}` };

const TASK = {
  id: 't-leak',
  name: 'echo',
  workflow_name: 'leak_ctx',
  workflow_namespace: '',
  workflow_execution_id: 'ex-leak',
  state: 'ERROR',
  state_info: pyContext,
  result: JSON.stringify(CONTEXT),
  published: JSON.stringify({ ctx: CONTEXT }),
  created_at: '2024-01-01 10:00:00',
  started_at: '2024-01-01 10:00:01',
  finished_at: '2024-01-01 10:00:05',
  updated_at: '2024-01-01 10:00:05',
};

function route(method: string, path: string): Reply {
  if (method !== 'GET') return { status: 405, body: { faultstring: 'read only' } };
  if (path === '/v2/executions') return { status: 200, body: { executions: [EXECUTION, LISTED] } };
  if (path === '/v2/executions/ex-leak') return { status: 200, body: EXECUTION };
  if (path === '/v2/executions/ex-unmask') return { status: 200, body: UNMASKED };
  if (path === '/v2/tasks/t-leak') return { status: 200, body: TASK };
  if (path === '/v2/tasks') return { status: 200, body: { tasks: [TASK] } };
  // A fault that repeats the context, as a server-side exception message can.
  return { status: 400, body: { faultstring: `Invalid input: ${pyContext}`, debuginfo: null } };
}

let server: FakeServer;
let env: Record<string, string>;

beforeAll(async () => {
  for (const [secret, label] of [[TOKEN, 'echoed fernet token'], [OPAQUE, 'echoed opaque token']]) registerSecret(secret, label);
  server = await startServer('echoing-mistral', (req) => route(req.method, req.path));
  env = { OS_MISTRAL_URL: `${server.url}/v2` };
});
afterAll(async () => {
  await server?.close();
});

const NOTICE = /^mistral: (\d+) values? printed as <redacted> \(Keystone tokens that Mistral echoes back from the request\); add --unmask to print them\n$/;

/** The one stderr line of a command that masked something on stdout, and how many it says. */
function noticed(result: CliResult): number {
  const match = NOTICE.exec(result.stderr);
  expect(match, result.stderr).not.toBeNull();
  return Number(match?.[1]);
}

function expectMasked(result: CliResult, stream: 'stdout' | 'stderr' = 'stdout'): void {
  for (const secret of [TOKEN, OPAQUE, TOKEN.slice(0, 44)]) {
    expect(result.stdout).not.toContain(secret);
    expect(result.stderr).not.toContain(secret);
  }
  expect(result[stream]).toContain('<redacted>');
}

describe('a context echoed by the server is masked', () => {
  const shows = [[], ['-f', 'json'], ['-f', 'json', '--noindent'], ['-f', 'yaml'], ['-f', 'value'], ['-f', 'shell'], ['--max-width', '40']];
  for (const format of shows) {
    it(`execution-get ${format.join(' ') || '(table)'}`, async () => {
      const result = await runCli(['execution-get', 'ex-leak', ...format], env);
      expect(result.code).toBe(0);
      expect(noticed(result)).toBeGreaterThan(0);
      expectMasked(result);
      expect(result.stdout).toContain('project_id');
    });
  }

  for (const format of ['table', 'json', 'yaml', 'value', 'shell']) {
    it(`task-get -f ${format}`, async () => {
      const result = await runCli(['task-get', 't-leak', '-f', format], env);
      expect(result.code).toBe(0);
      expect(noticed(result)).toBeGreaterThan(0);
      expectMasked(result);
    });
  }

  for (const format of ['table', 'json', 'yaml', 'value', 'csv']) {
    it(`execution-list -f ${format}`, async () => {
      const result = await runCli(['execution-list', '-f', format], env);
      expect(result.code).toBe(0);
      expect(noticed(result)).toBeGreaterThan(0);
      expect(result.stdout).toContain('ex-listed');
      expectMasked(result);
    });
  }

  it('plain-text commands: execution-get-output, -input, task-get-result, task-get-published', async () => {
    const output = await runCli(['execution-get-output', 'ex-leak'], env);
    expect(output.code).toBe(0);
    expectMasked(output);
    // Two in the repr text, two in the context object.
    expect(noticed(output)).toBe(4);
    expect(JSON.parse(output.stdout)).toEqual({
      result: `boom -> ${pyContext.replace(TOKEN, '<redacted>').replace(OPAQUE, '<redacted>')}`,
      openstack: { ...CONTEXT, auth_token: '<redacted>', target_auth_token: '<redacted>' },
    });
    // A workflow's input is the user's data: printed as the server holds it, nothing said.
    const input = await runCli(['execution-get-input', 'ex-leak'], env);
    expect(input.code).toBe(0);
    expect(input.stderr).toBe('');
    expect(JSON.parse(input.stdout)).toEqual({ password: USER_PASSWORD, name: 'n' });
    for (const command of ['task-get-result', 'task-get-published']) {
      const result = await runCli([command, 't-leak'], env);
      expect(result.code, command).toBe(0);
      expectMasked(result);
    }
  });

  it('--debug: the response bodies on stderr', async () => {
    const result = await runCli(['execution-get', 'ex-leak', '--debug', '-f', 'json'], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('DEBUG RESP BODY: ');
    expectMasked(result, 'stderr');
    expectMasked(result, 'stdout');
  });

  it('an error message that repeats the context', async () => {
    const result = await runCli(['execution-get', 'other'], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      "ERROR (app) Invalid input: {'user': 'u1', 'project_id': 'b3cafe2940974e4ebb2e04f2194c359f', 'auth_token': '<redacted>', 'target_auth_token': '<redacted>', 'is_target': True} (HTTP 400 Bad Request)\n",
    );
  });
});

describe('--unmask', () => {
  it('prints what the server holds, in every format and in plain text, and says nothing', async () => {
    for (const args of [['execution-get', 'ex-unmask', '-f', 'json'], ['execution-get', 'ex-unmask'], ['execution-get-output', 'ex-unmask'], ['execution-get', 'ex-unmask', '-f', 'value', '-c', 'State info']]) {
      const masked = await runCli(args, env);
      expect(masked.code, args.join(' ')).toBe(0);
      expect(masked.stdout).not.toContain(UNMASKED_TOKEN);
      expect(noticed(masked), args.join(' ')).toBeGreaterThan(0);
      const result = await runCli([...args, '--unmask'], env);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain(UNMASKED_TOKEN);
      expect(result.stdout).not.toContain('<redacted>');
    }
  });

  it('is offered by every command that talks to a server, and by configuration-show', async () => {
    const help = await runCli(['execution-get-output', '--help'], env);
    expect(help.stdout).toContain('--unmask');
    const offline = await runCli(['bash-completion', '--unmask'], env);
    expect(offline.code).toBe(2);
    expect(offline.stderr).toBe("mistral bash-completion: error: unknown option '--unmask'\n");
  });
});

describe('execution-get -f shell through the whole CLI', () => {
  it('eval in bash gives the description back literally and runs none of it', async () => {
    const result = await runCli(['execution-get', 'ex-leak', '-f', 'shell', '--prefix', 'ex_'], env);
    expect(result.code).toBe(0);
    const evaluated = evalInShell('bash', result.stdout, ['ex_description', 'ex_state', 'ex_id']);
    expect(evaluated.values).toEqual([DESCRIPTION, 'ERROR', 'ex-leak']);
    expect(evaluated.created).toEqual([]);
    expect(evaluated.stderr).toBe('');
  });
});
