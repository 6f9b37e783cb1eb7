// The token cache on the real stack (README "Token cache"): a warm cache makes a target
// execution-create one HTTP request (Keystone logs do not grow, --debug shows one request), a
// cached token the real Mistral refuses is replaced by one new login, 20 cold processes at once
// share it, a target run leaves a joint record of both passwords' verifiers, another password or
// TLS setting never reuses what was cached under the other, a file
// of the wrong shape is replaced with one warning, an empty HOME writes nothing into the current
// directory, and token-cache-clear deletes nothing it did not write.
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, logLines, mistral, ok, openrc, stack, type Run } from './stack.js';

const targetB = openrc('openrc-a.sh', 'target-b.sh');
const keystoneLogs = () => [logLines('ks-a/log/uwsgi.log'), logLines('ks-b/log/uwsgi.log')];

function cacheEnv(): { env: Record<string, string>; dir: string } {
  const xdg = mkdtempSync(join(tmpdir(), 'mistral-e2e-cache-'));
  return { env: { ...targetB, XDG_CACHE_HOME: xdg, OS_CACHE: '1' }, dir: join(xdg, 'mistral', 'auth') };
}

beforeAll(async () => {
  const admin = openrc('openrc-a-admin.sh');
  await mistral(['workflow-delete', 'whoami', 'e2e_wait_nested', 'e2e_wait_fail', 'e2e_wait_sleep', 'e2e_noop', 'e2e_three_tasks'], admin);
  await ok(mistral(['workflow-create', '--public', join(REPO, 'stack/whoami.yaml')], admin));
  await ok(mistral(['workflow-create', '--public', join(REPO, 'test/e2e/fixtures/e2e_wait.yaml')], admin));
});

