// The blueprint's test plan against the real stack: Keystone A (home, Mistral's own cloud),
// Keystone B (target, also behind HTTPS with its own CA) and Mistral 15, all from Debian.
import { beforeAll, describe, expect, it } from 'vitest';
import { logLines, mistral, ok, openrc, publishWhoami, stack, waitForExecution, type Run } from './stack.js';

const home = openrc('openrc-a.sh');
const b = stack.clouds.b;
const tenantb = b.users.tenantb;

interface Whoami {
  auth_uri: string;
  is_target: boolean;
  token_user: string;
  token_project: string;
  token_regions: string[];
  projects: string[];
}

/** Runs whoami with the given environment (and extra global flags) and returns its output. */
async function whoami(env: Record<string, string>, flags: string[] = []): Promise<Whoami> {
  const id = (await ok(mistral([...flags, 'execution-create', 'whoami', '-c', 'ID', '-f', 'value'], env))).trim();
  const state = await waitForExecution(id, { ...env, ...flagsAsEnv(flags) });
  const output = await ok(mistral([...flags, 'execution-get-output', id], env));
  expect(state, output).toBe('SUCCESS');
  return JSON.parse(output) as Whoami;
}

/** execution-get must carry the same target as the create: a target execution belongs to the target project. */
function flagsAsEnv(flags: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (let i = 0; i < flags.length; i += 2) {
    const name = flags[i].replace(/^--os-target-/, 'TARGET_OS_').replace(/-/g, '_').toUpperCase();
    env[name] = flags[i + 1];
  }
  return env;
}

const expectCloudB = (out: Whoami, project = 'projb') => {
  expect(out.is_target).toBe(true);
  expect(out.token_user).toBe('tenantb');
  expect(out.token_project).toBe(project);
  expect(out.token_regions).toEqual(['RegionTwo']);
  expect(out.projects).toEqual(['projb', 'projb-extra']);
};

beforeAll(publishWhoami);

describe('a workflow run against the home cloud or a target cloud', () => {
  it('runs on the home cloud when no target is given', async () => {
    const out = await whoami(home);
    expect(out).toMatchObject({ is_target: false, token_user: 'demo', token_project: 'demo', token_regions: stack.clouds.a.regions, projects: ['demo'] });
  });

  it('runs on cloud B given by TARGET_OS_* variables', async () => {
    const out = await whoami({ ...home, ...openrc('target-b.sh') });
    expectCloudB(out);
    expect(out.auth_uri).toBe('http://127.0.0.1:5001/v3/');
  });

  it("runs on cloud B given by python-mistralclient's OS_TARGET_* variables", async () => {
    expectCloudB(await whoami({ ...home, ...openrc('target-b-legacy.sh') }));
  });

  it('runs on cloud B given by --os-target-* flags', async () => {
    const flags = [
      '--os-target-auth-url', b.auth_url, '--os-target-username', tenantb.name, '--os-target-password', tenantb.password,
      '--os-target-project-name', 'projb', '--os-target-user-domain-name', 'Default', '--os-target-project-domain-name', 'Default',
      '--os-target-region-name', 'RegionTwo',
    ];
    expectCloudB(await whoami(home, flags));
  });

  it('runs on cloud B in another tenant (projb-extra)', async () => {
    expectCloudB(await whoami({ ...home, ...openrc('target-b-extra.sh') }), 'projb-extra');
  });

  it('runs on cloud B given a token instead of user and password', async () => {
    const token = await issueToken(b.auth_url, tenantb.name, tenantb.password, 'projb');
    const env = { ...home, TARGET_OS_AUTH_URL: b.auth_url, TARGET_OS_AUTH_TOKEN: token, TARGET_OS_REGION_NAME: 'RegionTwo' };
    expectCloudB(await whoami(env));
  });

  it('re-scopes a target token to the project given with it', async () => {
    const token = await issueToken(b.auth_url, tenantb.name, tenantb.password, 'projb');
    const env = { ...home, TARGET_OS_AUTH_URL: b.auth_url, TARGET_OS_AUTH_TOKEN: token, TARGET_OS_PROJECT_NAME: 'projb-extra', TARGET_OS_PROJECT_DOMAIN_NAME: 'Default' };
    expectCloudB(await whoami(env), 'projb-extra');
  });

  it('runs on cloud B over HTTPS with the target CA certificate', async () => {
    const out = await whoami({ ...home, ...openrc('target-b-tls.sh') });
    expectCloudB(out);
    expect(out.auth_uri).toBe(`${b.tls_auth_url}/`);
  });

  it('runs two executions at once on different clouds, regions and tenants, each with its own answer', async () => {
    const [onA, onB] = await Promise.all([
      whoami({ ...home, ...openrc('target-a.sh') }),
      whoami({ ...home, ...openrc('target-b-extra.sh') }),
    ]);
    expect(onA).toMatchObject({ is_target: true, token_user: 'demo', token_project: 'demo', token_regions: stack.clouds.a.regions, projects: ['demo'] });
    expectCloudB(onB, 'projb-extra');
  });
});

