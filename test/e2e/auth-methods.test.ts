// README "Keystone auth methods" against the real stack: application credentials that
// stack/seed-auth-methods.py made in Keystone A (demo) and B (tenantb) as home, as target and as
// both; what Keystone then refuses (trusts for triggers, a deleted credential); a user with
// multi-factor rules (password + totp) whose passcode the test computes (RFC 6238) and types at a
// real pseudo-terminal after Keystone's receipt. Every output is scanned for the secrets.
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mistral, mistralOnTerminal, ok, openrc, publishWhoami, STACK_DIR, stack, type Run } from './stack.js';

interface AppCred { id: string; name: string; secret: string; unrestricted: boolean; user: string; user_id: string; project: string; project_id: string }
interface MfaUser { name: string; id: string; password: string; project: string; project_id: string; totp_secret: string }
interface AuthFacts {
  application_credentials: Record<'a' | 'b', Record<'ci-restricted' | 'ci-unrestricted', AppCred>>;
  multi_factor_users: Record<'a' | 'b', MfaUser>;
  clouds_yaml: string;
  cloud_names: { a: string; a_restricted: string; b: string; b_unrestricted: string };
}

const facts: AuthFacts = JSON.parse(readFileSync(join(STACK_DIR, 'auth-methods.json'), 'utf8'));
const appA = facts.application_credentials.a['ci-unrestricted'];
const mfaA = facts.multi_factor_users.a;
const mfaB = facts.multi_factor_users.b;

/** Every secret of this file: none may appear in any output. */
const SECRETS = [
  ...Object.values(facts.application_credentials).flatMap((c) => Object.values(c).map((x) => x.secret)),
  mfaA.password, mfaB.password, mfaA.totp_secret, mfaB.totp_secret,
];
const outputs: string[] = [];
async function run(result: Promise<Run>): Promise<Run> {
  const r = await result;
  outputs.push(r.stdout, r.stderr);
  return r;
}

