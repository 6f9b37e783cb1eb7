// Issue §3: the Mistral URL from --os-mistral-url, else the home catalog by service type,
// interface and region; unauthenticated mode without an auth URL; no Keystone v2.0.
import { describe, expect, it } from 'vitest';
import { lines, runCli } from '../helpers/cli.js';
import { useWorld, type Env } from '../helpers/clouds.js';
import { newSecret } from '../helpers/secrets.js';

const world = useWorld();

/** Runs workflow-list and returns the path prefix of the catalog endpoint it reached. */
async function endpointUsed(env: Env, argv: string[] = []): Promise<string> {
  const result = await runCli(['workflow-list', ...argv], env);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(world.decoy.requests).toEqual([]);
  expect(world.mistral.requests).toHaveLength(1);
  return world.mistral.requests[0].path.replace(/\/v2\/workflows$/, '');
}

describe('the Mistral endpoint from the home catalog', () => {
  const cases: Array<[string, Env, string]> = [
    ['the public interface by default, in the given region', { OS_REGION_NAME: 'RegionOne' }, '/public-r1'],
    ['the public interface of any region when no region is set', { OS_REGION_NAME: undefined }, '/public-r1'],
    ['OS_REGION_NAME picks the region', { OS_REGION_NAME: 'RegionTwo' }, '/public-r2'],
    ['OS_MISTRAL_ENDPOINT_TYPE=internalURL picks the internal interface', { OS_MISTRAL_ENDPOINT_TYPE: 'internalURL', OS_REGION_NAME: 'RegionOne' }, '/internal-r1'],
    ['OS_MISTRAL_ENDPOINT_TYPE=publicURL with RegionTwo', { OS_MISTRAL_ENDPOINT_TYPE: 'publicURL', OS_REGION_NAME: 'RegionTwo' }, '/public-r2'],
    ['OS_MISTRAL_ENDPOINT_TYPE=internal (keystoneauth spelling)', { OS_MISTRAL_ENDPOINT_TYPE: 'internal', OS_REGION_NAME: 'RegionTwo' }, '/internal-r2'],
    ['OS_INTERFACE=internal as openrc files set it', { OS_INTERFACE: 'internal', OS_REGION_NAME: 'RegionOne' }, '/internal-r1'],
    ['OS_MISTRAL_ENDPOINT_TYPE over OS_INTERFACE', { OS_INTERFACE: 'internal', OS_MISTRAL_ENDPOINT_TYPE: 'adminURL', OS_REGION_NAME: 'RegionOne' }, '/admin-r1'],
  ];
  for (const [name, overrides, prefix] of cases) {
    it(`uses ${name}`, async () => {
      expect(await endpointUsed(world.homeEnv(overrides))).toBe(prefix);
    });
  }

  it('uses the --os-mistral-endpoint-type and --os-region-name flags', async () => {
    expect(await endpointUsed(world.homeEnv({ OS_REGION_NAME: 'RegionOne' }), ['--os-mistral-endpoint-type', 'internalURL', '--os-region-name', 'RegionTwo'])).toBe('/internal-r2');
    expect(world.mistral.requests[0].headers['x-region-name']).toBe('RegionTwo');
  });

  it('drops the trailing slash of a catalog URL', async () => {
    // The public RegionOne endpoint is registered as `.../public-r1/v2/`.
    await endpointUsed(world.homeEnv());
    expect(world.mistral.requests[0].path).toBe('/public-r1/v2/workflows');
  });

  it('honours OS_MISTRAL_SERVICE_TYPE', async () => {
    const result = await runCli(['workflow-list'], world.homeEnv({ OS_MISTRAL_SERVICE_TYPE: 'workflow' }));
    expect(result.code).toBe(0);
    expect(world.mistral.requests).toEqual([]);
    expect(world.decoy.requests.map((r) => r.path)).toEqual(['/wrong-type/v2/workflows']);
  });

  const misses: Array<[string, Env, string]> = [
    ['no endpoint in the region', { OS_REGION_NAME: 'RegionThree' }, "service type 'workflowv2', interface 'public', region 'RegionThree'"],
    ['no endpoint with the interface in the region', { OS_REGION_NAME: 'RegionTwo', OS_MISTRAL_ENDPOINT_TYPE: 'adminURL' }, "service type 'workflowv2', interface 'admin', region 'RegionTwo'"],
    ['no service of the type', { OS_REGION_NAME: undefined, OS_MISTRAL_SERVICE_TYPE: 'workflowv3' }, "service type 'workflowv3', interface 'public', any region"],
  ];
  for (const [name, overrides, where] of misses) {
    it(`says so when there is ${name} (exit 1, no request to any Mistral)`, async () => {
      const result = await runCli(['workflow-list'], world.homeEnv(overrides));
      expect(result.code).toBe(1);
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stderr).toContain(`ERROR (app) no Mistral endpoint in the home cloud's service catalog for ${where}`);
      expect(world.home.tokenRequests()).toHaveLength(1);
      expect(world.mistral.requests).toEqual([]);
      expect(world.decoy.requests).toEqual([]);
    });
  }
});