describe('the target cloud TLS and all-or-none rules against the real services', () => {
  const create = (env: Record<string, string>): Promise<Run> => mistral(['execution-create', 'whoami'], { ...home, ...env });

  it('fails with a TLS error naming the target when the HTTPS target has no CA certificate', async () => {
    const { TARGET_OS_CACERT: _ca, ...withoutCa } = openrc('target-b-tls.sh');
    const r = await create(withoutCa);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ERROR \(app\) TLS verification failed for the target cloud at https:\/\/127\.0\.0\.1:5443\/v3\/auth\/tokens: .*\n$/);
  });

  it('fails with a TLS error when the target CA is the wrong one', async () => {
    const r = await create({ ...openrc('target-b-tls.sh'), TARGET_OS_CACERT: stack.tls.other_ca });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('TLS verification failed for the target cloud at https://127.0.0.1:5443/v3/auth/tokens');
  });

  it('refuses a partial target set before any request reaches Keystone or Mistral', async () => {
    // Keystone's uwsgi logs a line per request: a control run shows both logs grow.
    const logs = ['ks-a/log/uwsgi.log', 'ks-b/log/uwsgi.log'];
    const control = logs.map(logLines);
    await ok(mistral(['workflow-list'], { ...home, ...openrc('target-b.sh') }));
    logs.forEach((log, i) => expect(logLines(log), log).toBeGreaterThan(control[i]));

    // Mistral keeps no access log: count the whoami executions at home and in B's project instead.
    const executions = async (env: Record<string, string>) =>
      (await ok(mistral(['execution-list', '--filter', 'workflow_name=whoami', '-c', 'ID', '-f', 'value', '--limit', '-1'], env))).split('\n').length;
    const executionsBefore = [await executions(home), await executions({ ...home, ...openrc('target-b.sh') })];
    const logsBefore = logs.map(logLines);

    const r = await create({ TARGET_OS_AUTH_URL: b.auth_url, TARGET_OS_USERNAME: tenantb.name, TARGET_OS_REGION_NAME: 'RegionTwo' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'mistral execution-create: error: incomplete target cloud: missing --os-target-password (TARGET_OS_PASSWORD or OS_TARGET_PASSWORD); ' +
        '--os-target-project-name (TARGET_OS_PROJECT_NAME or OS_TARGET_PROJECT_NAME) or --os-target-project-id (TARGET_OS_PROJECT_ID or OS_TARGET_PROJECT_ID) ' +
        '(or give a token with --os-target-auth-token instead of user, password and project)\n',
    );
    const debug = await mistral(['--debug', 'execution-create', 'whoami'], { ...home, TARGET_OS_AUTH_URL: b.auth_url, TARGET_OS_PASSWORD: tenantb.password });
    expect(debug.code).toBe(2);
    expect(debug.stderr).not.toContain('DEBUG REQ');

    expect(logs.map(logLines)).toEqual(logsBefore);
    expect([await executions(home), await executions({ ...home, ...openrc('target-b.sh') })]).toEqual(executionsBefore);
  });

  it('rejects a wrong target password with Keystone B 401, naming the target cloud', async () => {
    const r = await create({ ...openrc('target-b.sh'), TARGET_OS_PASSWORD: 'wrong-password' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('ERROR (app) Authentication failed: The request you have made requires authentication. (HTTP 401 Unauthorized) (target cloud Keystone at http://127.0.0.1:5001/v3/auth/tokens)\n');
  });
});

describe('--debug against the real services', () => {
  it('shows every request and response but no token or password', async () => {
    const env = { ...home, ...openrc('target-b.sh') };
    const r = await mistral(['--debug', 'execution-create', 'whoami', '-c', 'ID', '-f', 'value'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/DEBUG REQ: POST http:\/\/127\.0\.0\.1:5000\/v3\/auth\/tokens/);
    expect(r.stderr).toMatch(/DEBUG REQ: POST http:\/\/127\.0\.0\.1:5001\/v3\/auth\/tokens/);
    expect(r.stderr).toMatch(/DEBUG RESP: POST http:\/\/127\.0\.0\.1:8989\/v2\/executions 201 \d+ ms/);
    expect(r.stderr).toContain('"X-Target-Auth-Token":"<redacted>"');
    // Keystone's fernet tokens all start with gAAAA; none may appear, nor any password.
    expect(r.stderr).not.toMatch(/gAAAA[\w-]{20,}/);
    for (const secret of ['demoA-secret', 'tenantB-secret']) expect(r.stderr).not.toContain(secret);
  });
});

describe("the Mistral endpoint from the real Keystone A's catalog", () => {
  it('picks the endpoint of the region and interface asked for (RegionX internal: nothing listens there)', async () => {
    const r = await mistral(['workflow-list'], { ...home, OS_REGION_NAME: 'RegionX', OS_INTERFACE: 'internal' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('ERROR (app) Connection refused by the home cloud at http://127.0.0.1:8991/v2/workflows?sort_keys=created_at&sort_dirs=asc&fields=id%2Cname%2Cnamespace%2Cproject_id%2Ctags%2Cinput%2Cscope%2Ccreated_at%2Cupdated_at: is the service running?\n');
  });

  it('says which service type, interface and region it did not find', async () => {
    const r = await mistral(['workflow-list'], { ...home, OS_REGION_NAME: 'RegionX', OS_MISTRAL_ENDPOINT_TYPE: 'adminURL' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no Mistral endpoint in the home cloud's service catalog for service type 'workflowv2', interface 'admin', region 'RegionX'");
  });
});

/** A project-scoped token from a Keystone, as an operator would get one with `openstack token issue`. */
async function issueToken(authUrl: string, user: string, password: string, project: string): Promise<string> {
  const response = await fetch(`${authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: user, domain: { name: 'Default' }, password } } },
        scope: { project: { name: project, domain: { name: 'Default' } } },
      },
    }),
  });
  expect(response.status).toBe(201);
  return response.headers.get('x-subject-token')!;
}
