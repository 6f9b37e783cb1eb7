// README "Errors, exit codes, --debug": one line on stderr, exit 1 (2 for usage); API errors with the status and the
// server's message, never `b''` or `None`; failures that name the cloud and the URL; help and
// version; no stack trace unless --debug.
import { afterEach, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/cli.js';
import { lines, runCli, type CliResult } from '../helpers/cli.js';
import { useWorld, type Env } from '../helpers/clouds.js';
import { newSecret, STACK_FRAME } from '../helpers/secrets.js';
import { closedPort } from '../helpers/server.js';

const world = useWorld({}, (world) => {
  world.mistral.acceptToken = undefined;
});
const results: CliResult[] = [];

async function run(argv: string[], env: Env = {}): Promise<CliResult> {
  const result = await runCli(argv, env);
  results.push(result);
  expect(result.stray).toBe('');
  return result;
}

/** Unauthenticated, straight at the fake Mistral, as the transcripts were made. */
const direct = (...argv: string[]) => run(['--os-mistral-url', world.mistral.apiUrl, ...argv]);

function expectOneErrorLine(result: CliResult, code: number): void {
  expect(result.code).toBe(code);
  expect(lines(result.stderr)).toHaveLength(1);
  expect(result.stderr).not.toMatch(/b''|b"|\bNone\b|undefined|\[object Object\]/);
}

describe('API errors', () => {
  it('show the faultstring and the HTTP status (404)', async () => {
    const result = await direct('workflow-get', 'missing');
    expect(result.stderr).toBe('ERROR (app) Object not found [name=missing] (HTTP 404 Not Found)\n');
    expectOneErrorLine(result, 1);
    expect(result.stdout).toBe('');
  });

  it('prefer the Server-Error-Message header to the body, as the reference does', async () => {
    const result = await direct('workflow-get', 'hdrerr');
    expect(result.stderr).toBe('ERROR (app) Header error message (HTTP 409 Conflict)\n');
    expectOneErrorLine(result, 1);
  });

  it('give an empty 500 body a readable message (never b\'\')', async () => {
    const result = await direct('workflow-get', 'empty500');
    expect(result.stderr).toBe(`ERROR (app) Mistral answered GET ${world.mistral.apiUrl}/workflows/empty500?namespace= with HTTP 500 Internal Server Error (no content type), empty body\n`);
    expectOneErrorLine(result, 1);
  });

  it('give an empty 503 body a readable message', async () => {
    const result = await direct('execution-get', 'emptybody');
    expect(result.stderr).toBe(`ERROR (app) Mistral answered GET ${world.mistral.apiUrl}/executions/emptybody with HTTP 503 Service Unavailable (no content type), empty body\n`);
    expectOneErrorLine(result, 1);
  });

  it('show the text of a non-JSON (HTML) body with the status', async () => {
    const result = await direct('workflow-get', 'boom');
    expect(result.stderr).toBe(
      `ERROR (app) Mistral answered GET ${world.mistral.apiUrl}/workflows/boom?namespace= with HTTP 500 Internal Server Error (text/html): "Internal Server Error"\n`,
    );
    expectOneErrorLine(result, 1);
  });

  it('a multi-line faultstring (a server traceback) is shown as its first line', async () => {
    const result = await direct('workflow-get', 'traceback');
    expect(result.stderr).toBe('ERROR (app) ValueError: Action x is already completed (HTTP 500 Internal Server Error)\n');
    expect(result.code).toBe(1);
  });

  it('never print None for a JSON body without a faultstring', async () => {
    const result = await direct('workflow-get', 'jsonnofault');
    expect(result.stderr).toContain('HTTP 500 Internal Server Error');
    expectOneErrorLine(result, 1);
  });

  it('stop execution-get-report before printing any of the report', async () => {
    const result = await direct('execution-get-report', 'missing');
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('ERROR (app) Object not found [name=missing] (HTTP 404 Not Found)\n');
    expectOneErrorLine(result, 1);
  });

  it('a 401 from Mistral names the home cloud and the URL, with the echoed token redacted', async () => {
    world.mistral.acceptToken = () => false;
    const result = await run(['workflow-list'], world.homeEnv());
    const token = world.home.issued.at(-1)!;
    expect(result.stderr).toBe(
      `ERROR (app) Mistral at ${world.mistral.url}/public-r1/v2/workflows?sort_keys=created_at&sort_dirs=asc&fields=id%2Cname%2Cnamespace%2Cproject_id%2Ctags%2Cinput%2Cscope%2Ccreated_at%2Cupdated_at did not accept the home cloud token: Failed to validate access token: Auth token is invalid: <redacted> (HTTP 401 Unauthorized)\n`,
    );
    expect(result.stderr).not.toContain(token);
    expectOneErrorLine(result, 1);
  });
});

describe('network failures name the cloud and the URL', () => {
  it('connection refused by Mistral', async () => {
    const port = await closedPort();
    const result = await run(['workflow-get', 'wf1', '--os-mistral-url', `http://127.0.0.1:${port}/v2`]);
    expect(result.stderr).toBe(`ERROR (app) Connection refused by the home cloud at http://127.0.0.1:${port}/v2/workflows/wf1?namespace=: is the service running?\n`);
    expectOneErrorLine(result, 1);
  });

  it('connection refused by the home Keystone (nothing sent to Mistral)', async () => {
    const port = await closedPort();
    const result = await run(['workflow-list'], world.homeEnv({ OS_AUTH_URL: `http://127.0.0.1:${port}/v3` }));
    expect(result.stderr).toBe(`ERROR (app) Connection refused by the home cloud at http://127.0.0.1:${port}/v3/auth/tokens: is the service running?\n`);
    expectOneErrorLine(result, 1);
    expect(world.mistral.requests).toEqual([]);
  });

  it('connection refused by the target Keystone (nothing sent to Mistral)', async () => {
    const port = await closedPort();
    const result = await run(['workflow-list'], { ...world.homeEnv(), ...world.targetEnv('TARGET_OS_', { TARGET_OS_AUTH_URL: `http://127.0.0.1:${port}` }) });
    expect(result.stderr).toBe(`ERROR (app) Connection refused by the target cloud at http://127.0.0.1:${port}/v3/auth/tokens: is the service running?\n`);
    expectOneErrorLine(result, 1);
    expect(world.mistral.requests).toEqual([]);
  });
});

describe('Keystone refusing the credentials', () => {
  it('a wrong home password names the home cloud and its Keystone URL (exit 1)', async () => {
    const result = await run(['workflow-list'], world.homeEnv({ OS_PASSWORD: newSecret('wrong-home-password') }));
    expect(result.stderr).toBe(
      `ERROR (app) Authentication failed: The request you have made requires authentication. (HTTP 401 Unauthorized) (home cloud Keystone at ${world.home.authUrl}/auth/tokens)\n`,
    );
    expectOneErrorLine(result, 1);
    expect(world.mistral.requests).toEqual([]);
  });

  it('a wrong target password names the target cloud and its Keystone URL (exit 1)', async () => {
    const result = await run(['workflow-list'], { ...world.homeEnv(), ...world.targetEnv('OS_TARGET_', { OS_TARGET_PASSWORD: newSecret('wrong-target-password') }) });
    expect(result.stderr).toBe(
      `ERROR (app) Authentication failed: The request you have made requires authentication. (HTTP 401 Unauthorized) (target cloud Keystone at ${world.target.authUrl}/auth/tokens)\n`,
    );
    expectOneErrorLine(result, 1);
    expect(world.mistral.requests).toEqual([]);
  });

  it('an unknown target project is refused the same way', async () => {
    const result = await run(['workflow-list'], { ...world.homeEnv(), ...world.targetEnv('TARGET_OS_', { TARGET_OS_PROJECT_NAME: 'no-such-project' }) });
    expect(result.stderr).toContain(`(target cloud Keystone at ${world.target.authUrl}/auth/tokens)`);
    expectOneErrorLine(result, 1);
  });
});

describe('usage errors (exit 2)', () => {
  it('an unknown command, with a suggestion', async () => {
    const result = await run(['workflow-lst']);
    expect(result.stderr).toBe("mistral: error: 'workflow-lst' is not a mistral command. See 'mistral --help'. Did you mean workflow-list?\n");
    expectOneErrorLine(result, 2);
    expect(result.stdout).toBe('');
  });

  it('a missing argument', async () => {
    const result = await direct('workflow-get');
    expect(result.stderr).toBe("mistral workflow-get: error: missing required argument 'workflow'\n");
    expectOneErrorLine(result, 2);
    expect(world.mistral.requests).toEqual([]);
  });

  it('a bad integer', async () => {
    const result = await direct('workflow-list', '--limit', 'abc');
    expect(result.stderr).toContain("mistral workflow-list: error: option '--limit [LIMIT]' argument 'abc' is invalid. invalid int value: 'abc'");
    expectOneErrorLine(result, 2);
    expect(world.mistral.requests).toEqual([]);
  });

  it('a state that is not one of the choices', async () => {
    const result = await direct('execution-update', 'e1', '-s', 'IDLE');
    expect(result.stderr).toContain("mistral execution-update: error: option '-s, --state <STATE>' argument 'IDLE' is invalid.");
    expectOneErrorLine(result, 2);
    expect(world.mistral.requests).toEqual([]);
  });

  it('no command at all', async () => {
    for (const argv of [[], ['--debug'], ['--os-mistral-url', world.mistral.apiUrl]]) {
      const result = await run(argv);
      expect(result.stderr).toBe("mistral: error: a command is required; see 'mistral --help'\n");
      expectOneErrorLine(result, 2);
    }
    expect(world.mistral.requests).toEqual([]);
  });

  it('a missing home username or password', async () => {
    const noUser = await run(['workflow-list'], world.homeEnv({ OS_USERNAME: undefined }));
    expect(noUser.stderr).toBe('mistral workflow-list: error: You must provide a username via --os-username env[OS_USERNAME]\n');
    expectOneErrorLine(noUser, 2);
    const noPassword = await run(['workflow-list'], world.homeEnv({ OS_PASSWORD: undefined }));
    expect(noPassword.stderr).toBe('mistral workflow-list: error: You must provide a password via --os-password env[OS_PASSWORD]\n');
    expectOneErrorLine(noPassword, 2);
    expect(world.allRequests()).toEqual([]);
  });
});

describe('errors found before any request (exit 1)', () => {
  const env = () => ({ ...world.homeEnv(), ...world.targetEnv() });

  it('an invalid filter, even with both clouds configured', async () => {
    for (const filter of ['badfilter', 'a=b=c']) {
      const result = await run(['workflow-list', '--filter', filter], env());
      expect(result.stderr).toBe(`ERROR (app) Invalid filter: ${filter}\n`);
      expectOneErrorLine(result, 1);
    }
    expect(world.allRequests()).toEqual([]);
  });

  it('bad JSON workflow input', async () => {
    const result = await run(['execution-create', 'wf1', '{bad json'], env());
    expect(result.stderr).toMatch(/^ERROR \(app\) workflow input must be JSON text or a JSON file: '\{bad json' is not valid JSON \(.+\)\n$/);
    expectOneErrorLine(result, 1);
    expect(world.allRequests()).toEqual([]);
  });

  it('YAML where JSON is required (params)', async () => {
    const result = await run(['execution-create', 'wf1', '{}', 'a: 1'], env());
    expect(result.stderr).toMatch(/^ERROR \(app\) params must be JSON text or a JSON file: 'a: 1' is not valid JSON/);
    expectOneErrorLine(result, 1);
    expect(world.allRequests()).toEqual([]);
  });

  it('an environment that is neither YAML nor JSON', async () => {
    const result = await run(['execution-update', 'e1', '--env', '{bad: [yaml'], env());
    expect(result.stderr).toMatch(/^ERROR \(app\) environment is neither YAML nor JSON: /);
    expectOneErrorLine(result, 1);
    expect(world.allRequests()).toEqual([]);
  });

  it('neither a workflow nor a source execution', async () => {
    const result = await run(['execution-create'], env());
    expect(result.stderr).toBe('ERROR (app) Execution is missing field "workflow_identifier"\n');
    expectOneErrorLine(result, 1);
    expect(world.allRequests()).toEqual([]);
  });

  it('an API version other than v2', async () => {
    const result = await run(['workflow-list', '--os-mistral-version', 'v1'], env());
    expect(result.stderr).toBe('ERROR (app) Cannot determine mistral API version\n');
    expectOneErrorLine(result, 1);
    expect(world.allRequests()).toEqual([]);
  });
});

describe('help and version (exit 0)', () => {
  it('mistral --version', async () => {
    const result = await run(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `mistral ${VERSION}\n`, stderr: '' });
  });

  it('mistral help and mistral --help list every command and both sets of options', async () => {
    const help = await run(['help']);
    const dashHelp = await run(['--help']);
    for (const result of [help, dashHelp]) {
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/^usage: mistral /);
      for (const name of ['workflow-list', 'workflow-get-definition', 'execution-create', 'execution-get-sub-executions', '--os-target-auth-url', '--os-cacert', 'TARGET_OS_PASSWORD', 'OS_TARGET_PASSWORD']) {
        expect(result.stdout).toContain(name);
      }
    }
    expect(dashHelp.stdout).toBe(help.stdout);
  });

  it('mistral help <command> and mistral <command> --help show the same command help', async () => {
    const help = await run(['help', 'execution-create']);
    const dashHelp = await run(['execution-create', '--help']);
    for (const result of [help, dashHelp]) {
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      for (const text of ['execution-create', 'workflow_identifier', '--namespace', '--description', '-s', '--format']) expect(result.stdout).toContain(text);
    }
    expect(dashHelp.stdout).toBe(help.stdout);
    expect(world.allRequests()).toEqual([]);
  });

  // workflow-apply is this client's own (README "CI"); the others are the reference's list.
  it('mistral help <prefix> lists the matching commands, as the reference does', async () => {
    const result = await run(['help', 'workflow']);
    expect(result).toMatchObject({
      code: 0,
      stderr: '',
      stdout: 'Command "workflow" matches:\n  workflow-apply\n  workflow-create\n  workflow-delete\n  workflow-get\n  workflow-get-definition\n  workflow-list\n  workflow-update\n  workflow-validate\n',
    });
  });

  it('mistral help <unknown> fails as the reference does (exit 1)', async () => {
    const result = await run(['help', 'nosuch']);
    expect(result.stderr).toBe("ERROR (app) Unknown command ['nosuch']\n");
    expectOneErrorLine(result, 1);
  });
});

describe('stack traces', () => {
  it('are not printed for an unexpected error without --debug', async () => {
    const result = await direct('execution-get', 'badtime');
    expect(result.stderr).toBe("ERROR (app) time data '2024-01-01T10:00:00Z' does not match format '%Y-%m-%d %H:%M:%S'\n");
    expectOneErrorLine(result, 1);
  });

  it('are printed for an unexpected error with --debug', async () => {
    const result = await direct('execution-get', 'badtime', '--debug');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("ERROR (app) time data '2024-01-01T10:00:00Z' does not match format '%Y-%m-%d %H:%M:%S'\n");
    expect(result.stderr).toMatch(STACK_FRAME);
  });
});

afterEach(() => {
  // No stack trace in any stderr of this file unless the run had --debug.
  for (const result of results.splice(0)) {
    if (!result.stderr.includes('DEBUG ')) expect(result.stderr).not.toMatch(STACK_FRAME);
  }
});
