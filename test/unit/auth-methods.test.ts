// README "Keystone auth methods": application credentials (by id, by name and user) for the home and
// the target cloud, TOTP and multi-factor logins completed after Keystone's receipt, the table of
// methods (src/auth/methods.ts) that settings, validation, the request body and the cache read.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUTH_METHODS } from '../../src/auth/methods.js';
import { GLOBAL_OPTIONS, KEYSTONE_AUTH_TYPES, optionFor } from '../../src/settings/options.js';
import { lines, runCli } from '../helpers/cli.js';
import { useWorld, type Env } from '../helpers/clouds.js';

const world = useWorld();

/** The token request bodies a Keystone received, parsed. */
function bodies(keystone: typeof world.home): Array<{ auth: { identity: Record<string, unknown> & { methods: string[] }; scope?: unknown } }> {
  return keystone.tokenRequests().map((r) => JSON.parse(r.body));
}

/** The home cloud as Horizon's application-credential openrc sets it. */
function homeAppCredEnv(overrides: Env = {}): Env {
  return { OS_AUTH_TYPE: 'v3applicationcredential', OS_AUTH_URL: world.home.authUrl, OS_IDENTITY_API_VERSION: '3', OS_REGION_NAME: 'RegionOne', OS_INTERFACE: 'public', OS_APPLICATION_CREDENTIAL_ID: world.homeAppCred.id, OS_APPLICATION_CREDENTIAL_SECRET: world.homeAppCred.secret, ...overrides };
}

function targetAppCredEnv(prefix: 'TARGET_OS_' | 'OS_TARGET_' = 'TARGET_OS_', overrides: Env = {}): Env {
  return { [`${prefix}AUTH_TYPE`]: 'v3applicationcredential', [`${prefix}AUTH_URL`]: world.target.authUrl, [`${prefix}APPLICATION_CREDENTIAL_ID`]: world.targetAppCred.id, [`${prefix}APPLICATION_CREDENTIAL_SECRET`]: world.targetAppCred.secret, ...overrides };
}

describe('the table of auth methods', () => {
  it('has a method for every auth_type the options offer, and each type once', () => {
    const types = AUTH_METHODS.flatMap((m) => m.types);
    expect([...types].sort()).toEqual([...KEYSTONE_AUTH_TYPES].sort());
    expect(new Set(types).size).toBe(types.length);
  });

  it('every setting a method may need has an option for the home and for the target cloud, secrets marked secret', () => {
    const settings = ['auth_type', 'application_credential_id', 'application_credential_name', 'application_credential_secret', 'passcode', 'auth_methods'] as const;
    for (const setting of settings) for (const role of ['home', 'target'] as const) expect(optionFor(role, setting), `${role} ${setting}`).toBeDefined();
    const secret = GLOBAL_OPTIONS.filter((o) => o.secret && o.setting).map((o) => `${o.cloud}:${o.setting}`).sort();
    expect(secret).toEqual(['home:application_credential_secret', 'home:passcode', 'home:password', 'home:token', 'target:application_credential_secret', 'target:passcode', 'target:password', 'target:token']);
  });
});

