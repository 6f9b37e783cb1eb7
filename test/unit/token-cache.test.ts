// The opt-in token cache (src/auth/token-cache.ts, README "Token cache"): one private file per
// identity and TLS settings, no secret in its name or body but the token and a salted scrypt
// verifier of the password, used until 120 s before expiry and only with the password it was got
// with, dropped and replaced after Mistral refuses it, never for a token the user gave; a file of
// the wrong shape, a symbolic link or a directory that is not private is a miss with one warning;
// token-cache-clear deletes only what the cache wrote; a warm cache makes a target
// execution-create exactly one HTTP request.
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { lines, runCli } from '../helpers/cli.js';
import { useWorld, type Env } from '../helpers/clouds.js';
import { startKeystone, type FakeKeystone } from '../helpers/keystone.js';
import { newSecret } from '../helpers/secrets.js';
import { testPki } from '../helpers/tls.js';

const world = useWorld();
/** The node:crypto the program's nodeCrypto() returns, so that a spy on its scrypt counts the derivations. */
const crypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
afterEach(() => {
  vi.restoreAllMocks();
});

/** A fresh cache home for one test. */
function cacheHome(): { env: Env; dir: string } {
  const xdg = mkdtempSync(join(tmpdir(), 'mistral-cache-'));
  return { env: { XDG_CACHE_HOME: xdg }, dir: join(xdg, 'mistral', 'auth') };
}

const files = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const tokenFiles = (dir: string) => files(dir).filter((f) => !f.startsWith('joint-'));
const jointFiles = (dir: string) => files(dir).filter((f) => f.startsWith('joint-'));
const tokenRequests = () => world.home.tokenRequests().length + world.target.tokenRequests().length;

