// Issue §5 --debug: each request and response (method, URL, status, headers, timing) on stderr,
// with X-Auth-Token, X-Target-Auth-Token, X-Subject-Token and passwords redacted.
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { useWorld } from '../helpers/clouds.js';
import type { RecordedRequest } from '../helpers/server.js';

const world = useWorld({}, (world) => {
  world.mistral.acceptToken = undefined;
});

interface Logged {
  method: string;
  url: string;
  headers: Record<string, string>;
  status?: number;
  ms?: number;
  body?: string;
}

/** The REQ/RESP lines of a --debug run, each with the body line that follows it. */
function parseDebug(stderr: string): { requests: Logged[]; responses: Logged[] } {
  const requests: Logged[] = [];
  const responses: Logged[] = [];
  for (const line of stderr.split('\n')) {
    let m = /^DEBUG REQ: (\S+) (\S+) (\{.*\})$/.exec(line);
    if (m) {
      requests.push({ method: m[1], url: m[2], headers: JSON.parse(m[3]) });
      continue;
    }
    m = /^DEBUG RESP: (\S+) (\S+) (\d{3}) (\d+) ms (\{.*\})$/.exec(line);
    if (m) {
      responses.push({ method: m[1], url: m[2], status: Number(m[3]), ms: Number(m[4]), headers: JSON.parse(m[5]) });
      continue;
    }
    m = /^DEBUG REQ BODY: (.*)$/.exec(line);
    if (m) requests[requests.length - 1].body = m[1];
    m = /^DEBUG RESP BODY: (.*)$/.exec(line);
    if (m) responses[responses.length - 1].body = m[1];
  }
  return { requests, responses };
}

const urlOf = (server: { url: string }, r: RecordedRequest) => `${server.url}${r.path}${r.query ? `?${r.query}` : ''}`;

function header(headers: Record<string, string>, name: string): string | undefined {
  return Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}

function expectNoSecrets(result: CliResult): void {
  const secrets = [world.homeUser.password, world.targetUser.password, ...world.home.issued, ...world.target.issued];
  for (const secret of secrets) {
    expect(result.stderr).not.toContain(secret);
    expect(result.stdout).not.toContain(secret);
  }
}

describe('--debug with a home and a target cloud', () => {
  let result: CliResult;
  let log: ReturnType<typeof parseDebug>;

  beforeEach(async () => {
    result = await runCli(['workflow-list', '--debug'], { ...world.homeEnv(), ...world.targetEnv() });
    log = parseDebug(result.stderr);
  });

  it('still prints the normal output and exits 0', () => {
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('| 11111111-2222-3333-4444-555555555555 | wf1  |');
  });

  it('logs every request and response with method, URL, status, headers and timing', () => {
    const sent = [
      ...world.home.requests.map((r) => ({ method: r.method, url: urlOf(world.home, r) })),
      ...world.target.requests.map((r) => ({ method: r.method, url: urlOf(world.target, r) })),
      ...world.mistral.requests.map((r) => ({ method: r.method, url: urlOf(world.mistral, r) })),
    ];
    expect(sent).toHaveLength(3);
    const key = (x: { method: string; url: string }) => `${x.method} ${x.url}`;
    expect(log.requests.map(key).sort()).toEqual(sent.map(key).sort());
    expect(log.responses.map(key).sort()).toEqual(sent.map(key).sort());
    for (const response of log.responses) {
      expect(response.ms).toBeGreaterThanOrEqual(0);
      expect(Object.keys(response.headers).length).toBeGreaterThan(0);
    }
    expect(log.responses.map((r) => r.status).sort()).toEqual([200, 201, 201]);
    for (const request of log.requests) expect(header(request.headers, 'User-Agent')).toBeDefined();
  });

  it('redacts X-Auth-Token and X-Target-Auth-Token on the Mistral request', () => {
    const mistral = log.requests.find((r) => r.url.startsWith(world.mistral.url))!;
    expect(header(mistral.headers, 'X-Auth-Token')).toBe('<redacted>');
    expect(header(mistral.headers, 'X-Target-Auth-Token')).toBe('<redacted>');
    // The rest is shown as sent.
    expect(header(mistral.headers, 'X-Target-Project-Id')).toBe('tp-2222');
    expect(header(mistral.headers, 'X-Target-Auth-Uri')).toBe(`${world.target.url}/v3/`);
  });

  it('redacts X-Subject-Token on both Keystone responses', () => {
    const keystone = log.responses.filter((r) => r.url.endsWith('/v3/auth/tokens'));
    expect(keystone).toHaveLength(2);
    for (const response of keystone) expect(header(response.headers, 'X-Subject-Token')).toBe('<redacted>');
  });

  it('redacts the passwords in both token request bodies', () => {
    const bodies = log.requests.filter((r) => r.url.endsWith('/v3/auth/tokens')).map((r) => JSON.parse(r.body!));
    expect(bodies).toHaveLength(2);
    for (const body of bodies) {
      expect(body.auth.identity.password.user.password).toBe('<redacted>');
      expect(body.auth.identity.password.user.name).toMatch(/^(huser|tuser)$/);
    }
  });

  it('shows no token or password anywhere', () => {
    expect(world.home.issued.length).toBeGreaterThan(0);
    expect(world.target.issued.length).toBeGreaterThan(0);
    expectNoSecrets(result);
  });
});

