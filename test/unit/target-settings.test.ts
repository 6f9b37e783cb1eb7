// README "The target cloud": the target cloud from TARGET_OS_*, OS_TARGET_* and --os-target-* (with the reference's
// odd aliases), all or none, conflicting spellings, strict booleans, flag beats environment.
import { describe, expect, it } from 'vitest';
import { lines, runCli } from '../helpers/cli.js';
import { useWorld, type Env } from '../helpers/clouds.js';
import { newSecret } from '../helpers/secrets.js';
import { testPki } from '../helpers/tls.js';

const world = useWorld();

const AUTH_URL = '--os-target-auth-url (TARGET_OS_AUTH_URL or OS_TARGET_AUTH_URL)';
const USER = '--os-target-username (TARGET_OS_USERNAME or OS_TARGET_USERNAME) or --os-target-user-id (TARGET_OS_USER_ID or OS_TARGET_USER_ID)';
const PASSWORD = '--os-target-password (TARGET_OS_PASSWORD or OS_TARGET_PASSWORD)';
const PROJECT = '--os-target-project-name (TARGET_OS_PROJECT_NAME or OS_TARGET_PROJECT_NAME) or --os-target-project-id (TARGET_OS_PROJECT_ID or OS_TARGET_PROJECT_ID)';

function mistralRequest() {
  expect(world.mistral.requests).toHaveLength(1);
  return world.mistral.requests[0];
}

/** The target token request's JSON body. */
function targetAuthBody(): { auth: { identity: Record<string, unknown>; scope?: Record<string, unknown> } } {
  const [request] = world.target.tokenRequests();
  return JSON.parse(request.body);
}

/** An insecure target is said once on stderr, so nobody forgets that verification is off. */
const TARGET_INSECURE_WARNING = 'mistral: warning: TLS certificate verification is disabled for the target cloud (--os-target-insecure)\n';

/** A successful run that authenticated the target as tuser in tproject and sent its token to Mistral. */
async function expectTargetUsed(argv: string[], env: Env, stderr = ''): Promise<void> {
  const result = await runCli(argv, env);
  expect(result.stderr).toBe(stderr);
  expect(result.code).toBe(0);
  expect(world.home.tokenRequests()).toHaveLength(1);
  expect(world.target.tokenRequests()).toHaveLength(1);
  const sent = mistralRequest().headers;
  const info = world.target.tokenInfo(sent['x-target-auth-token']);
  expect(info?.user.name).toBe('tuser');
  expect(info?.project?.name).toBe('tproject');
  expect(sent['x-target-project-id']).toBe(world.targetProject.id);
  expect(sent['x-target-user-id']).toBe(world.targetUser.id);
}

describe('a complete target set by password', () => {
  it('is read from the TARGET_OS_* variables', async () => {
    await expectTargetUsed(['workflow-list'], { ...world.homeEnv(), ...world.targetEnv('TARGET_OS_') });
    expect(targetAuthBody()).toEqual({
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'tuser', domain: { name: 'TargetDomain' }, password: world.targetUser.password } } },
        scope: { project: { name: 'tproject', domain: { name: 'TargetDomain' } } },
      },
    });
  });

  it("is read from python-mistralclient's OS_TARGET_* variables", async () => {
    await expectTargetUsed(['workflow-list'], { ...world.homeEnv(), ...world.targetEnv('OS_TARGET_') });
  });

  it('is read from the --os-target-* flags', async () => {
    await expectTargetUsed(['workflow-list', ...world.targetFlags()], world.homeEnv());
  });

  it('is read from flags given before the command too', async () => {
    await expectTargetUsed([...world.targetFlags(), 'workflow-list'], world.homeEnv());
  });

  it("accepts the reference's aliases --os-target-tenant-name, --os-target_cacert and --target_insecure", async () => {
    const argv = [
      'workflow-list',
      '--os-target-auth-url', world.target.authUrl,
      '--os-target-username', 'tuser',
      '--os-target-password', world.targetUser.password,
      '--os-target-tenant-name', 'tproject',
      '--os-target-user-domain-name', 'TargetDomain',
      '--os-target-project-domain-name', 'TargetDomain',
      '--os-target_cacert', testPki().ca2,
      '--target_insecure',
    ];
    await expectTargetUsed(argv, world.homeEnv(), TARGET_INSECURE_WARNING);
    expect(mistralRequest().headers['x-target-insecure']).toBe('True');
  });

  it("accepts the blueprint's TARGET_OS_TENANT and TARGET_OS_CA_CERT and the reference's TARGET_MISTRALCLIENT_INSECURE", async () => {
    const env = {
      ...world.homeEnv(),
      ...world.targetEnv('TARGET_OS_', { TARGET_OS_PROJECT_NAME: undefined }),
      TARGET_OS_TENANT: 'tproject',
      TARGET_OS_CA_CERT: testPki().ca2,
      TARGET_MISTRALCLIENT_INSECURE: 'yes',
    };
    await expectTargetUsed(['workflow-list'], env, TARGET_INSECURE_WARNING);
    expect(mistralRequest().headers['x-target-insecure']).toBe('True');
  });

  it('accepts the user and project by id (OS_TARGET_USER_ID, OS_TARGET_TENANT_ID)', async () => {
    const env = {
      ...world.homeEnv(),
      OS_TARGET_AUTH_URL: world.target.authUrl,
      OS_TARGET_USER_ID: world.targetUser.id,
      OS_TARGET_PASSWORD: world.targetUser.password,
      OS_TARGET_TENANT_ID: world.targetProject.id,
    };
    await expectTargetUsed(['workflow-list'], env);
    expect(targetAuthBody()).toEqual({
      auth: {
        identity: { methods: ['password'], password: { user: { id: world.targetUser.id, password: world.targetUser.password } } },
        scope: { project: { id: world.targetProject.id } },
      },
    });
  });
});

