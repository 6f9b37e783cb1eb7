// Keystone B served a second time by a uwsgi without start.sh's `add-header = Connection: close`
// (stack/README.md "Keystone B without Connection: close"): uwsgi's http-socket then closes each
// connection after its answer without announcing it, as many deployments do. The client must work
// against it as against the patched one.
import { beforeAll, describe, expect, it } from 'vitest';
import { mistral, ok, openrc, publishWhoami, runProgram, stack, waitForExecution } from './stack.js';

const b = stack.clouds.b;

/** The response headers of GET <url>, lower-cased names. */
async function headersOf(url: string): Promise<Record<string, string>> {
  const out = await ok(runProgram('curl', ['-q', '-s', '-o', '/dev/null', '-D', '-', url]));
  return Object.fromEntries(
    out
      .split('\r\n')
      .slice(1)
      .filter((line) => line.includes(':'))
      .map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
}

beforeAll(publishWhoami);

describe('Keystone B without the Connection: close workaround', () => {
  it('answers without a Connection header, where the patched instance says close', async () => {
    expect(b.raw_auth_url).toBe('http://127.0.0.1:5002/v3');
    expect((await headersOf(b.auth_url)).connection).toBe('close');
    const raw = await headersOf(b.raw_auth_url);
    expect(raw).toHaveProperty('content-length');
    expect(raw).not.toHaveProperty('connection');
  });

  it('is the same cloud B: whoami through it runs as tenantb on projb', async () => {
    const env = { ...openrc('openrc-a.sh'), ...openrc('target-b-raw.sh') };
    expect(env.TARGET_OS_AUTH_URL).toBe(b.raw_auth_url);
    const id = (await ok(mistral(['execution-create', 'whoami', '-c', 'ID', '-f', 'value'], env))).trim();
    expect(await waitForExecution(id, env)).toBe('SUCCESS');
    const out = JSON.parse(await ok(mistral(['execution-get-output', id], env)));
    expect(out).toMatchObject({ is_target: true, token_user: 'tenantb', token_project: 'projb', token_regions: ['RegionTwo'], auth_uri: `${b.raw_auth_url}/` });
  });

  it('serves the stack-b-raw entry of clouds.yaml', async () => {
    const files = { OS_CLIENT_CONFIG_FILE: stack.clouds_yaml, OS_CLIENT_SECURE_FILE: stack.secure_yaml };
    const r = await mistral(['--os-cloud', stack.cloud_names.a, '--os-target-cloud', stack.cloud_names.b_raw, 'workflow-list', '-c', 'Name', '-f', 'value'], files);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toContain('whoami');
  });
});