/** RFC 6238 TOTP (HMAC-SHA1, 30 s, 6 digits), as Keystone computes it (keystone/auth/plugins/totp.py). */
function totp(base32: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

const homeApp = openrc('openrc-a-appcred.sh');
const targetApp = openrc('target-b-appcred.sh');
const homePassword = openrc('openrc-a.sh');

async function whoamiWait(env: Record<string, string>, flags: string[] = []): Promise<Record<string, unknown>> {
  const r = await run(mistral([...flags, 'execution-create', 'whoami', '--wait', '-f', 'json'], env));
  expect(r.code, r.stderr).toBe(0);
  const row = JSON.parse(r.stdout) as Record<string, string>;
  expect(row.State).toBe('SUCCESS');
  return JSON.parse(await ok(run(mistral([...flags, 'execution-get-output', row.ID], env))));
}

beforeAll(publishWhoami);

describe('application credentials against the real Keystones and Mistral', () => {
  it("home: Horizon's openrc (values unquoted), execution-create --wait runs as demo in demo", async () => {
    expect(homeApp.OS_AUTH_TYPE).toBe('v3applicationcredential');
    expect(await whoamiWait(homeApp)).toMatchObject({ is_target: false, token_user: 'demo', token_project: 'demo' });
  });

  it('home: the double-quoted openrc through --env-file, and by name + user name', async () => {
    const quoted = await run(mistral(['--env-file', join(STACK_DIR, 'openrc-a-appcred-quoted.sh'), 'workflow-get', 'whoami', '-c', 'Name', '-f', 'value'], {}));
    expect(quoted.stdout, quoted.stderr).toBe('whoami\n');
    const byName = { OS_AUTH_URL: stack.clouds.a.auth_url, OS_APPLICATION_CREDENTIAL_NAME: appA.name, OS_APPLICATION_CREDENTIAL_SECRET: appA.secret, OS_USERNAME: 'demo', OS_USER_DOMAIN_NAME: 'Default' };
    expect(await whoamiWait(byName)).toMatchObject({ token_user: 'demo', token_project: 'demo' });
  });

  it('target: B by its restricted credential (TARGET_OS_*), home by password', async () => {
    expect(await whoamiWait({ ...homePassword, ...targetApp })).toMatchObject({ is_target: true, token_user: 'tenantb', token_project: 'projb' });
  });

  it('both clouds by application credential; B also through --os-target-openrc', async () => {
    expect(await whoamiWait({ ...homeApp, ...targetApp })).toMatchObject({ is_target: true, token_user: 'tenantb', token_project: 'projb' });
    const flags = ['--os-target-openrc', join(STACK_DIR, 'openrc-b-appcred.sh')];
    expect(await whoamiWait(homeApp, flags)).toMatchObject({ is_target: true, token_user: 'tenantb', token_project: 'projb' });
  });

  it('fan-out to two application-credential targets of clouds.yaml', async () => {
    const env = { ...homeApp, OS_CLIENT_CONFIG_FILE: facts.clouds_yaml };
    const r = await run(mistral(['--os-target-cloud', facts.cloud_names.b, '--os-target-cloud', facts.cloud_names.b_unrestricted, 'execution-create', 'whoami', '--wait', '-f', 'json'], env));
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, string>>;
    expect(rows.map((row) => [row['Target cloud'], row.State])).toEqual([[facts.cloud_names.b, 'SUCCESS'], [facts.cloud_names.b_unrestricted, 'SUCCESS']]);
  });

  it("the blueprint's two concurrent executions, each with an application-credential target", async () => {
    const [one, two] = await Promise.all([whoamiWait({ ...homeApp, ...targetApp }), whoamiWait({ ...homeApp, ...targetApp })]);
    expect(one).toMatchObject({ token_user: 'tenantb' });
    expect(two).toMatchObject({ token_user: 'tenantb' });
  });

  it('--os-cache: the warm run is one request (to Mistral), home and target by application credential', async () => {
    const env = { ...homeApp, ...targetApp, OS_CACHE: 'true', XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'mistral-appcred-cache-')) };
    await ok(run(mistral(['workflow-get', 'whoami'], env)));
    const warm = await run(mistral(['--debug', 'workflow-get', 'whoami', '-c', 'Name', '-f', 'value'], env));
    expect(warm.stdout, warm.stderr).toBe('whoami\n');
    expect(warm.stderr.split('\n').filter((l) => l.startsWith('DEBUG REQ:')).map((l) => l.split(' ')[2])).toEqual(['GET']);
  });

  for (const [kind, env] of [['restricted', openrc('openrc-a-appcred-restricted.sh')], ['unrestricted', homeApp]] as const) {
    it(`cron-trigger-create with ${kind === 'restricted' ? 'a' : 'an'} ${kind} credential: Keystone refuses Mistral the trust, and the error says why`, async () => {
      const r = await run(mistral(['cron-trigger-create', `e2e_ct_${kind}_${Date.now()}`, 'whoami', '{}', '--pattern', '0 0 1 1 *'], env));
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`; the home cloud logged in with ${kind === 'restricted' ? 'a' : 'an'} ${kind} application credential, and Keystone refuses such tokens the trust Mistral makes for a trigger`);
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    });
  }

  it('a deleted credential is refused, the message naming the cloud and the credential', async () => {
    // demo makes one and deletes it again, with its own token (only the owner may).
    const login = await fetch(`${stack.clouds.a.auth_url}/auth/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: 'demo', domain: { id: 'default' }, password: stack.clouds.a.users.demo.password } } }, scope: { project: { name: 'demo', domain: { id: 'default' } } } } }) });
    const token = login.headers.get('x-subject-token')!;
    const secret = `deleted-${Date.now()}-secret-value`;
    SECRETS.push(secret);
    const made = await fetch(`${stack.clouds.a.auth_url}/users/${stack.clouds.a.users.demo.id}/application_credentials`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Auth-Token': token }, body: JSON.stringify({ application_credential: { name: `gone-${Date.now()}`, secret } }) });
    const id = ((await made.json()) as { application_credential: { id: string } }).application_credential.id;
    expect((await fetch(`${stack.clouds.a.auth_url}/users/${stack.clouds.a.users.demo.id}/application_credentials/${id}`, { method: 'DELETE', headers: { 'X-Auth-Token': token } })).status).toBe(204);
    const r = await run(mistral(['workflow-list'], { ...homeApp, OS_APPLICATION_CREDENTIAL_ID: id, OS_APPLICATION_CREDENTIAL_SECRET: secret }));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`ERROR (app) Keystone refused the request: the home cloud has no application credential ${id}: it was deleted (or belongs to another cloud); create a new one (Could not find Application Credential: ${id}., HTTP 404) (home cloud Keystone at ${stack.clouds.a.auth_url}/auth/tokens)\n`);
    // A wrong secret for a credential that exists is Keystone's 401, which cannot tell it from an expired one.
    const wrong = await run(mistral(['workflow-list'], { ...homeApp, OS_APPLICATION_CREDENTIAL_SECRET: 'not-the-right-secret-at-all' }));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(`ERROR (app) Authentication failed: the home cloud refused application credential ${appA.id}: it has expired, or the secret is wrong (Keystone does not say which; 'openstack application credential show' on that cloud tells); create a new one or fix the secret (The request you have made requires authentication., HTTP 401) (home cloud Keystone at ${stack.clouds.a.auth_url}/auth/tokens)\n`);
  });
});

describe('TOTP and multi-factor logins against the real Keystones', () => {
  const mfaHome = { OS_AUTH_URL: stack.clouds.a.auth_url, OS_USERNAME: mfaA.name, OS_PASSWORD: mfaA.password, OS_PROJECT_NAME: mfaA.project, OS_USER_DOMAIN_NAME: 'Default', OS_PROJECT_DOMAIN_NAME: 'Default' };

  it('v3multifactor with the passcode computed here: one login, workflow-get works', async () => {
    const r = await run(mistral(['--debug', 'workflow-get', 'whoami', '-c', 'Name', '-f', 'value'], { ...mfaHome, OS_AUTH_TYPE: 'v3multifactor', OS_AUTH_METHODS: 'v3password,v3totp', OS_PASSCODE: totp(mfaA.totp_secret) }));
    expect(r.stdout, r.stderr).toBe('whoami\n');
    expect(r.stderr.split('\n').filter((l) => l.startsWith('DEBUG REQ: POST') && l.includes('/auth/tokens'))).toHaveLength(1);
  });

  it('without a terminal, a password login Keystone answers with a receipt fails in one line naming totp and --os-passcode', async () => {
    const r = await run(mistral(['workflow-list'], mfaHome));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`mistral workflow-list: error: the home cloud Keystone at ${stack.clouds.a.auth_url}/auth/tokens asks for a second factor, totp (a TOTP passcode), after password: give it with --os-passcode (OS_PASSCODE), or run on a terminal to be asked for it\n`);
  });

  it('on a real terminal the passcode is asked for after the receipt, typed without echo, and the login completes', async () => {
    // A fresh 30 s window if this one is about to end, so the code typed is still valid.
    if (Date.now() % 30_000 > 25_000) await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 200));
    const code = totp(mfaA.totp_secret);
    const t = await mistralOnTerminal(['workflow-get', 'whoami', '-c', 'Name', '-f', 'value'], { ...mfaHome, OS_AUTH_TYPE: 'v3multifactor', OS_AUTH_METHODS: 'v3password,v3totp' }, [{ expect: 'TOTP passcode for mfa at ', send: `${code}\r` }], { stdoutToFile: true });
    outputs.push(t.output, t.stdout ?? '');
    expect(t.timedOut).toBe(false);
    expect(t.code, t.output).toBe(0);
    expect(t.stdout).toBe('whoami\n');
    expect(t.output).toContain(`TOTP passcode for mfa at ${stack.clouds.a.auth_url} (home cloud): `);
    expect(t.output).not.toContain(code);
  });

  it('the target cloud by v3totp after its receipt: mfab@B with password and passcode given as TARGET_OS_*', async () => {
    const target = { TARGET_OS_AUTH_URL: stack.clouds.b.auth_url, TARGET_OS_USERNAME: mfaB.name, TARGET_OS_PASSWORD: mfaB.password, TARGET_OS_PASSCODE: totp(mfaB.totp_secret), TARGET_OS_PROJECT_NAME: mfaB.project, TARGET_OS_USER_DOMAIN_NAME: 'Default', TARGET_OS_PROJECT_DOMAIN_NAME: 'Default' };
    expect(await whoamiWait({ ...homeApp, ...target }, ['--debug'])).toMatchObject({ is_target: true, token_user: 'mfab', token_project: 'projb' });
  });
});

describe('secrets', () => {
  it('no application credential secret, password or TOTP seed appears in any output above (with --debug)', () => {
    // Fewer on a release where some cases cannot hold (test/e2e/releases.ts), never none.
    expect(outputs.length).toBeGreaterThan(10);
    for (const secret of SECRETS) for (const text of outputs) expect(text.includes(secret), `a secret in: ${text.slice(0, 200)}`).toBe(false);
  });
});