describe('a complete target set by token', () => {
  it('uses a project-scoped token as it is after asking Keystone whose it is', async () => {
    const token = world.target.issueToken('tuser', 'tproject');
    const result = await runCli(['workflow-list'], { ...world.homeEnv(), TARGET_OS_AUTH_URL: world.target.authUrl, TARGET_OS_AUTH_TOKEN: token });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [introspection] = world.target.tokenRequests();
    expect(introspection.method).toBe('GET');
    expect(introspection.headers['x-subject-token']).toBe(token);
    const sent = mistralRequest().headers;
    expect(sent['x-target-auth-token']).toBe(token);
    expect(sent['x-target-project-id']).toBe(world.targetProject.id);
    expect(sent['x-target-user-id']).toBe(world.targetUser.id);
    expect(sent['x-target-user-name']).toBe('tuser');
  });

  it('re-scopes the token to the given project and sends the new token', async () => {
    const token = world.target.issueToken('tuser');
    const env = { ...world.homeEnv(), OS_TARGET_AUTH_URL: world.target.authUrl, OS_TARGET_AUTH_TOKEN: token, OS_TARGET_PROJECT_ID: world.targetProject.id };
    const result = await runCli(['workflow-list'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(targetAuthBody()).toEqual({ auth: { identity: { methods: ['token'], token: { id: token } }, scope: { project: { id: world.targetProject.id } } } });
    const sent = mistralRequest().headers['x-target-auth-token'];
    expect(sent).not.toBe(token);
    expect(world.target.tokenInfo(sent)?.project?.id).toBe(world.targetProject.id);
  });
});

describe('a partial target set', () => {
  const partials: Array<{ name: string; env: () => Env; missing: string[]; notMissing: string[] }> = [
    { name: 'only the auth URL', env: () => ({ TARGET_OS_AUTH_URL: world.target.authUrl }), missing: [USER, PASSWORD, PROJECT], notMissing: [AUTH_URL] },
    { name: 'no project', env: () => world.targetEnv('TARGET_OS_', { TARGET_OS_PROJECT_NAME: undefined }), missing: [PROJECT], notMissing: [AUTH_URL, USER, PASSWORD] },
    { name: 'no password', env: () => world.targetEnv('OS_TARGET_', { OS_TARGET_PASSWORD: undefined }), missing: [PASSWORD], notMissing: [AUTH_URL, USER, PROJECT] },
    { name: 'no auth URL', env: () => world.targetEnv('TARGET_OS_', { TARGET_OS_AUTH_URL: undefined }), missing: [AUTH_URL], notMissing: [USER, PASSWORD, PROJECT] },
    { name: 'only a password', env: () => ({ OS_TARGET_PASSWORD: world.targetUser.password }), missing: [AUTH_URL, USER, PROJECT], notMissing: [PASSWORD] },
    { name: 'only a token (no auth URL)', env: () => ({ TARGET_OS_AUTH_TOKEN: newSecret('orphan-target-token') }), missing: [AUTH_URL], notMissing: [USER, PASSWORD, PROJECT] },
    { name: 'only a region', env: () => ({ TARGET_OS_REGION_NAME: 'TargetRegion' }), missing: [AUTH_URL, USER, PASSWORD, PROJECT], notMissing: [] },
    { name: 'only insecure', env: () => ({ TARGET_MISTRALCLIENT_INSECURE: 'true' }), missing: [AUTH_URL, USER, PASSWORD, PROJECT], notMissing: [] },
    { name: 'only a CA certificate', env: () => ({ OS_TARGET_CACERT: testPki().ca2 }), missing: [AUTH_URL, USER, PASSWORD, PROJECT], notMissing: [] },
    { name: 'only domain names', env: () => ({ TARGET_OS_USER_DOMAIN_NAME: 'TargetDomain', TARGET_OS_PROJECT_DOMAIN_NAME: 'TargetDomain' }), missing: [AUTH_URL, USER, PASSWORD, PROJECT], notMissing: [] },
  ];

  for (const partial of partials) {
    it(`with ${partial.name} is refused before any request (exit 2, one line naming what is missing)`, async () => {
      const result = await runCli(['workflow-list'], { ...world.homeEnv(), ...partial.env() });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stderr).toMatch(/^mistral workflow-list: error: incomplete target cloud: missing /);
      for (const m of partial.missing) expect(result.stderr).toContain(m);
      for (const m of partial.notMissing) expect(result.stderr).not.toContain(m);
      expect(world.allRequests()).toEqual([]);
    });
  }

  it('given by flags is refused the same way', async () => {
    const result = await runCli(['workflow-get', 'wf1', '--os-target-auth-url', world.target.authUrl, '--os-target-username', 'tuser'], world.homeEnv());
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toContain(`missing ${PASSWORD}; ${PROJECT}`);
    expect(result.stderr).not.toContain(AUTH_URL);
    expect(world.allRequests()).toEqual([]);
  });

  it('is refused even without a home cloud (no Keystone URL at all)', async () => {
    const result = await runCli(['workflow-list', '--os-mistral-url', world.mistral.apiUrl], { OS_TARGET_PASSWORD: world.targetUser.password });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('incomplete target cloud');
    expect(world.allRequests()).toEqual([]);
  });

  it("has no default username: a password, URL and project without a user are refused (no silent 'admin')", async () => {
    const env = { ...world.homeEnv(), TARGET_OS_AUTH_URL: world.target.authUrl, TARGET_OS_PASSWORD: world.targetUser.password, TARGET_OS_PROJECT_NAME: 'tproject' };
    const result = await runCli(['workflow-list'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`mistral workflow-list: error: incomplete target cloud: missing ${USER}\n`);
    expect(world.target.requests).toEqual([]);
    expect(world.allRequests()).toEqual([]);
  });
});

describe('two spellings of one setting', () => {
  it('with different values are refused (exit 2) naming both variables, before any request', async () => {
    const a = newSecret('conflict-password-a');
    const b = newSecret('conflict-password-b');
    const env = { ...world.homeEnv(), ...world.targetEnv('TARGET_OS_', { TARGET_OS_PASSWORD: a }), OS_TARGET_PASSWORD: b };
    const result = await runCli(['workflow-list'], env);
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toContain('TARGET_OS_PASSWORD');
    expect(result.stderr).toContain('OS_TARGET_PASSWORD');
    expect(result.stderr).toMatch(/different values/);
    expect(world.allRequests()).toEqual([]);
  });

  it("with different values are refused for the blueprint's and the reference's project spellings too", async () => {
    const env = { ...world.homeEnv(), ...world.targetEnv('TARGET_OS_'), OS_TARGET_TENANT_NAME: 'another-project' };
    const result = await runCli(['workflow-list'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('TARGET_OS_PROJECT_NAME');
    expect(result.stderr).toContain('OS_TARGET_TENANT_NAME');
    expect(world.allRequests()).toEqual([]);
  });

  it('with the same value are accepted', async () => {
    const env = { ...world.homeEnv(), ...world.targetEnv('TARGET_OS_'), ...world.targetEnv('OS_TARGET_') };
    await expectTargetUsed(['workflow-list'], env);
  });
});

describe('the target insecure setting', () => {
  for (const [name, value] of [['TARGET_OS_INSECURE', 'maybe'], ['OS_TARGET_INSECURE', 'maybe'], ['TARGET_MISTRALCLIENT_INSECURE', 'sure']] as const) {
    it(`${name}=${value} is a usage error naming the variable (exit 2, no request)`, async () => {
      const result = await runCli(['workflow-list'], { ...world.homeEnv(), ...world.targetEnv(), [name]: value });
      expect(result.code).toBe(2);
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stderr).toContain(`${name} must be true/false/1/0/yes/no, not '${value}'`);
      expect(world.allRequests()).toEqual([]);
    });
  }

  it("TARGET_OS_INSECURE=false means secure (the reference took 'false' as true)", async () => {
    await expectTargetUsed(['workflow-list'], { ...world.homeEnv(), ...world.targetEnv(), TARGET_OS_INSECURE: 'false' });
    expect(mistralRequest().headers).not.toHaveProperty('x-target-insecure');
  });

  it('OS_TARGET_INSECURE=1 means insecure and is sent as X-Target-Insecure: True', async () => {
    await expectTargetUsed(['workflow-list'], { ...world.homeEnv(), ...world.targetEnv(), OS_TARGET_INSECURE: '1' }, TARGET_INSECURE_WARNING);
    expect(mistralRequest().headers['x-target-insecure']).toBe('True');
  });

  it('two spellings of one boolean agree by meaning (TARGET_OS_INSECURE=1, OS_TARGET_INSECURE=true)', async () => {
    await expectTargetUsed(['workflow-list'], { ...world.homeEnv(), ...world.targetEnv(), TARGET_OS_INSECURE: '1', OS_TARGET_INSECURE: 'true' }, TARGET_INSECURE_WARNING);
    expect(mistralRequest().headers['x-target-insecure']).toBe('True');
  });

  it('two spellings of one boolean that disagree are refused naming both (exit 2, no request)', async () => {
    const result = await runCli(['workflow-list'], { ...world.homeEnv(), ...world.targetEnv(), TARGET_OS_INSECURE: 'yes', OS_TARGET_INSECURE: 'no' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'mistral workflow-list: error: TARGET_OS_INSECURE and OS_TARGET_INSECURE both set --os-target-insecure but to different values; unset one of them\n',
    );
    expect(world.allRequests()).toEqual([]);
  });

  it('MISTRALCLIENT_INSECURE=maybe (home) is a usage error too', async () => {
    const result = await runCli(['workflow-list'], { ...world.homeEnv(), MISTRALCLIENT_INSECURE: 'maybe' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("MISTRALCLIENT_INSECURE must be true/false/1/0/yes/no, not 'maybe'");
    expect(world.allRequests()).toEqual([]);
  });
});

describe('flags and environment', () => {
  it('a target flag beats the environment', async () => {
    const wrong = newSecret('wrong-target-password');
    const env = { ...world.homeEnv(), ...world.targetEnv('TARGET_OS_', { TARGET_OS_USERNAME: 'nobody', TARGET_OS_PASSWORD: wrong }) };
    await expectTargetUsed(['workflow-list', '--os-target-username', 'tuser', '--os-target-password', world.targetUser.password], env);
  });

  it('a target flag beats two conflicting variables without complaint', async () => {
    const env = { ...world.homeEnv(), ...world.targetEnv('TARGET_OS_'), OS_TARGET_USERNAME: 'nobody' };
    // The variables disagree, but the flag decides, so there is nothing to resolve.
    const result = await runCli(['workflow-list', '--os-target-username', 'tuser'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('a home flag beats the environment', async () => {
    const env = world.homeEnv({ OS_USERNAME: 'nobody', OS_PASSWORD: newSecret('wrong-home-password') });
    const result = await runCli(['workflow-list', '--os-username', 'huser', '--os-password', world.homeUser.password], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(world.home.tokenRequests()[0].body).auth.identity.password.user.name).toBe('huser');
  });

  it('an empty variable counts as unset (no target requested)', async () => {
    const result = await runCli(['workflow-list'], { ...world.homeEnv(), TARGET_OS_AUTH_URL: '', OS_TARGET_PASSWORD: '' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(world.target.requests).toEqual([]);
    expect(Object.keys(mistralRequest().headers).filter((h) => h.startsWith('x-target-'))).toEqual([]);
  });
});