describe('application credentials for the home cloud', () => {
  it('by id and secret (Horizon openrc): no scope, the token goes to Mistral', async () => {
    const result = await runCli(['workflow-list'], homeAppCredEnv());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [body] = bodies(world.home);
    expect(body.auth).toEqual({ identity: { methods: ['application_credential'], application_credential: { id: world.homeAppCred.id, secret: world.homeAppCred.secret } } });
    const sent = world.mistral.requests[0].headers['x-auth-token'];
    expect(world.home.tokenInfo(sent)?.project?.name).toBe('hproject');
  });

  it('without OS_AUTH_TYPE, an application credential picks the method', async () => {
    const result = await runCli(['workflow-list'], homeAppCredEnv({ OS_AUTH_TYPE: undefined }));
    expect(result.code).toBe(0);
    expect(bodies(world.home)[0].auth.identity.methods).toEqual(['application_credential']);
  });

  it('by name, secret and user name with its domain (flags)', async () => {
    const result = await runCli(['--os-auth-type', 'v3applicationcredential', '--os-auth-url', world.home.authUrl, '--os-application-credential-name', world.homeAppCred.name, '--os-application-credential-secret', world.homeAppCred.secret, '--os-username', 'huser', '--os-user-domain-name', 'Default', 'workflow-list'], {});
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(bodies(world.home)[0].auth.identity.application_credential).toEqual({ name: world.homeAppCred.name, user: { name: 'huser', domain: { name: 'Default' } }, secret: world.homeAppCred.secret });
  });

  it('by name without a user is refused before any request, naming what is missing', async () => {
    const result = await runCli(['workflow-list'], homeAppCredEnv({ OS_APPLICATION_CREDENTIAL_ID: undefined, OS_APPLICATION_CREDENTIAL_NAME: world.homeAppCred.name }));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('mistral workflow-list: error: incomplete home cloud (v3applicationcredential): missing --os-username (OS_USERNAME) or --os-user-id (OS_USER_ID)\n');
    expect(world.allRequests()).toEqual([]);
  });

  it('a project given next to it is a usage error, not dropped', async () => {
    const result = await runCli(['workflow-list'], homeAppCredEnv({ OS_PROJECT_NAME: 'hproject' }));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('mistral workflow-list: error: the home cloud logs in with an application credential, which carries its own project: Keystone refuses a project with it, so remove --os-project-name (OS_PROJECT_NAME or OS_TENANT_NAME)\n');
    expect(world.allRequests()).toEqual([]);
  });

  it('a refused credential (expired, or a wrong secret) says so, naming the cloud', async () => {
    const result = await runCli(['workflow-list'], homeAppCredEnv({ OS_APPLICATION_CREDENTIAL_SECRET: 'not-the-secret-at-all' }));
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([`ERROR (app) Authentication failed: the home cloud refused application credential ${world.homeAppCred.id}: it has expired, or the secret is wrong (Keystone does not say which; 'openstack application credential show' on that cloud tells); create a new one or fix the secret (Invalid application credential ID or secret, HTTP 401) (home cloud Keystone at ${world.home.authUrl}/auth/tokens)`]);
    expect(world.mistral.requests).toEqual([]);
  });

  it('configuration-show masks the secret and names the method', async () => {
    const result = await runCli(['configuration-show', '-f', 'csv'], homeAppCredEnv());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"home","auth_type","v3applicationcredential","OS_AUTH_TYPE"');
    expect(result.stdout).toContain('"home","application_credential_secret","<redacted>","OS_APPLICATION_CREDENTIAL_SECRET"');
    expect(result.stdout).not.toContain(world.homeAppCred.secret);
  });

  it('the token cache keys it by the credential, checks the secret, and a warm run sends no Keystone request', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'mistral-appcred-cache-'));
    const env = homeAppCredEnv({ OS_CACHE: 'true', XDG_CACHE_HOME: cache });
    expect((await runCli(['workflow-list'], env)).code).toBe(0);
    expect((await runCli(['workflow-list'], env)).code).toBe(0);
    expect(world.home.tokenRequests()).toHaveLength(1);
    // Another secret for the same id never gets the cached token.
    const other = await runCli(['workflow-list'], { ...env, OS_APPLICATION_CREDENTIAL_SECRET: 'another-secret-entirely' });
    expect(other.code).toBe(1);
    expect(world.home.tokenRequests()).toHaveLength(2);
  });
});

