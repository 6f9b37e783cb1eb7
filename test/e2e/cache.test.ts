// The token cache on the real stack (README "Token cache"): a warm cache makes a target
// execution-create one HTTP request (Keystone logs do not grow, --debug shows one request), and
// a cached token the real Mistral refuses is replaced by one new login.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, logLines, mistral, ok, openrc } from './stack.js';

const targetB = openrc('openrc-a.sh', 'target-b.sh');
const keystoneLogs = () => [logLines('ks-a/log/uwsgi.log'), logLines('ks-b/log/uwsgi.log')];

function cacheEnv(): { env: Record<string, string>; dir: string } {
  const xdg = mkdtempSync(join(tmpdir(), 'mistral-e2e-cache-'));
  return { env: { ...targetB, XDG_CACHE_HOME: xdg, OS_CACHE: '1' }, dir: join(xdg, 'mistral', 'auth') };
}

beforeAll(async () => {
  const admin = openrc('openrc-a-admin.sh');
  await mistral(['workflow-delete', 'whoami', 'e2e_wait_fail', 'e2e_wait_sleep', 'e2e_noop'], admin);
  await ok(mistral(['workflow-create', '--public', join(REPO, 'stack/whoami.yaml')], admin));
  await ok(mistral(['workflow-create', '--public', join(REPO, 'test/e2e/fixtures/e2e_wait.yaml')], admin));
});

describe('--os-cache against the real Keystones and Mistral', () => {
  it('warm: a target execution-create is exactly one HTTP request, and Keystone hears nothing', async () => {
    const { env } = cacheEnv();
    // e2e_noop asks no Keystone anything itself, so the logs count the client's requests only.
    await ok(mistral(['execution-create', 'e2e_noop', '--wait'], env));
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
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
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