describe('--os-cache against the real Keystones and Mistral', () => {
  it('warm: a target execution-create is exactly one HTTP request, and Keystone hears nothing', async () => {
    const { env, dir } = cacheEnv();
    // e2e_noop asks no Keystone anything itself, so the logs count the client's requests only.
    await ok(mistral(['execution-create', 'e2e_noop', '--wait'], env));
    // A token file per cloud, and the joint record that checks both passwords with one derivation (README "Token cache").
    expect(readdirSync(dir).sort()).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.json$/), expect.stringMatching(/^[0-9a-f]{64}\.json$/), expect.stringMatching(/^joint-[0-9a-f]{64}\.json$/)]);
    const before = keystoneLogs();
    const warm = await mistral(['--debug', 'execution-create', 'e2e_noop', '-f', 'value', '-c', 'State'], env);
    expect(warm.code, warm.stderr).toBe(0);
    expect(warm.stdout).toBe('RUNNING\n');
    expect(warm.stderr.split('\n').filter((l) => l.startsWith('DEBUG REQ:')).map((l) => l.split(' ').slice(2, 4).join(' '))).toEqual([expect.stringMatching(/^POST http:\/\/127\.0\.0\.1:\d+\/v2\/executions$/)]);
    expect(keystoneLogs()).toEqual(before);
  });

  it('the execution started with cached tokens still runs on cloud B', async () => {
    const { env } = cacheEnv();
    await ok(mistral(['execution-create', 'whoami'], env));
    const id = (await ok(mistral(['execution-create', 'whoami', '--wait', '-f', 'value', '-c', 'ID'], env))).trim();
    const output = JSON.parse(await ok(mistral(['execution-get-output', id], env)));
    expect(output).toMatchObject({ is_target: true, token_user: 'tenantb', token_project: 'projb' });
  });

  it('a cached home token that Mistral refuses is replaced by one new login; the request goes through', async () => {
    const { env, dir } = cacheEnv();
    await ok(mistral(['workflow-list'], env));
    // Spoil the home token in its file, keeping the file well formed: Keystone will not know it.
    for (const name of readdirSync(dir).filter((f) => /^[0-9a-f]{64}\.json$/.test(f))) {
      const cached = JSON.parse(readFileSync(join(dir, name), 'utf8'));
      if (!cached.identity_url.includes(':5000/')) continue;
      cached.token = `gAAAAAB${'x'.repeat(180)}`;
      writeFileSync(join(dir, name), JSON.stringify(cached), { mode: 0o600 });
    }
    const [homeLogins] = keystoneLogs();
    const r = await mistral(['--debug', 'workflow-list', '-c', 'Name', '-f', 'value'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('whoami');
    const requests = r.stderr.split('\n').filter((l) => l.startsWith('DEBUG RESP:')).map((l) => l.split(' ').slice(2, 5).join(' ').replace(/:\d+\//, ':PORT/'));
    expect(requests.map((q) => q.replace(/\?.*? /, ' '))).toEqual(['GET http://127.0.0.1:PORT/v2/workflows 401', 'POST http://127.0.0.1:PORT/v3/auth/tokens 201', 'GET http://127.0.0.1:PORT/v2/workflows 200']);
    expect(keystoneLogs()[0]).toBeGreaterThan(homeLogins);
  });
});

/** The Keystone and Mistral requests of a --debug run, as `METHOD URL`. */
const requestsOf = (r: Run) => r.stderr.split('\n').filter((l) => l.startsWith('DEBUG REQ:')).map((l) => l.split(' ').slice(2, 4).join(' ').replace(/\?.*$/, ''));
const logsIn = (r: Run) => requestsOf(r).some((q) => q.startsWith('POST ') && q.endsWith('/auth/tokens'));

describe('--os-cache: what it never reuses, and what it never touches', () => {
  const home = openrc('openrc-a.sh');

  it('20 cold processes at once: all succeed, one private file, no temporary file left', async () => {
    const { env, dir } = cacheEnv();
    const homeOnly = { ...home, XDG_CACHE_HOME: env.XDG_CACHE_HOME, OS_CACHE: '1' };
    const runs = await Promise.all(Array.from({ length: 20 }, () => mistral(['workflow-list', '-c', 'Name', '-f', 'value'], homeOnly)));
    expect(runs.map((r) => [r.code, r.stderr])).toEqual(Array(20).fill([0, '']));
    expect(runs.every((r) => r.stdout.includes('whoami'))).toBe(true);
    const names = readdirSync(dir);
    expect(names).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.json$/)]);
    expect(JSON.parse(readFileSync(join(dir, names[0]), 'utf8')).format).toBe(2);
  });

  it('another password is refused by Keystone: the cached token is not sent to Mistral', async () => {
    const { env } = cacheEnv();
    const cached = { ...home, XDG_CACHE_HOME: env.XDG_CACHE_HOME, OS_CACHE: '1' };
    await ok(mistral(['workflow-list'], cached));
    const r = await mistral(['--debug', 'workflow-list'], { ...cached, OS_PASSWORD: 'not-the-demo-password' });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('ERROR'))).toEqual([expect.stringMatching(/^ERROR \(app\) .*home cloud/)]);
    expect(requestsOf(r)).toEqual([`POST ${stack.clouds.a.auth_url}/auth/tokens`]);
    // The right password is still served from the cache.
    const again = await mistral(['--debug', 'workflow-list'], cached);
    expect(again.code, again.stderr).toBe(0);
    expect(logsIn(again)).toBe(false);
  });

  it('--insecure and verified against the home CA each log in once: neither uses the other\'s token', async () => {
    const { env, dir } = cacheEnv();
    const tls: Record<string, string> = { ...openrc('openrc-a-tls.sh'), XDG_CACHE_HOME: env.XDG_CACHE_HOME, OS_CACHE: '1' };
    const { OS_CACERT: _, ...unverified } = tls;
    const verified = () => mistral(['--debug', 'workflow-list'], tls);
    const insecure = () => mistral(['--debug', '--insecure', 'workflow-list'], unverified);
    const sequence = [];
    for (const call of [verified, insecure, verified, insecure]) {
      const r = await call();
      expect(r.code, r.stderr).toBe(0);
      sequence.push(logsIn(r));
    }
    expect(sequence).toEqual([true, true, false, false]);
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it('a cache file holding null: one warning naming it, the command works, the file is replaced', async () => {
    const { env, dir } = cacheEnv();
    const cached = { ...home, XDG_CACHE_HOME: env.XDG_CACHE_HOME, OS_CACHE: '1' };
    await ok(mistral(['workflow-list'], cached));
    const [name] = readdirSync(dir);
    writeFileSync(join(dir, name), 'null', { mode: 0o600 });
    const r = await mistral(['workflow-list', '-c', 'Name', '-f', 'value'], cached);
    expect([r.code, r.stderr]).toEqual([0, `mistral: warning: not using the cached token ${join(dir, name)}: it is not a token cache file (it is replaced after the login)\n`]);
    expect(r.stdout).toContain('whoami');
    expect(JSON.parse(readFileSync(join(dir, name), 'utf8')).token).toMatch(/^gAAAA/);
  });

  it('an empty HOME with a relative XDG_CACHE_HOME: the cache is off with one warning, nothing in the current directory', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'mistral-e2e-cwd-'));
    const r = await new Promise<Run>((done) => {
      execFile(join(REPO, 'bin/mistral.js'), ['workflow-list', '-c', 'Name', '-f', 'value'], { cwd, env: { PATH: process.env.PATH, ...home, HOME: '', XDG_CACHE_HOME: 'cache', OS_CACHE: '1' } }, (error, stdout, stderr) =>
        done({ code: error ? Number(error.code) : 0, stdout, stderr, ms: 0 }));
    });
    expect([r.code, r.stderr]).toEqual([0, 'mistral: warning: the token cache is off: neither XDG_CACHE_HOME nor HOME is an absolute path\n']);
    expect(r.stdout).toContain('whoami');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('token-cache-clear with the cache directory a symbolic link to another directory: refused, exit 1, nothing deleted there', async () => {
    const xdg = mkdtempSync(join(tmpdir(), 'mistral-e2e-clear-'));
    const elsewhere = mkdtempSync(join(tmpdir(), 'mistral-e2e-elsewhere-'));
    chmodSync(elsewhere, 0o700);
    for (const name of ['config.json', 'notes.tmp', `${'e'.repeat(64)}.json`]) writeFileSync(join(elsewhere, name), '{}');
    mkdirSync(join(xdg, 'mistral'));
    symlinkSync(elsewhere, join(xdg, 'mistral', 'auth'));
    const r = await mistral(['token-cache-clear'], { XDG_CACHE_HOME: xdg });
    expect([r.code, r.stdout, r.stderr]).toEqual([1, '', `ERROR (app) not clearing the token cache: ${join(xdg, 'mistral', 'auth')} is a symbolic link; nothing was removed\n`]);
    expect(readdirSync(elsewhere).sort()).toEqual(['config.json', `${'e'.repeat(64)}.json`, 'notes.tmp']);
  });
});
