// The opt-in token cache (src/auth/token-cache.ts, README "Token cache"): one private file per
// identity, no secret in its name or body but the token, used until 120 s before expiry, dropped
// and replaced after Mistral refuses it, never for a token the user gave, and a warm cache makes a
// target execution-create exactly one HTTP request.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lines, runCli } from '../helpers/cli.js';
import { useWorld, type Env } from '../helpers/clouds.js';

const world = useWorld();

/** A fresh cache home for one test. */
function cacheHome(): { env: Env; dir: string } {
  const xdg = mkdtempSync(join(tmpdir(), 'mistral-cache-'));
  return { env: { XDG_CACHE_HOME: xdg }, dir: join(xdg, 'mistral', 'auth') };
}

const files = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
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
    const names = files(cache.dir);
    expect(names).toHaveLength(2);
    for (const name of names) {
      expect(name).toMatch(/^[0-9a-f]{64}\.json$/);
      expect(statSync(join(cache.dir, name)).mode & 0o777).toBe(0o600);
      const text = readFileSync(join(cache.dir, name), 'utf8');
      expect(text).not.toContain(world.homeUser.password);
      expect(text).not.toContain(world.targetUser.password);
      expect(Object.keys(JSON.parse(text)).sort()).toEqual(['catalog', 'expires_at', 'format', 'identity_url', 'project', 'token', 'user']);
    }
  });

  it('the file name comes from the identity, never from a secret: another password, the same file', async () => {
    const cache = cacheHome();
    await runCli(['--os-cache', 'workflow-list'], { ...world.homeEnv(), ...cache.env });
    const before = files(cache.dir);
    // A wrong password with a warm cache is not even tried: the cached token stands for the identity.
    const result = await runCli(['--os-cache', 'workflow-list'], { ...world.homeEnv({ OS_PASSWORD: 'another-password-entirely' }), ...cache.env });
    expect(result.code).toBe(0);
    expect(files(cache.dir)).toEqual(before);
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
    expect(lines(result.stderr)).toEqual([`mistral: warning: not using the token cache: ${cache.dir} is owned by someone else or open to others (chmod 700 it, or remove it)`]);
    expect(files(cache.dir)).toEqual([]);
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
    expect(lines(result.stderr)).toEqual([`mistral: warning: not using the cached token ${join(cache.dir, name)}: it is owned by someone else or open to others`]);
    expect(world.home.tokenRequests()).toHaveLength(1);
    expect(statSync(join(cache.dir, name)).mode & 0o777).toBe(0o600);
  });

  it('concurrent invocations share it safely', async () => {
    const cache = cacheHome();
    const env = { ...world.homeEnv(), ...world.targetEnv(), ...cache.env };
    const results = await Promise.all(Array.from({ length: 6 }, () => runCli(['--os-cache', 'workflow-list'], env)));
    expect(results.map((r) => r.code)).toEqual(Array(6).fill(0));
    expect(files(cache.dir)).toHaveLength(2);
    for (const name of files(cache.dir)) expect(() => JSON.parse(readFileSync(join(cache.dir, name), 'utf8'))).not.toThrow();
    expect(readdirSync(cache.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('token-cache-clear removes every cached token and sends nothing', async () => {
    const cache = cacheHome();
    const env = { ...world.homeEnv(), ...world.targetEnv(), ...cache.env };
    await runCli(['--os-cache', 'workflow-list'], env);
    world.reset();
    const result = await runCli(['token-cache-clear'], cache.env);
    expect([result.code, result.stdout, result.stderr]).toEqual([0, `Removed 2 cached tokens from ${cache.dir}.\n`, '']);
    expect(files(cache.dir)).toEqual([]);
    expect(world.allRequests()).toEqual([]);
  });
});