describe('--debug redacts', () => {
  it('the token in a token-method request body and its X-Auth-Token header', async () => {
    const held = world.target.issueToken('tuser');
    const env = { ...world.homeEnv(), TARGET_OS_AUTH_URL: world.target.authUrl, TARGET_OS_AUTH_TOKEN: held, TARGET_OS_PROJECT_NAME: 'tproject', TARGET_OS_PROJECT_DOMAIN_NAME: 'TargetDomain' };
    const result = await runCli(['workflow-get', 'wf1', '--debug'], env);
    expect(result.code).toBe(0);
    const log = parseDebug(result.stderr);
    const tokenRequest = log.requests.find((r) => r.url === `${world.target.authUrl}/auth/tokens`)!;
    expect(header(tokenRequest.headers, 'X-Auth-Token')).toBe('<redacted>');
    expect(JSON.parse(tokenRequest.body!).auth.identity.token.id).toBe('<redacted>');
    expect(result.stderr).not.toContain(held);
    expectNoSecrets(result);
  });

  it('the token a Mistral 401 echoes in its headers and body', async () => {
    world.mistral.acceptToken = () => false;
    const result = await runCli(['workflow-list', '--debug'], { ...world.homeEnv(), ...world.targetEnv() });
    expect(result.code).toBe(1);
    const log = parseDebug(result.stderr);
    const refusal = log.responses.find((r) => r.status === 401)!;
    expect(header(refusal.headers, 'Server-Error-Message')).toBe('Failed to validate access token: Auth token is invalid: <redacted>');
    expect(refusal.body).toContain('Auth token is invalid: <redacted>');
    expect(result.stderr).toContain('Auth token is invalid: <redacted> (HTTP 401 Unauthorized)');
    expectNoSecrets(result);
  });

  it('the passwords given as flags', async () => {
    const argv = ['workflow-list', '--debug', '--os-password', world.homeUser.password, ...world.targetFlags()];
    const result = await runCli(argv, world.homeEnv({ OS_PASSWORD: undefined }));
    expect(result.code).toBe(0);
    expect(parseDebug(result.stderr).requests).toHaveLength(3);
    expectNoSecrets(result);
  });

  it('a wrong password refused by Keystone', async () => {
    const result = await runCli(['workflow-list', '--debug'], world.homeEnv({ OS_PASSWORD: `${world.homeUser.password}-but-wrong` }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DEBUG RESP: POST');
    expect(result.stderr).toContain(' 401 ');
    expect(result.stderr).not.toContain(`${world.homeUser.password}-but-wrong`);
    expectNoSecrets(result);
  });
});

describe('without --debug', () => {
  it('nothing but the output is printed', async () => {
    const result = await runCli(['workflow-list'], { ...world.homeEnv(), ...world.targetEnv() });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stray).toBe('');
  });
});
