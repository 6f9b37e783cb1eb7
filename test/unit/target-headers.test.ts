// README "The target cloud": what goes on the wire to Mistral with and without a target, and that the home and
// target Keystones are both asked, once each, at the same time.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useWorld, type Env } from '../helpers/clouds.js';
import type { RecordedRequest } from '../helpers/server.js';

const world = useWorld({}, (world) => {
  world.home.delayMs = 0;
  world.target.delayMs = 0;
});

const TARGET_HEADERS = [
  'X-Target-Auth-Token',
  'X-Target-Auth-Uri',
  'X-Target-Project-Id',
  'X-Target-User-Id',
  'X-Target-User-Name',
  'X-Target-Region-Name',
  'X-Target-User-Domain-Name',
  'X-Target-Project-Domain-Name',
];

/** The X-* header names of a request, spelled as the client sent them. */
function xHeaderNames(request: RecordedRequest): string[] {
  return request.headerNames.filter((h) => /^x-/i.test(h)).sort();
}

async function runOk(argv: string[], env: Env, stderr = '') {
  const result = await runCli(argv, env);
  expect(result.stderr).toBe(stderr);
  expect(result.code).toBe(0);
  return result;
}

function expectFullTargetHeaders(request: RecordedRequest): void {
  expect(xHeaderNames(request)).toEqual(['X-Auth-Token', 'X-Region-Name', ...TARGET_HEADERS].sort());
  const h = request.headers;
  const [homeToken] = world.home.issued.slice(-1);
  const [targetToken] = world.target.issued.slice(-1);
  expect(h['x-auth-token']).toBe(homeToken);
  expect(world.home.tokenInfo(homeToken)?.project?.id).toBe(world.homeProject.id);
  expect(h['x-region-name']).toBe('RegionOne');
  expect(h['x-target-auth-token']).toBe(targetToken);
  expect(h['x-target-auth-uri']).toBe(`${world.target.url}/v3/`);
  expect(h['x-target-project-id']).toBe('tp-2222');
  expect(h['x-target-user-id']).toBe('tu-2222');
  expect(h['x-target-user-name']).toBe('tuser');
  expect(h['x-target-region-name']).toBe('TargetRegion');
  expect(h['x-target-user-domain-name']).toBe('TargetDomain');
  expect(h['x-target-project-domain-name']).toBe('TargetDomain');
  expect(h).not.toHaveProperty('x-target-insecure');
  expect(h).not.toHaveProperty('x-target-service-catalog');
  expect(h).not.toHaveProperty('x-project-id');
  expect(h).not.toHaveProperty('x-user-id');
}