describe('--os-mistral-url', () => {
  it('skips the catalog (Keystone is still asked for a token)', async () => {
    const result = await runCli(['workflow-list', '--os-mistral-url', `${world.mistral.url}/given/v2`], world.homeEnv({ OS_REGION_NAME: 'RegionThree' }));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(world.home.tokenRequests()).toHaveLength(1);
    expect(world.mistral.requests.map((r) => r.path)).toEqual(['/given/v2/workflows']);
    expect(world.mistral.requests[0].headers['x-auth-token']).toBe(world.home.issued.at(-1));
  });

  it('is read from OS_MISTRAL_URL too, with a trailing slash dropped', async () => {
    const result = await runCli(['workflow-list'], world.homeEnv({ OS_MISTRAL_URL: `${world.mistral.url}/env/v2/` }));
    expect(result.code).toBe(0);
    expect(world.mistral.requests.map((r) => r.path)).toEqual(['/env/v2/workflows']);
  });
});

describe('without an auth URL', () => {
  it('talks to the given URL unauthenticated, with X-Project-Id and X-User-Id when given', async () => {
    const result = await runCli(['workflow-list'], { OS_MISTRAL_URL: world.mistral.apiUrl, OS_PROJECT_ID: 'proj-77', OS_USER_ID: 'user-88', OS_REGION_NAME: 'RegionOne' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(world.home.requests).toEqual([]);
    const [request] = world.mistral.requests;
    expect(request.headerNames.filter((h) => /^x-/i.test(h)).sort()).toEqual(['X-Project-Id', 'X-Region-Name', 'X-User-Id']);
    expect(request.headers['x-project-id']).toBe('proj-77');
    expect(request.headers['x-user-id']).toBe('user-88');
  });

  it('sends no identity header when none is given', async () => {
    const result = await runCli(['workflow-list', '--os-mistral-url', world.mistral.apiUrl]);
    expect(result.code).toBe(0);
    expect(world.mistral.requests[0].headerNames.filter((h) => /^x-/i.test(h))).toEqual([]);
  });

  it('defaults to http://localhost:8989/v2, the reference default', async () => {
    // Whether or not something listens there, --debug shows the URL the request went to.
    const result = await runCli(['workflow-list', '--debug']);
    expect(result.stderr).toContain('DEBUG REQ: GET http://localhost:8989/v2/workflows?sort_keys=created_at&sort_dirs=asc&fields=');
    expect([0, 1]).toContain(result.code);
  });

  it('refuses a password without a Keystone URL (exit 2, no request)', async () => {
    const result = await runCli(['workflow-list'], { OS_MISTRAL_URL: world.mistral.apiUrl, OS_PASSWORD: newSecret('lonely-password') });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('mistral workflow-list: error: a password is given but no Keystone URL: set --os-auth-url (OS_AUTH_URL)\n');
    expect(world.allRequests()).toEqual([]);
  });
});

describe('Keystone v2.0', () => {
  it('is refused for the home cloud with a clear message and no request (exit 2)', async () => {
    const result = await runCli(['workflow-list'], world.homeEnv({ OS_AUTH_URL: `${world.home.url}/v2.0` }));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`mistral workflow-list: error: Keystone v2.0 is not supported (home cloud auth URL ${world.home.url}/v2.0); use the Keystone v3 URL\n`);
    expect(world.allRequests()).toEqual([]);
  });

  it('is refused for the target cloud with a clear message and no request (exit 2)', async () => {
    const result = await runCli(['workflow-list'], { ...world.homeEnv(), ...world.targetEnv('OS_TARGET_', { OS_TARGET_AUTH_URL: `${world.target.url}/v2.0/` }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Keystone v2.0 is not supported (target cloud auth URL');
    expect(world.allRequests()).toEqual([]);
  });

  it('is refused when asked for by OS_IDENTITY_API_VERSION=2', async () => {
    const result = await runCli(['workflow-list'], world.homeEnv({ OS_IDENTITY_API_VERSION: '2' }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Keystone v2 is not supported (OS_IDENTITY_API_VERSION=2); use Keystone v3');
    expect(world.allRequests()).toEqual([]);
  });
});