describe('--os-cache', () => {
  it('a warm cache makes a target execution-create exactly one HTTP request', async () => {
    const cache = cacheHome();
    const env = { ...world.homeEnv(), ...world.targetEnv(), ...cache.env };
    const cold = await runCli(['--os-cache', 'execution-create', 'wf1'], env);
    expect(cold.code).toBe(0);
    expect(tokenRequests()).toBe(2);
    world.reset();
    const warm = await runCli(['--os-cache', 'execution-create', 'wf1'], env);
    expect(warm.code).toBe(0);
    expect(warm.stderr).toBe('');
    expect(world.allRequests().map((r) => `${r.server} ${r.method} ${r.path}`)).toEqual(['mistral POST /public-r1/v2/executions']);
    // Both tokens from the cache, as the first run got them.
    const sent = world.allRequests()[0].headers;
    expect(sent['x-auth-token']).toBe(world.home.issued.at(-1));
    expect(sent['x-target-auth-token']).toBe(world.target.issued.at(-1));
    expect(sent['x-target-project-id']).toBe(world.targetProject.id);
  });

  it('OS_CACHE=1 too; one private file per identity: directory 0700, files 0600, no password inside', async () => {
    const cache = cacheHome();
    const result = await runCli(['workflow-list'], { ...world.homeEnv(), ...world.targetEnv(), ...cache.env, OS_CACHE: '1' });
    expect(result.code).toBe(0);
    expect(statSync(cache.dir).mode & 0o777).toBe(0o700);
    const names = tokenFiles(cache.dir);
    expect(names).toHaveLength(2);
    for (const name of files(cache.dir)) {
      expect(statSync(join(cache.dir, name)).mode & 0o777).toBe(0o600);
      const text = readFileSync(join(cache.dir, name), 'utf8');
      expect(text).not.toContain(world.homeUser.password);
      expect(text).not.toContain(world.targetUser.password);
    }
    for (const name of names) {
      expect(name).toMatch(/^[0-9a-f]{64}\.json$/);
      expect(statSync(join(cache.dir, name)).mode & 0o777).toBe(0o600);
      const text = readFileSync(join(cache.dir, name), 'utf8');
      expect(text).not.toContain(world.homeUser.password);
      expect(text).not.toContain(world.targetUser.password);
      const cached = JSON.parse(text);
      expect(Object.keys(cached).sort()).toEqual(['catalog', 'expires_at', 'format', 'identity_url', 'password', 'project', 'token', 'user']);
      // A 16-byte salt (home and target are two credentials: two salts) and a 32-byte scrypt verifier: neither is the password.
      expect(Buffer.from(cached.password.salt, 'base64')).toHaveLength(16);
      expect(Buffer.from(cached.password.scrypt, 'base64')).toHaveLength(32);
    }
    const [a, b] = names.map((name) => JSON.parse(readFileSync(join(cache.dir, name), 'utf8')).password.salt);
    expect(a).not.toBe(b);
    // Home and target are two credentials: a joint record of both files, holding their verifiers
    // and one of its own (src/auth/token-cache.ts JointRecord), and no token.
    const [joint] = jointFiles(cache.dir);
    expect(joint).toMatch(/^joint-[0-9a-f]{64}\.json$/);
    const record = JSON.parse(readFileSync(join(cache.dir, joint), 'utf8'));
    expect(Object.keys(record).sort()).toEqual(['files', 'format', 'password']);
    expect(Object.keys(record.files).sort()).toEqual(names.map((n) => n.replace(/\.json$/, '')));
    for (const name of names) expect(record.files[name.replace(/\.json$/, '')]).toEqual(JSON.parse(readFileSync(join(cache.dir, name), 'utf8')).password);
    expect(Buffer.from(record.password.salt, 'base64')).toHaveLength(16);
    expect([a, b]).not.toContain(record.password.salt);
    expect(Buffer.from(record.password.scrypt, 'base64')).toHaveLength(32);
  });

  it('the file name comes from the identity, never from a secret; another password never gets the cached token', async () => {
    const cache = cacheHome();
    const env = { ...world.homeEnv(), ...cache.env };
    await runCli(['--os-cache', 'workflow-list'], env);
    const before = files(cache.dir);
    const cachedToken = world.home.issued.at(-1);
    world.reset();
    // A wrong password with a warm cache goes to Keystone, which refuses it; Mistral hears nothing.
    const wrong = await runCli(['--os-cache', 'workflow-list'], { ...env, OS_PASSWORD: 'another-password-entirely' });
    expect(wrong.code).toBe(1);
    expect(lines(wrong.stderr)).toEqual([expect.stringMatching(/^ERROR \(app\) .*home cloud/)]);
    expect(world.home.tokenRequests()).toHaveLength(1);
    expect(world.mistral.requests).toEqual([]);
    expect(files(cache.dir)).toEqual(before);
    // The right one still gets it, without a login.
    world.reset();
    expect((await runCli(['--os-cache', 'workflow-list'], env)).code).toBe(0);
    expect(world.home.tokenRequests()).toHaveLength(0);
    expect(world.mistral.requests[0].headers['x-auth-token']).toBe(cachedToken);
  });

  it('a changed password: the token got with the old one is not used, the new login replaces it', async () => {
    const cache = cacheHome();
    const env = { ...world.homeEnv(), ...cache.env };
    await runCli(['--os-cache', 'workflow-list'], env);
    const [name] = files(cache.dir);
    const old = world.homeUser.password;
    world.homeUser.password = newSecret('changed-home-password');
    try {
      world.reset();
      const changed = await runCli(['--os-cache', 'workflow-list'], { ...env, OS_PASSWORD: world.homeUser.password });
      expect(changed.code).toBe(0);
      expect(world.home.tokenRequests()).toHaveLength(1);
      expect(files(cache.dir)).toEqual([name]);
      expect(readFileSync(join(cache.dir, name), 'utf8')).toContain(world.home.issued.at(-1)!);
      // The old password now gets nothing from the cache (Keystone refuses it).
      world.reset();
      const stale = await runCli(['--os-cache', 'workflow-list'], { ...env, OS_PASSWORD: old });
      expect(stale.code).toBe(1);
      expect(world.mistral.requests).toEqual([]);
    } finally {
      world.homeUser.password = old;
    }
  });

  it('another TLS setting (--insecure, another CA file) is another cache file: nothing cached under one serves the other', async () => {
    const cache = cacheHome();
    const pki = testPki();
    const env = { ...world.homeEnv(), ...cache.env };
    const runs: Array<[string, Env]> = [
      ['verified', {}],
      ['insecure', { MISTRALCLIENT_INSECURE: 'true' }],
      ['CA 1', { OS_CACERT: pki.ca1 }],
      ['CA 2', { OS_CACERT: pki.ca2 }],
    ];
    for (const [what, tls] of runs) {
      world.reset();
      const result = await runCli(['--os-cache', 'workflow-list'], { ...env, ...tls });
      expect(result.code, what).toBe(0);
      expect(world.home.tokenRequests(), what).toHaveLength(1);
    }
    expect(files(cache.dir)).toHaveLength(4);
    // Each is warm for its own setting.
    for (const [what, tls] of runs) {
      world.reset();
      expect((await runCli(['--os-cache', 'workflow-list'], { ...env, ...tls })).code, what).toBe(0);
      expect(world.home.tokenRequests(), what).toHaveLength(0);
    }
  });

  it('without --os-cache nothing is kept; clouds.yaml `cache: {auth: true}` turns it on per cloud', async () => {
    const cache = cacheHome();
    await runCli(['workflow-list'], { ...world.homeEnv(), ...cache.env });
    expect(() => readdirSync(cache.dir)).toThrow();
    const { writeFileSync } = await import('node:fs');
    const clouds = join(mkdtempSync(join(tmpdir(), 'mistral-cache-clouds-')), 'clouds.yaml');
    writeFileSync(clouds, `clouds:\n  t:\n    cache: {auth: true}\n    auth: {auth_url: '${world.target.authUrl}', username: tuser, password: '${world.targetUser.password}', project_name: tproject, user_domain_name: TargetDomain, project_domain_name: TargetDomain}\n`);
    const result = await runCli(['--os-target-cloud', 't', 'workflow-list'], { ...world.homeEnv(), ...cache.env, OS_CLIENT_CONFIG_FILE: clouds });
    expect(result.code).toBe(0);
    // Only the target cloud asked for it.
    expect(files(cache.dir)).toHaveLength(1);
    expect(readFileSync(join(cache.dir, files(cache.dir)[0]), 'utf8')).toContain(world.target.issued.at(-1)!);
  });

  it('a token with less than 120 s of life left is not used', async () => {
    const cache = cacheHome();
    const env = { ...world.homeEnv(), ...cache.env };
    await runCli(['--os-cache', 'workflow-list'], env);
    world.reset();
    // The fake Keystone's tokens expire 2099-01-01T00:00:00Z.
    const nearly = await runCli(['--os-cache', 'workflow-list'], env, { clock: () => new Date('2098-12-31T23:58:30Z') });
    expect(nearly.code).toBe(0);
    expect(world.home.tokenRequests()).toHaveLength(1);
    world.reset();
    const fine = await runCli(['--os-cache', 'workflow-list'], env, { clock: () => new Date('2098-12-31T23:57:30Z') });
    expect(fine.code).toBe(0);
    expect(world.home.tokenRequests()).toHaveLength(0);
  });

  it('a 401 from Mistral for a cached token: dropped, one new login, the request sent once more', async () => {
    const cache = cacheHome();
    const env = { ...world.homeEnv(), ...cache.env };
    await runCli(['--os-cache', 'workflow-list'], env);
    const revoked = world.home.issued.at(-1);
    world.reset();
    world.mistral.acceptToken = (token) => token !== revoked;
    try {
      const result = await runCli(['--os-cache', 'workflow-list', '-c', 'Name', '-f', 'value'], env);
      expect([result.code, result.stdout, result.stderr]).toEqual([0, 'wf1\n', '']);
      expect(world.home.tokenRequests()).toHaveLength(1);
      expect(world.mistral.requests.map((r) => r.headers['x-auth-token'] === revoked)).toEqual([true, false]);
      const kept = readFileSync(join(cache.dir, files(cache.dir)[0]), 'utf8');
      expect(kept).not.toContain(revoked);
      expect(kept).toContain(world.home.issued.at(-1)!);
    } finally {
      world.mistral.acceptToken = undefined;
    }
  });

  it('a 401 for a token that did not come from the cache is not retried', async () => {
    world.mistral.acceptToken = () => false;
    try {
      const result = await runCli(['--os-cache', 'workflow-list'], { ...world.homeEnv(), ...cacheHome().env });
      expect(result.code).toBe(1);
      expect(world.mistral.requests).toHaveLength(1);
      expect(world.home.tokenRequests()).toHaveLength(1);
    } finally {
      world.mistral.acceptToken = undefined;
    }
  });

  it('never caches a token the user gave', async () => {
    const cache = cacheHome();
    const held = world.home.issueToken('huser', 'hproject');
    const result = await runCli(['--os-cache', 'workflow-list'], { OS_AUTH_URL: world.home.authUrl, OS_AUTH_TOKEN: held, OS_PROJECT_NAME: 'hproject', OS_PROJECT_DOMAIN_NAME: 'Default', ...cache.env });
    expect(result.code).toBe(0);
    expect(existsSync(cache.dir) ? files(cache.dir) : []).toEqual([]);
  });

  it('a cache directory open to others is not used, with one warning', async () => {
    const cache = cacheHome();
    mkdirSync(cache.dir, { recursive: true });
    chmodSync(cache.dir, 0o755);
    const result = await runCli(['--os-cache', 'workflow-list'], { ...world.homeEnv(), ...world.targetEnv(), ...cache.env });
    expect(result.code).toBe(0);
    expect(lines(result.stderr)).toEqual([`mistral: warning: not using the token cache: ${cache.dir} is open to others (it must be a directory of yours that only you can open: chmod 700 it, or remove it)`]);
    expect(files(cache.dir)).toEqual([]);
  });

  it('a cache directory that is a symbolic link is not used, and nothing is written where it points', async () => {
    const cache = cacheHome();
    const elsewhere = mkdtempSync(join(tmpdir(), 'mistral-cache-elsewhere-'));
    chmodSync(elsewhere, 0o700);
    mkdirSync(join(cache.dir, '..'), { recursive: true });
    symlinkSync(elsewhere, cache.dir);
    const result = await runCli(['--os-cache', 'workflow-list'], { ...world.homeEnv(), ...cache.env });
    expect(result.code).toBe(0);
    expect(lines(result.stderr)).toEqual([`mistral: warning: not using the token cache: ${cache.dir} is a symbolic link (it must be a directory of yours that only you can open: chmod 700 it, or remove it)`]);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('a cache file that is a symbolic link is not followed: one warning, replaced by a private file, its target untouched', async () => {
    const cache = cacheHome();
    const env = { ...world.homeEnv(), ...cache.env };
    await runCli(['--os-cache', 'workflow-list'], env);
    const [name] = files(cache.dir);
    const path = join(cache.dir, name);
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'mistral-cache-target-')), 'token.json');
    writeFileSync(elsewhere, readFileSync(path), { mode: 0o600 });
    const { rmSync } = await import('node:fs');
    rmSync(path);
    symlinkSync(elsewhere, path);
    world.reset();
    const result = await runCli(['--os-cache', 'workflow-list'], env);
    expect(result.code).toBe(0);
    expect(lines(result.stderr)).toEqual([`mistral: warning: not using the cached token ${path}: it is a symbolic link`]);
    expect(world.home.tokenRequests()).toHaveLength(1);
    expect(lstatSync(path).isFile()).toBe(true);
    expect(readFileSync(elsewhere, 'utf8')).not.toContain(world.home.issued.at(-1)!);
  });

  it('a cached file readable by others is not used (one warning) and is replaced by a private one', async () => {
    const cache = cacheHome();
    const env = { ...world.homeEnv(), ...cache.env };
    await runCli(['--os-cache', 'workflow-list'], env);
    const [name] = files(cache.dir);
    chmodSync(join(cache.dir, name), 0o644);
    world.reset();
    const result = await runCli(['--os-cache', 'workflow-list'], env);
    expect(result.code).toBe(0);
    expect(lines(result.stderr)).toEqual([`mistral: warning: not using the cached token ${join(cache.dir, name)}: it is open to others`]);
    expect(world.home.tokenRequests()).toHaveLength(1);
    expect(statSync(join(cache.dir, name)).mode & 0o777).toBe(0o600);
  });

  it('20 concurrent cold invocations share it safely', async () => {
    const cache = cacheHome();
    const env = { ...world.homeEnv(), ...world.targetEnv(), ...cache.env };
    const results = await Promise.all(Array.from({ length: 20 }, () => runCli(['--os-cache', 'workflow-list'], env)));
    expect(results.map((r) => [r.code, r.stderr])).toEqual(Array(20).fill([0, '']));
    expect(tokenFiles(cache.dir)).toHaveLength(2);
    expect(jointFiles(cache.dir)).toHaveLength(1);
    for (const name of files(cache.dir)) expect(() => JSON.parse(readFileSync(join(cache.dir, name), 'utf8'))).not.toThrow();
    expect(readdirSync(cache.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('token-cache-clear removes every cached token and sends nothing', async () => {
    const cache = cacheHome();
    const env = { ...world.homeEnv(), ...world.targetEnv(), ...cache.env };
    await runCli(['--os-cache', 'workflow-list'], env);
    world.reset();
    const result = await runCli(['token-cache-clear'], cache.env);
    expect([result.code, result.stdout, result.stderr]).toEqual([0, `Removed 2 cached tokens and 1 joint password record from ${cache.dir}.\n`, '']);
    expect(files(cache.dir)).toEqual([]);
    expect(world.allRequests()).toEqual([]);
  });
});

describe('--os-cache: one password check per credential and run', () => {
  // src/auth/token-cache.ts Derivations: a hit costs one scrypt derivation, so the entries of one
  // user's projects share the salt the run wrote or verified them with, and one run derives each
  // salt and secret once; a wrong secret never reuses a right one's result.
  const domain = { id: 'default', name: 'Default' };
  const user = { id: 'fu-1', name: 'fuser', domain, password: newSecret('fan-user-password') };
  const projects = ['p1', 'p2', 'p3'].map((name) => ({ id: `id-${name}`, name, domain }));
  let keystone: FakeKeystone;
  let cloudsFile: (passwords: string[]) => string;

  beforeAll(async () => {
    keystone = await startKeystone({
      name: 'fan-keystone',
      domains: [domain],
      users: [user],
      projects,
      catalog: [{ id: 'svc-c', type: 'compute', name: 'nova', endpoints: [{ id: 'ep', interface: 'public', region: 'FanRegion', region_id: 'FanRegion', url: 'http://nova.fan.invalid' }] }],
    });
    const dir = mkdtempSync(join(tmpdir(), 'mistral-cache-fan-'));
    cloudsFile = (passwords) => {
      const file = join(dir, `clouds-${passwords.join('-').length}-${Math.random().toString(16).slice(2)}.yaml`);
      const clouds = Object.fromEntries(projects.map((p, i) => [`fan-${p.name}`, { auth: { auth_url: keystone.authUrl, username: user.name, password: passwords[i], project_name: p.name }, region_name: 'FanRegion' }]));
      writeFileSync(file, stringify({ clouds }));
      return file;
    };
  });
  afterAll(async () => {
    await keystone?.close();
  });

  const targets = projects.flatMap((p) => ['--os-target-cloud', `fan-${p.name}`]);
  const salt = (dir: string, name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')).password.salt as string;

  it('three projects of one user: one derivation for them when written and when read, their files share one salt', async () => {
    const cache = cacheHome();
    const env = { ...world.homeEnv(), ...cache.env, OS_CLIENT_CONFIG_FILE: cloudsFile(projects.map(() => user.password)) };
    const scrypt = vi.spyOn(crypto, 'scrypt');
    const cold = await runCli(['--os-cache', ...targets, 'execution-create', 'wait_ok', '-f', 'value', '-c', 'State'], env);
    expect([cold.code, cold.stderr]).toEqual([0, '']);
    expect(keystone.tokenRequests()).toHaveLength(3);
    // Home, the fan user once, and the joint record of the four files.
    expect(scrypt).toHaveBeenCalledTimes(3);
    expect(jointFiles(cache.dir)).toHaveLength(1);
    const names = tokenFiles(cache.dir);
    expect(names).toHaveLength(4);
    const salts = names.map((name) => salt(cache.dir, name));
    expect(new Set(salts).size).toBe(2);
    expect(salts.filter((s) => s === salt(cache.dir, names.find((n) => readFileSync(join(cache.dir, n), 'utf8').includes(world.home.issued.at(-1)!))!))).toHaveLength(1);

    scrypt.mockClear();
    world.reset();
    const before = keystone.tokenRequests().length;
    const warm = await runCli(['--os-cache', ...targets, 'execution-create', 'wait_ok', '-f', 'value', '-c', 'State'], env);
    expect([warm.code, warm.stderr, lines(warm.stdout)]).toEqual([0, '', ['RUNNING', 'RUNNING', 'RUNNING']]);
    expect(keystone.tokenRequests()).toHaveLength(before);
    expect(world.home.tokenRequests()).toHaveLength(0);
    // The joint record alone: it vouches for both credentials' verifiers.
    expect(scrypt).toHaveBeenCalledTimes(1);
  });

  it('one of them with a wrong password beside two right ones: it is derived on its own, misses, and its login is refused; nothing starts', async () => {
    const cache = cacheHome();
    const right = { ...world.homeEnv(), ...cache.env, OS_CLIENT_CONFIG_FILE: cloudsFile(projects.map(() => user.password)) };
    expect((await runCli(['--os-cache', ...targets, 'execution-create', 'wait_ok'], right)).code).toBe(0);
    world.reset();
    const before = keystone.tokenRequests().length;
    const scrypt = vi.spyOn(crypto, 'scrypt');
    const wrongPassword = newSecret('not-the-fan-password');
    const wrong = await runCli(['--os-cache', ...targets, 'execution-create', 'wait_ok'], { ...right, OS_CLIENT_CONFIG_FILE: cloudsFile([user.password, wrongPassword, user.password]) });
    expect(wrong.code).toBe(1);
    expect(lines(wrong.stderr)).toEqual([expect.stringMatching(/^ERROR \(app\) .*fan-p2/)]);
    expect(wrong.stderr).not.toContain(wrongPassword);
    // The joint record (it misses: one secret is not the one it was written with), then each on
    // its own: home, the right password, the wrong one (the same salt, but not the same secret).
    expect(scrypt).toHaveBeenCalledTimes(4);
    expect(keystone.tokenRequests().slice(before)).toHaveLength(1);
    expect(world.mistral.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });
});

describe('--os-cache: one derivation for a run of several credentials (the joint record)', () => {
  // src/auth/token-cache.ts JointRecord: a run whose cached clouds are of two or more credentials
  // (home and a target) checks all their secrets with one derivation of a record listing their
  // files' verifiers; when it misses, each is checked on its own as before, and the record is
  // written again after the logins.
  const targetRun = (env: Env) => runCli(['--os-cache', 'execution-create', 'wf1', '-f', 'value', '-c', 'State'], env);
  const tokenRequestsSince = (before: number) => tokenRequests() - before;
  /** The target's token file: the one holding the target's last token. */
  const targetFile = (dir: string) => tokenFiles(dir).find((n) => readFileSync(join(dir, n), 'utf8').includes(world.target.issued.at(-1)!))!;
  /** A cache filled by one target run: its directory, the environment, and the joint record's path. */
  async function filledCache() {
    const cache = cacheHome();
    const env = { ...world.homeEnv(), ...world.targetEnv(), ...cache.env };
    expect((await targetRun(env)).code).toBe(0);
    return { dir: cache.dir, env, joint: join(cache.dir, jointFiles(cache.dir)[0]) };
  }
  /** A warm target run, which must log in nowhere: how many scrypt derivations it made. */
  async function derivationsOfWarmRun(env: Env): Promise<number> {
    const scrypt = vi.spyOn(crypto, 'scrypt');
    world.reset();
    const warm = await targetRun(env);
    expect([warm.code, warm.stderr]).toEqual([0, '']);
    expect(tokenRequests()).toBe(0);
    const count = scrypt.mock.calls.length;
    scrypt.mockRestore();
    return count;
  }
  /** Rewrites one of the cache's JSON files through `edit`, keeping it private. */
  function editJson(path: string, edit: (value: Record<string, any>) => void): Record<string, any> {
    const value = JSON.parse(readFileSync(path, 'utf8'));
    edit(value);
    writeFileSync(path, JSON.stringify(value), { mode: 0o600 });
    return value;
  }
  /** A verifier of `secret` with a salt of its own, as another run would have written it. */
  function anotherVerifier(secret: string) {
    const salt = crypto.randomBytes(16);
    return { salt: salt.toString('base64'), scrypt: crypto.scryptSync(secret, salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64') };
  }

  it('a home-only run writes no joint record; a target run writes one, and the next checks both passwords with one derivation', async () => {
    const cache = cacheHome();
    const env = { ...world.homeEnv(), ...world.targetEnv(), ...cache.env };
    expect((await runCli(['--os-cache', 'workflow-list'], { ...world.homeEnv(), ...cache.env })).code).toBe(0);
    expect(jointFiles(cache.dir)).toEqual([]);
    const scrypt = vi.spyOn(crypto, 'scrypt');
    const cold = await targetRun(env);
    expect([cold.code, cold.stderr]).toEqual([0, '']);
    // The home file checked, the target's written, the joint record written.
    expect(scrypt).toHaveBeenCalledTimes(3);
    expect(jointFiles(cache.dir)).toHaveLength(1);
    scrypt.mockClear();
    world.reset();
    const warm = await targetRun(env);
    expect([warm.code, warm.stderr, warm.stdout]).toEqual([0, '', 'SUCCESS\n']);
    expect(tokenRequests()).toBe(0);
    expect(scrypt).toHaveBeenCalledTimes(1);
  });

  it('a changed target password: the joint check misses, each is checked on its own, the new login is kept, and the next run needs one derivation again', async () => {
    const cache = cacheHome();
    expect((await targetRun({ ...world.homeEnv(), ...world.targetEnv(), ...cache.env })).code).toBe(0);
    const [joint] = jointFiles(cache.dir);
    const before = readFileSync(join(cache.dir, joint), 'utf8');
    const old = world.targetUser.password;
    world.targetUser.password = newSecret('changed-target-password');
    try {
      const env = { ...world.homeEnv(), ...world.targetEnv(), ...cache.env };
      const scrypt = vi.spyOn(crypto, 'scrypt');
      world.reset();
      const changed = await targetRun(env);
      expect([changed.code, changed.stderr]).toEqual([0, '']);
      expect([world.home.tokenRequests().length, world.target.tokenRequests().length]).toEqual([0, 1]);
      // The joint record (a miss), home (a hit), the target (a miss, whose derivation with the new
      // password its new file then keeps), the new joint record.
      expect(scrypt).toHaveBeenCalledTimes(4);
      expect(jointFiles(cache.dir)).toEqual([joint]);
      expect(readFileSync(join(cache.dir, joint), 'utf8')).not.toBe(before);
      scrypt.mockClear();
      world.reset();
      const next = await targetRun(env);
      expect([next.code, next.stderr]).toEqual([0, '']);
      expect(tokenRequests()).toBe(0);
      expect(scrypt).toHaveBeenCalledTimes(1);
      // The old password gets nothing from the cache: the joint record and the target's file both miss, Keystone refuses it.
      world.reset();
      const stale = await targetRun({ ...env, TARGET_OS_PASSWORD: old });
      expect(stale.code).toBe(1);
      expect(lines(stale.stderr)).toEqual([expect.stringMatching(/^ERROR \(app\) .*target cloud/)]);
      expect(world.target.tokenRequests()).toHaveLength(1);
      expect(world.mistral.requests).toEqual([]);
    } finally {
      world.targetUser.password = old;
    }
  });

  it('a token file the record lists otherwise (another run wrote it with another salt): that file is checked on its own, and the record is rewritten', async () => {
    const { dir, env, joint } = await filledCache();
    const name = targetFile(dir);
    const cached = editJson(join(dir, name), (file) => (file.password = anotherVerifier(world.targetUser.password)));
    // The joint record (a hit: home's verifier vouched for), the target's new salt, the record rewritten.
    expect(await derivationsOfWarmRun(env)).toBe(3);
    expect(JSON.parse(readFileSync(joint, 'utf8')).files[name.replace(/\.json$/, '')]).toEqual(cached.password);
    expect(await derivationsOfWarmRun(env)).toBe(1);
  });

  it('a joint record vouches only for the verifiers it was derived with: one changed in it makes the check miss, and each file is checked on its own', async () => {
    const { dir, env, joint: path } = await filledCache();
    const target = targetFile(dir).replace(/\.json$/, '');
    // A verifier of the right password, but not the one the record was derived with.
    editJson(path, (record) => (record.files[target] = anotherVerifier(world.targetUser.password)));
    // The joint record (a miss), home, the target, the record written again.
    expect(await derivationsOfWarmRun(env)).toBe(4);
    expect(JSON.parse(readFileSync(path, 'utf8')).files[target]).toEqual(JSON.parse(readFileSync(join(dir, `${target}.json`), 'utf8')).password);
  });

  it('a joint record of the wrong shape: one warning naming it, each password checked on its own, then replaced by a good one', async () => {
    const { env, joint: path } = await filledCache();
    writeFileSync(path, JSON.stringify({ format: 2, files: { x: 'not a verifier' }, password: null }), { mode: 0o600 });
    const scrypt = vi.spyOn(crypto, 'scrypt');
    world.reset();
    const before = tokenRequests();
    const warm = await targetRun(env);
    expect([warm.code, warm.stderr, warm.stdout]).toEqual([0, `mistral: warning: not using the cached password record ${path}: it is not a token cache file (it is replaced after the login)\n`, 'SUCCESS\n']);
    expect(tokenRequestsSince(before)).toBe(0);
    expect(scrypt).toHaveBeenCalledTimes(3);
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')).files)).toHaveLength(2);
    scrypt.mockClear();
    const next = await targetRun(env);
    expect([next.code, next.stderr]).toEqual([0, '']);
    expect(scrypt).toHaveBeenCalledTimes(1);
  });

  it('a joint record open to others is not used (one warning), and is replaced by a private one', async () => {
    const { env, joint: path } = await filledCache();
    chmodSync(path, 0o644);
    const scrypt = vi.spyOn(crypto, 'scrypt');
    const warm = await targetRun(env);
    expect([warm.code, warm.stderr]).toEqual([0, `mistral: warning: not using the cached password record ${path}: it is open to others\n`]);
    expect(scrypt).toHaveBeenCalledTimes(3);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

describe('--os-cache: a cache file of the wrong shape', () => {
  /** The home identity's file after one cold run, and the env that uses it. */
  async function warm(): Promise<{ env: Env; path: string; cached: Record<string, unknown> }> {
    const cache = cacheHome();
    const env = { ...world.homeEnv(), ...cache.env };
    await runCli(['--os-cache', 'workflow-list'], env);
    const path = join(cache.dir, files(cache.dir)[0]);
    return { env, path, cached: JSON.parse(readFileSync(path, 'utf8')) };
  }

  const SHAPES: Array<[string, (cached: Record<string, unknown>) => string]> = [
    ['null', () => 'null'],
    ['a list', () => '[]'],
    ['not JSON', () => '{"token": '],
    ['no user', ({ user: _, ...rest }) => JSON.stringify(rest)],
    ['user: null', (cached) => JSON.stringify({ ...cached, user: null })],
    ['catalog: null', (cached) => JSON.stringify({ ...cached, catalog: null })],
    ['a catalog entry null', (cached) => JSON.stringify({ ...cached, catalog: [null] })],
    ['an endpoint without its url', (cached) => JSON.stringify({ ...cached, catalog: [{ type: 'workflowv2', endpoints: [{ interface: 'public' }] }] })],
    ['a numeric token', (cached) => JSON.stringify({ ...cached, token: 42 })],
    ['no password verifier', ({ password: _, ...rest }) => JSON.stringify(rest)],
    ['larger than 1 MiB', (cached) => JSON.stringify({ ...cached, padding: 'x'.repeat(1 << 20) })],
  ];

  for (const [what, spoil] of SHAPES) {
    it(`${what}: a miss with one warning naming the file, then replaced by a good one`, async () => {
      const { env, path, cached } = await warm();
      writeFileSync(path, spoil(cached), { mode: 0o600 });
      world.reset();
      const result = await runCli(['--os-cache', 'workflow-list', '-c', 'Name', '-f', 'value'], env);
      expect([result.code, result.stdout]).toEqual([0, 'wf1\n']);
      expect(lines(result.stderr)).toEqual([`mistral: warning: not using the cached token ${path}: ${what === 'larger than 1 MiB' ? 'it is larger than 1048576 bytes' : 'it is not a token cache file (it is replaced after the login)'}`]);
      expect(world.home.tokenRequests()).toHaveLength(1);
      expect(JSON.parse(readFileSync(path, 'utf8')).token).toBe(world.home.issued.at(-1));
      // And the next run is warm and quiet again.
      world.reset();
      const next = await runCli(['--os-cache', 'workflow-list'], env);
      expect([next.code, next.stderr, world.home.tokenRequests().length]).toEqual([0, '', 0]);
    });
  }

  it('a file of another format (an older client) is replaced without a word', async () => {
    const { env, path, cached } = await warm();
    writeFileSync(path, JSON.stringify({ ...cached, format: 1 }), { mode: 0o600 });
    world.reset();
    const result = await runCli(['--os-cache', 'workflow-list'], env);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(world.home.tokenRequests()).toHaveLength(1);
    expect(JSON.parse(readFileSync(path, 'utf8')).format).toBe(2);
  });
});

describe('--os-cache: where the cache lives', () => {
  /** A working directory that must stay empty; the process runs in it too, where a relative path would land. */
  const emptyCwd = () => {
    const dir = mkdtempSync(join(tmpdir(), 'mistral-cache-cwd-'));
    process.chdir(dir);
    return dir;
  };
  const started = process.cwd();
  afterEach(() => process.chdir(started));

  it('a relative XDG_CACHE_HOME is ignored, as the XDG spec says: ~/.cache/mistral/auth, nothing in the current directory', async () => {
    const cwd = emptyCwd();
    const home = mkdtempSync(join(tmpdir(), 'mistral-cache-home-'));
    const result = await runCli(['--os-cache', 'workflow-list'], { ...world.homeEnv(), XDG_CACHE_HOME: 'relative-cache' }, { cwd, homeDir: home });
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(readdirSync(cwd)).toEqual([]);
    expect(files(join(home, '.cache', 'mistral', 'auth'))).toHaveLength(1);
  });

  it('an empty HOME and no absolute XDG_CACHE_HOME: the cache is off, with one warning; nothing in the current directory', async () => {
    for (const xdg of [undefined, 'relative-cache']) {
      const cwd = emptyCwd();
      world.reset();
      const result = await runCli(['--os-cache', 'workflow-list', '-c', 'Name', '-f', 'value'], { ...world.homeEnv(), ...world.targetEnv(), XDG_CACHE_HOME: xdg }, { cwd, homeDir: '' });
      expect([result.code, result.stdout]).toEqual([0, 'wf1\n']);
      expect(lines(result.stderr)).toEqual(['mistral: warning: the token cache is off: neither XDG_CACHE_HOME nor HOME is an absolute path']);
      expect(tokenRequests()).toBe(2);
      expect(readdirSync(cwd)).toEqual([]);
    }
  });

  it('token-cache-clear without an absolute place for the cache says so (exit 2)', async () => {
    const result = await runCli(['token-cache-clear'], { XDG_CACHE_HOME: 'relative-cache' }, { homeDir: 'relative-home' });
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: 'mistral token-cache-clear: error: there is no token cache to clear: neither XDG_CACHE_HOME nor HOME is an absolute path\n' });
  });
});

describe('token-cache-clear deletes only what the cache wrote', () => {
  const OURS = `${'a'.repeat(64)}.json`;
  const OUR_TEMPORARY = `.${'b'.repeat(64)}.123.0123abcd.tmp`;

  /** A directory holding files the cache never writes, and two it does. */
  function stocked(dir: string): string[] {
    mkdirSync(dir, { recursive: true });
    for (const name of ['config.json', 'notes.tmp', 'abc.json', OURS, OUR_TEMPORARY]) writeFileSync(join(dir, name), 'x', { mode: 0o600 });
    return readdirSync(dir).sort();
  }

  it('a cache directory that is a symbolic link: refused in one line (exit 1), nothing deleted where it points', async () => {
    const cache = cacheHome();
    const elsewhere = mkdtempSync(join(tmpdir(), 'mistral-clear-elsewhere-'));
    chmodSync(elsewhere, 0o700);
    const before = stocked(elsewhere);
    mkdirSync(join(cache.dir, '..'), { recursive: true });
    symlinkSync(elsewhere, cache.dir);
    const result = await runCli(['token-cache-clear'], cache.env);
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: `ERROR (app) not clearing the token cache: ${cache.dir} is a symbolic link; nothing was removed\n` });
    expect(readdirSync(elsewhere).sort()).toEqual(before);
  });

  it('a 0777 cache directory of another user: refused in one line (exit 1), nothing deleted', async () => {
    const cache = cacheHome();
    const before = stocked(cache.dir);
    chmodSync(cache.dir, 0o777);
    const other = (process.getuid?.() ?? 0) === 65534 ? 65533 : 65534;
    chownSync(cache.dir, other, other);
    const result = await runCli(['token-cache-clear'], cache.env);
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: `ERROR (app) not clearing the token cache: ${cache.dir} is owned by someone else; nothing was removed\n` });
    expect(readdirSync(cache.dir).sort()).toEqual(before);
  });

  it('a private directory of the user: only the cache\'s own names go; the rest is named in one warning', async () => {
    const cache = cacheHome();
    stocked(cache.dir);
    chmodSync(cache.dir, 0o700);
    // A link and a directory under names the cache uses are not files it wrote either.
    const outside = join(mkdtempSync(join(tmpdir(), 'mistral-clear-outside-')), 'precious');
    writeFileSync(outside, 'keep me');
    const linkName = `${'c'.repeat(64)}.json`;
    const dirName = `${'d'.repeat(64)}.json`;
    symlinkSync(outside, join(cache.dir, linkName));
    mkdirSync(join(cache.dir, dirName));
    const result = await runCli(['token-cache-clear'], cache.env);
    expect(result).toMatchObject({ code: 0, stdout: `Removed 2 cached tokens from ${cache.dir}.\n` });
    expect(lines(result.stderr)).toEqual([`mistral: warning: left 5 files in ${cache.dir} that the token cache did not write: ${['abc.json', 'config.json', linkName, dirName, 'notes.tmp'].sort().join(', ')}`]);
    expect(readdirSync(cache.dir).sort()).toEqual(['abc.json', 'config.json', linkName, dirName, 'notes.tmp'].sort());
    expect(readFileSync(outside, 'utf8')).toBe('keep me');
  });

  it('no cache directory yet: nothing to remove', async () => {
    const cache = cacheHome();
    const result = await runCli(['token-cache-clear'], cache.env);
    expect(result).toMatchObject({ code: 0, stdout: `Removed 0 cached tokens from ${cache.dir}.\n`, stderr: '' });
  });
});