describe('with a target, every Mistral request carries the exact header set', () => {
  const commands: Array<[string, string[], string, string]> = [
    ['execution-create', ['execution-create', 'wf1', '{"a": 1}'], 'POST', '/public-r1/v2/executions'],
    ['workflow-get', ['workflow-get', 'wf1'], 'GET', '/public-r1/v2/workflows/wf1'],
    ['workflow-list', ['workflow-list'], 'GET', '/public-r1/v2/workflows'],
  ];
  for (const [name, argv, method, path] of commands) {
    it(`on ${name}`, async () => {
      await runOk(argv, { ...world.homeEnv(), ...world.targetEnv() });
      expect(world.home.tokenRequests()).toHaveLength(1);
      expect(world.target.tokenRequests()).toHaveLength(1);
      expect(world.mistral.requests).toHaveLength(1);
      const [request] = world.mistral.requests;
      expect([request.method, request.path]).toEqual([method, path]);
      expectFullTargetHeaders(request);
    });
  }

  it('on each request of a multi-request command, with one authentication per cloud', async () => {
    await runOk(['execution-delete', 'e1', 'e2'], { ...world.homeEnv(), ...world.targetEnv('OS_TARGET_') });
    expect(world.home.tokenRequests()).toHaveLength(1);
    expect(world.target.tokenRequests()).toHaveLength(1);
    expect(world.mistral.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /public-r1/v2/executions/e1', 'DELETE /public-r1/v2/executions/e2']);
    world.mistral.requests.forEach(expectFullTargetHeaders);
  });

  it('adds X-Target-Insecure: True only when the target is insecure', async () => {
    await runOk(['workflow-list'], { ...world.homeEnv(), ...world.targetEnv(), TARGET_OS_INSECURE: 'true' }, 'mistral: warning: TLS certificate verification is disabled for the target cloud (--os-target-insecure)\n');
    const [request] = world.mistral.requests;
    expect(xHeaderNames(request)).toEqual(['X-Auth-Token', 'X-Region-Name', ...TARGET_HEADERS, 'X-Target-Insecure'].sort());
    expect(request.headers['x-target-insecure']).toBe('True');
  });

  it('sends X-Target-Auth-Uri as the v3 URL with a trailing slash whether or not the auth URL has /v3', async () => {
    for (const authUrl of [world.target.url, `${world.target.url}/`, `${world.target.url}/v3/`]) {
      world.reset();
      await runOk(['workflow-list'], { ...world.homeEnv(), ...world.targetEnv('TARGET_OS_', { TARGET_OS_AUTH_URL: authUrl }) });
      expect(world.target.tokenRequests()[0].path).toBe('/v3/auth/tokens');
      expect(world.mistral.requests[0].headers['x-target-auth-uri']).toBe(`${world.target.url}/v3/`);
    }
  });

  it('leaves out the domain and region headers that have no value', async () => {
    const env = {
      ...world.homeEnv({ OS_REGION_NAME: undefined }),
      OS_TARGET_AUTH_URL: world.target.authUrl,
      OS_TARGET_USER_ID: world.targetUser.id,
      OS_TARGET_PASSWORD: world.targetUser.password,
      OS_TARGET_PROJECT_ID: world.targetProject.id,
    };
    await runOk(['workflow-list'], env);
    expect(xHeaderNames(world.mistral.requests[0])).toEqual(
      ['X-Auth-Token', 'X-Target-Auth-Token', 'X-Target-Auth-Uri', 'X-Target-Project-Id', 'X-Target-User-Id', 'X-Target-User-Name'].sort(),
    );
  });
});

describe('without a target', () => {
  it('sends no X-Target-* header at all, only X-Auth-Token and X-Region-Name', async () => {
    for (const argv of [['workflow-list'], ['workflow-get', 'wf1'], ['execution-create', 'wf1']]) {
      world.reset();
      await runOk(argv, world.homeEnv());
      expect(world.target.requests).toEqual([]);
      expect(world.home.tokenRequests()).toHaveLength(1);
      expect(xHeaderNames(world.mistral.requests[0])).toEqual(['X-Auth-Token', 'X-Region-Name']);
      expect(world.mistral.requests[0].headers['x-auth-token']).toBe(world.home.issued.at(-1));
    }
  });

  it('authenticates the home cloud with the password body python-mistralclient sends', async () => {
    await runOk(['workflow-list'], world.homeEnv());
    const [request] = world.home.tokenRequests();
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v3/auth/tokens');
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'huser', domain: { name: 'Default' }, password: world.homeUser.password } } },
        scope: { project: { name: 'hproject', domain: { name: 'Default' } } },
      },
    });
  });

  it("defaults the home domains to id 'default' when no domain is given", async () => {
    await runOk(['workflow-list'], world.homeEnv({ OS_USER_DOMAIN_NAME: undefined, OS_PROJECT_DOMAIN_NAME: undefined }));
    const body = JSON.parse(world.home.tokenRequests()[0].body);
    expect(body.auth.identity.password.user.domain).toEqual({ id: 'default' });
    expect(body.auth.scope.project.domain).toEqual({ id: 'default' });
  });

  it('exchanges a home token (OS_AUTH_TOKEN) for a project-scoped one and sends that', async () => {
    const held = world.home.issueToken('huser');
    await runOk(['workflow-list'], world.homeEnv({ OS_USERNAME: undefined, OS_PASSWORD: undefined, OS_AUTH_TOKEN: held }));
    const [request] = world.home.tokenRequests();
    expect(request.headers['x-auth-token']).toBe(held);
    expect(JSON.parse(request.body).auth.identity).toEqual({ methods: ['token'], token: { id: held } });
    const sent = world.mistral.requests[0].headers['x-auth-token'];
    expect(sent).not.toBe(held);
    expect(world.home.tokenInfo(sent)?.project?.id).toBe(world.homeProject.id);
  });
});

describe('a home token without a Keystone URL', () => {
  it('is sent to the given Mistral URL as it is, with no Keystone request', async () => {
    const held = world.home.issueToken('huser');
    await runOk(['--os-mistral-url', world.mistral.apiUrl, 'workflow-list'], { OS_AUTH_TOKEN: held });
    expect(world.home.tokenRequests()).toEqual([]);
    expect(world.mistral.requests[0].headers['x-auth-token']).toBe(held);
  });
});

describe('home and target authentication', () => {
  it('run concurrently: both token requests start before either finishes', async () => {
    world.home.delayMs = 300;
    world.target.delayMs = 300;
    await runOk(['workflow-list'], { ...world.homeEnv(), ...world.targetEnv() });
    const [home] = world.home.tokenRequests();
    const [target] = world.target.tokenRequests();
    expect(home.finishedAt).toBeDefined();
    expect(target.finishedAt).toBeDefined();
    expect(home.startedAt).toBeLessThan(target.finishedAt!);
    expect(target.startedAt).toBeLessThan(home.finishedAt!);
  });
});