describe('application credentials for the target cloud', () => {
  for (const prefix of ['TARGET_OS_', 'OS_TARGET_'] as const) {
    it(`by id and secret in ${prefix}* variables: the target token's project goes to Mistral`, async () => {
      const result = await runCli(['workflow-list'], { ...world.homeEnv(), ...targetAppCredEnv(prefix) });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(bodies(world.target)[0].auth).toEqual({ identity: { methods: ['application_credential'], application_credential: { id: world.targetAppCred.id, secret: world.targetAppCred.secret } } });
      const headers = world.mistral.requests[0].headers;
      expect(headers['x-target-project-id']).toBe(world.targetProject.id);
      expect(world.target.tokenInfo(headers['x-target-auth-token'])?.user.name).toBe('tuser');
    });
  }

  it('by name and user id through --os-target-* flags, with an application-credential home', async () => {
    const result = await runCli(['--os-target-auth-url', world.target.authUrl, '--os-target-auth-type', 'v3applicationcredential', '--os-target-application-credential-name', world.targetAppCred.name, '--os-target-user-id', world.targetUser.id, '--os-target-application-credential-secret', world.targetAppCred.secret, 'workflow-list'], homeAppCredEnv());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(bodies(world.target)[0].auth.identity.application_credential).toEqual({ name: world.targetAppCred.name, user: { id: world.targetUser.id }, secret: world.targetAppCred.secret });
  });

  it('an id without its secret is an incomplete target, refused before any request', async () => {
    const result = await runCli(['workflow-list'], { ...world.homeEnv(), ...targetAppCredEnv('TARGET_OS_', { TARGET_OS_APPLICATION_CREDENTIAL_SECRET: undefined }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('mistral workflow-list: error: incomplete target cloud (v3applicationcredential): missing --os-target-application-credential-secret (TARGET_OS_APPLICATION_CREDENTIAL_SECRET or OS_TARGET_APPLICATION_CREDENTIAL_SECRET)\n');
    expect(world.allRequests()).toEqual([]);
  });

  it('a Horizon application-credential openrc as --os-target-openrc', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mistral-appcred-openrc-'));
    const file = join(dir, 'app-cred-openrc.sh');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, `#!/usr/bin/env bash\n\nexport OS_AUTH_TYPE=v3applicationcredential\nexport OS_AUTH_URL=${world.target.authUrl}\nexport OS_IDENTITY_API_VERSION=3\nexport OS_REGION_NAME="TargetRegion"\nexport OS_INTERFACE=public\nexport OS_APPLICATION_CREDENTIAL_ID=${world.targetAppCred.id}\nexport OS_APPLICATION_CREDENTIAL_SECRET=${world.targetAppCred.secret}\n`);
    const result = await runCli(['--os-target-openrc', file, 'workflow-list'], world.homeEnv());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(world.mistral.requests[0].headers['x-target-project-id']).toBe(world.targetProject.id);
  });

  it('a trigger Mistral could not make a trust for explains why, for the cloud that logged in with the credential', async () => {
    world.mistral.intercept = (req) => (req.method === 'POST' && req.path.endsWith('/cron_triggers') ? { status: 403, body: { faultstring: 'Delegated tokens cannot manage trusts.' } } : undefined);
    try {
      const result = await runCli(['cron-trigger-create', 'ct', 'wf', '{}', '--pattern', '* * * * *'], { ...world.homeEnv(), ...targetAppCredEnv() });
      expect(result.code).toBe(1);
      expect(lines(result.stderr)).toEqual(["ERROR (app) Delegated tokens cannot manage trusts. (HTTP 403 Forbidden); the target cloud logged in with an unrestricted application credential, and Keystone refuses such tokens the trust Mistral makes for a trigger (a restricted credential never gets one; an unrestricted one only where the cloud's operator allows application credentials to create trusts): create the trigger with a password login (--os-auth-type password with a user and password), and let the pipeline use the application credential for the rest"]);
    } finally {
      world.mistral.intercept = undefined;
    }
  });
});

describe('TOTP and multi-factor logins', () => {
  const mfaHome = (overrides: Env = {}) => world.homeEnv({ OS_USERNAME: 'mfauser', OS_PASSWORD: world.mfaUser.password, ...overrides });

  it('v3multifactor with both factors given: one request with password and totp', async () => {
    const result = await runCli(['workflow-list'], mfaHome({ OS_AUTH_TYPE: 'v3multifactor', OS_AUTH_METHODS: 'v3password,v3totp', OS_PASSCODE: '246810' }));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [body] = bodies(world.home);
    expect(body.auth.identity.methods).toEqual(['password', 'totp']);
    expect(body.auth.identity.totp).toEqual({ user: { name: 'mfauser', domain: { name: 'Default' }, passcode: '246810' } });
  });

  it('a password login Keystone answers with a receipt is completed with the passcode given, sending the receipt', async () => {
    const result = await runCli(['workflow-list'], mfaHome({ OS_PASSCODE: '246810' }));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const requests = world.home.tokenRequests();
    expect(requests).toHaveLength(2);
    expect(requests[1].headers['openstack-auth-receipt']).toMatch(/.{20,}/);
    expect(bodies(world.home)[1].auth.identity).toEqual({ methods: ['totp'], totp: { user: { name: 'mfauser', domain: { name: 'Default' }, passcode: '246810' } } });
  });

  it('without a terminal the missing factor is one line naming it and its flag (exit 2)', async () => {
    const result = await runCli(['workflow-list'], mfaHome());
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toEqual([`mistral workflow-list: error: the home cloud Keystone at ${world.home.authUrl}/auth/tokens asks for a second factor, totp (a TOTP passcode), after password: give it with --os-passcode (OS_PASSCODE), or run on a terminal to be asked for it`]);
    expect(world.mistral.requests).toEqual([]);
  });

  it('on a terminal the passcode is asked for after the receipt, without echo, and the login completes', async () => {
    const rawModes: boolean[] = [];
    const result = await runCli(['workflow-list'], mfaHome({ OS_AUTH_TYPE: 'v3multifactor', OS_AUTH_METHODS: 'v3password,v3totp' }), { terminal: { typed: '246810\r', rawModes } });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`TOTP passcode for mfauser at ${world.home.authUrl} (home cloud): \n`);
    expect(rawModes).toEqual([true, false]);
    expect(world.home.tokenRequests()).toHaveLength(2);
  });

  it('v3totp alone asks Keystone for the totp method, and a wrong passcode is its 401', async () => {
    const result = await runCli(['workflow-list'], world.homeEnv({ OS_AUTH_TYPE: 'v3totp', OS_USERNAME: 'mfauser', OS_PASSWORD: undefined, OS_PASSCODE: '000000', OS_PROJECT_NAME: undefined }));
    expect(result.code).toBe(1);
    expect(bodies(world.home)[0].auth.identity.methods).toEqual(['totp']);
    expect(result.stderr).toContain('Authentication failed: Invalid username or TOTP passcode (HTTP 401');
  });

  it('an unknown auth type names the supported ones', async () => {
    const result = await runCli(['workflow-list'], world.homeEnv({ OS_AUTH_TYPE: 'v3oidcpassword' }));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("mistral workflow-list: error: --os-auth-type (OS_AUTH_TYPE) 'v3oidcpassword' is not supported; use password, v3password, token, v3token, v3applicationcredential, v3totp or v3multifactor\n");
  });
});
