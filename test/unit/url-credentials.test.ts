// README "Errors, exit codes, --debug": credentials written into a URL (`http://user:pass@host/`)
// of the Mistral URL, the auth URL or a catalog endpoint are never printed (errors, --debug,
// configuration-show, the password prompt) and never sent: undici leaves the userinfo out of the
// request, so no server receives it as Basic auth (nor in any other header).
import { describe, expect, it } from 'vitest';
import { lines, runCli, type CliResult } from '../helpers/cli.js';
import { useWorld, type Env } from '../helpers/clouds.js';
import type { CatalogService } from '../helpers/keystone.js';
import { registerSecret } from '../helpers/secrets.js';
import { closedPort, type RecordedRequest } from '../helpers/server.js';

const world = useWorld();
const PASSWORD = 'url-pass-9f3b1c77e2';
registerSecret(PASSWORD, 'password in a URL');

/** `http://user:PASSWORD@127.0.0.1:port/...` for a server URL. */
const withUserinfo = (url: string) => url.replace('://', `://urluser:${PASSWORD}@`);
const masked = (url: string) => url.replace('://', '://<redacted>@');

async function run(argv: string[], env: Env = {}, options = {}): Promise<CliResult> {
  const result = await runCli(argv, env, options);
  expect(result.stray).toBe('');
  for (const text of [result.stdout, result.stderr]) {
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('urluser');
  }
  return result;
}

function expectNoCredentialsSent(requests: RecordedRequest[]): void {
  expect(requests.length).toBeGreaterThan(0);
  for (const request of requests) {
    expect(request.headers.authorization).toBeUndefined();
    expect(JSON.stringify(request.headers)).not.toContain(PASSWORD);
    expect(request.headers.host).toMatch(/^127\.0\.0\.1:\d+$/);
  }
}

describe('--os-mistral-url with credentials in it', () => {
  const url = () => withUserinfo(world.mistral.apiUrl);

  it('works, sends no Authorization header, and --debug shows the URL masked', async () => {
    const result = await run(['--os-mistral-url', url(), '--debug', 'workflow-list', '-f', 'value', '-c', 'Name']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('wf1\n');
    expectNoCredentialsSent(world.mistral.requests);
    const debug = lines(result.stderr);
    expect(debug).toContain(`DEBUG setting: home mistral_url=${masked(world.mistral.apiUrl)} (--os-mistral-url)`);
    expect(debug.some((line) => line.startsWith(`DEBUG REQ: GET ${masked(world.mistral.apiUrl)}/workflows`))).toBe(true);
  });

  it('an error names the URL masked, exit 1', async () => {
    const result = await run(['--os-mistral-url', url(), 'workflow-get', 'empty500']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`ERROR (app) Mistral answered GET ${masked(world.mistral.apiUrl)}/workflows/empty500?namespace= with HTTP 500 Internal Server Error (no content type), empty body\n`);
  });

  it('a connection refused names the URL masked, exit 1', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}/v2`;
    const result = await run(['--os-mistral-url', withUserinfo(dead), 'workflow-list']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^ERROR \\(app\\) Connection refused by the home cloud at ${masked(dead).replace(/[.?]/g, '\\$&')}/workflows\\?sort_keys=\\S+: is the service running\\?\n$`));
  });

  it('configuration-show masks it, even with --unmask', async () => {
    for (const extra of [[], ['--unmask']]) {
      const result = await run(['--os-mistral-url', url(), 'configuration-show', ...extra, '-f', 'value']);
      expect(result.code).toBe(0);
      expect(lines(result.stdout)).toContain(`home mistral_url ${masked(world.mistral.apiUrl)} --os-mistral-url`);
    }
  });
});

describe('an auth URL with credentials in it', () => {
  it('authenticates with the password only: Keystone gets no Authorization header; --debug masks the URL', async () => {
    const env = world.homeEnv({ OS_AUTH_URL: withUserinfo(world.home.authUrl) });
    const result = await run(['--debug', 'workflow-list', '-f', 'value', '-c', 'Name'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('wf1\n');
    expectNoCredentialsSent(world.home.requests);
    expect(lines(result.stderr)).toContain(`DEBUG setting: home auth_url=${masked(world.home.authUrl)} (OS_AUTH_URL)`);
  });

  it('configuration-show and the password prompt show it masked', async () => {
    const env = world.homeEnv({ OS_AUTH_URL: withUserinfo(world.home.authUrl) });
    const shown = await run(['configuration-show', '-f', 'value', '-c', 'Setting', '-c', 'Value'], env);
    expect(lines(shown.stdout)).toContain(`auth_url ${masked(world.home.authUrl)}`);
    const prompted = await run(['workflow-list', '-f', 'value', '-c', 'Name'], { ...env, OS_PASSWORD: undefined }, { terminal: { typed: `${world.homeUser.password}\r` } });
    expect(prompted.code).toBe(0);
    expect(prompted.stderr).toBe(`Password for huser at ${masked(world.home.authUrl)} (home cloud): \n`);
  });
});

describe('a catalog endpoint with credentials in it', () => {
  // A world of its own: its home Keystone's catalog is changed for good.
  const own = useWorld();

  it('is used without them, and an error or --debug names it masked', async () => {
    const base = `${own.mistral.url}/cat/v2`;
    const catalog: CatalogService[] = [{ id: 'svc-wf', type: 'workflowv2', name: 'mistral', endpoints: [{ id: 'ep', interface: 'public', region: 'RegionOne', region_id: 'RegionOne', url: withUserinfo(base) }] }];
    own.home.setCatalog(catalog);
    const listed = await run(['--debug', 'workflow-list', '-f', 'value', '-c', 'Name'], own.homeEnv());
    expect(listed.code).toBe(0);
    expect(listed.stdout).toBe('wf1\n');
    expectNoCredentialsSent(own.mistral.requests);
    expect(own.mistral.requests.map((r) => r.path)).toEqual(['/cat/v2/workflows']);
    expect(lines(listed.stderr).some((line) => line.startsWith(`DEBUG REQ: GET ${masked(base)}/workflows`))).toBe(true);
    const failed = await run(['workflow-get', 'empty500'], own.homeEnv());
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe(`ERROR (app) Mistral answered GET ${masked(base)}/workflows/empty500?namespace= with HTTP 500 Internal Server Error (no content type), empty body\n`);
  });
});
