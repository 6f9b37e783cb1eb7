// The home cloud over HTTPS (README "Settings: flags and environment", TLS per cloud): nginx serves Keystone A and Mistral with a home CA of their own
// (not the target's), and a third port that also asks for a client certificate the home CA signed.
// A's catalog lists the https endpoints in regions RegionOneTLS and RegionOneMTLS, so the Mistral URL
// the client finds there is https too. TLS settings that reached Keystone but not Mistral were
// python-mistralclient's most reported bug class; here each CA must serve exactly its own cloud and
// every request to it (stack/README.md "HTTPS for cloud A").
import { beforeAll, describe, expect, it } from 'vitest';
import { mistral, ok, openrc, publishWhoami, stack, waitForExecution } from './stack.js';

const A = stack.clouds.a;
const homeCa = stack.tls.home_ca;
const targetCa = stack.tls.target_ca;
const tls = openrc('openrc-a-tls.sh'); // OS_CACERT = home CA, region RegionOneTLS
const mtls = openrc('openrc-a-mtls.sh'); // OS_CACERT, OS_CERT, OS_KEY, region RegionOneMTLS
const targetTls = openrc('target-b-tls.sh'); // TARGET_OS_CACERT = target CA, Keystone B over https
const without = (env: Record<string, string>, ...names: string[]) =>
  Object.fromEntries(Object.entries(env).filter(([name]) => !names.includes(name)));
const names = (stdout: string) => stdout.trim().split('\n');
// Node's text for a certificate that no given CA signed (UNABLE_TO_VERIFY_LEAF_SIGNATURE).
const UNVERIFIED = 'unable to verify the first certificate';

beforeAll(publishWhoami);

describe('the home cloud over HTTPS with its private CA', () => {
  it('workflow-list: the token from Keystone A over https, then the https Mistral URL of region RegionOneTLS', async () => {
    const r = await mistral(['--debug', 'workflow-list', '-c', 'Name', '-f', 'value'], tls);
    expect(r.code, r.stderr).toBe(0);
    expect(names(r.stdout)).toContain('whoami');
    const requests = r.stderr.split('\n').filter((line) => line.startsWith('DEBUG REQ: '));
    expect(requests[0]).toMatch(new RegExp(`^DEBUG REQ: POST ${A.tls_auth_url}/auth/tokens `));
    expect(requests[1]).toMatch(new RegExp(`^DEBUG REQ: GET ${stack.mistral.tls_url}/workflows\\?`));
  });

  it('execution-create whoami on target B over https: OS_CACERT for the home cloud and TARGET_OS_CACERT for the target at once', async () => {
    const env = { ...tls, ...targetTls };
    expect(env.OS_CACERT).toBe(homeCa);
    expect(env.TARGET_OS_CACERT).toBe(targetCa);
    const id = (await ok(mistral(['execution-create', 'whoami', '-c', 'ID', '-f', 'value'], env))).trim();
    expect(await waitForExecution(id, env)).toBe('SUCCESS');
    const out = JSON.parse(await ok(mistral(['execution-get-output', id], env)));
    expect(out).toMatchObject({ is_target: true, token_user: 'tenantb', token_project: 'projb', auth_uri: `${stack.clouds.b.tls_auth_url}/` });
  });

  it("the target's CA given for the home cloud fails, naming the home cloud and its URL", async () => {
    const r = await mistral(['workflow-list'], { ...tls, ...targetTls, OS_CACERT: targetCa });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`ERROR (app) TLS verification failed for the home cloud at ${A.tls_auth_url}/auth/tokens: ${UNVERIFIED}. Give the right CA with --os-cacert\n`);
  });

  it("the home CA given for the target cloud fails, naming the target cloud and its URL", async () => {
    const r = await mistral(['workflow-list'], { ...tls, ...targetTls, TARGET_OS_CACERT: homeCa });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`ERROR (app) TLS verification failed for the target cloud at ${stack.clouds.b.tls_auth_url}/auth/tokens: ${UNVERIFIED}. Give the right CA with --os-target-cacert\n`);
  });

  it('no CA at all: a TLS error naming the home cloud and the Keystone URL', async () => {
    const r = await mistral(['workflow-list'], without(tls, 'OS_CACERT'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`ERROR (app) TLS verification failed for the home cloud at ${A.tls_auth_url}/auth/tokens: ${UNVERIFIED}. Give the right CA with --os-cacert\n`);
  });

  it('--insecure works without the CA and warns once on stderr that verification is off', async () => {
    const r = await mistral(['--insecure', 'workflow-list', '-c', 'Name', '-f', 'value'], without(tls, 'OS_CACERT'));
    expect(r.code).toBe(0);
    expect(names(r.stdout)).toContain('whoami');
    expect(r.stderr).toBe('mistral: warning: TLS certificate verification is disabled for the home cloud (--insecure)\n');
  });

  it('MISTRALCLIENT_INSECURE=true does the same, with the same one warning', async () => {
    const r = await mistral(['workflow-list', '-c', 'Name', '-f', 'value'], { ...without(tls, 'OS_CACERT'), MISTRALCLIENT_INSECURE: 'true' });
    expect(r.code).toBe(0);
    expect(names(r.stdout)).toContain('whoami');
    expect(r.stderr).toBe('mistral: warning: TLS certificate verification is disabled for the home cloud (--insecure)\n');
  });
});

describe('the Mistral URL from the catalog is verified with the home CA too, not only Keystone', () => {
  // Keystone over plain http, but region RegionOneTLS: only the Mistral request meets TLS.
  const httpKeystoneTlsMistral = { ...openrc('openrc-a.sh'), OS_REGION_NAME: 'RegionOneTLS' };

  it('without OS_CACERT the Mistral request fails, naming the home cloud and the https Mistral URL', async () => {
    const r = await mistral(['workflow-list'], httpKeystoneTlsMistral);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^ERROR \\(app\\) TLS verification failed for the home cloud at ${stack.mistral.tls_url}/workflows\\?[^ ]+: ${UNVERIFIED}\\. Give the right CA with --os-cacert\\n$`));
  });

  it("with the target's CA instead of the home CA it fails the same way", async () => {
    const r = await mistral(['workflow-list'], { ...httpKeystoneTlsMistral, OS_CACERT: targetCa });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^ERROR \\(app\\) TLS verification failed for the home cloud at ${stack.mistral.tls_url}/workflows\\?`));
  });

  it('with OS_CACERT it works', async () => {
    const r = await mistral(['workflow-list', '-c', 'Name', '-f', 'value'], { ...httpKeystoneTlsMistral, OS_CACERT: homeCa });
    expect(r.code, r.stderr).toBe(0);
    expect(names(r.stdout)).toContain('whoami');
  });
});

describe('the port that requires a client certificate signed by the home CA', () => {
  const noCert = without(mtls, 'OS_CERT', 'OS_KEY');

  it('works with --os-cert and --os-key, for Keystone and for the Mistral URL of region RegionOneMTLS', async () => {
    const r = await mistral(['--debug', '--os-cert', stack.tls.home_client_cert, '--os-key', stack.tls.home_client_key, 'workflow-list', '-c', 'Name', '-f', 'value'], noCert);
    expect(r.code, r.stderr).toBe(0);
    expect(names(r.stdout)).toContain('whoami');
    expect(r.stderr).toContain(`DEBUG REQ: GET ${stack.mistral.mtls_url}/workflows?`);
  });

  it('works with OS_CERT and OS_KEY (openrc-a-mtls.sh) and with the stack-a-mtls entry of clouds.yaml', async () => {
    expect(names(await ok(mistral(['workflow-list', '-c', 'Name', '-f', 'value'], mtls)))).toContain('whoami');
    const files = { OS_CLIENT_CONFIG_FILE: stack.clouds_yaml, OS_CLIENT_SECURE_FILE: stack.secure_yaml };
    expect(names(await ok(mistral(['--os-cloud', stack.cloud_names.a_mtls, 'workflow-list', '-c', 'Name', '-f', 'value'], files)))).toContain('whoami');
  });

  it('without them nginx answers 400 and the client says that a client certificate is needed', async () => {
    const r = await mistral(['workflow-list'], noCert);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `ERROR (app) Keystone refused the request: HTTP 400 Bad Request (text/html): "400 No required SSL certificate was sent"; the server wants a client certificate: give one with --os-cert and --os-key (home cloud Keystone at ${A.mtls_auth_url}/auth/tokens)\n`,
    );
  });

  it('a client certificate from another CA is refused, and the client says the certificate was refused', async () => {
    // Signed by the stack's unrelated CA: nginx checks it against the home CA and refuses it.
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'mistral-e2e-wrong-cert-'));
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=intruder');
    openssl('x509', '-req', '-in', 'client.csr', '-CA', stack.tls.other_ca, '-CAkey', stack.tls.other_ca.replace(/\.pem$/, '-key.pem'), '-set_serial', '7', '-days', '1', '-out', 'client.pem');
    const r = await mistral(['--os-cert', join(dir, 'client.pem'), '--os-key', join(dir, 'client.key'), 'workflow-list'], noCert);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `ERROR (app) Keystone refused the request: HTTP 400 Bad Request (text/html): "400 The SSL certificate error"; the server refused the client certificate given (not signed by a CA it trusts, or expired): check --os-cert and --os-key (home cloud Keystone at ${A.mtls_auth_url}/auth/tokens)\n`,
    );
  });

  it('Mistral behind that port needs the certificate as well: a token from plain Keystone A is not enough', async () => {
    const viaMtls = { ...openrc('openrc-a.sh'), OS_MISTRAL_URL: stack.mistral.mtls_url, OS_CACERT: homeCa };
    const refused = await mistral(['workflow-list'], viaMtls);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(`^ERROR \\(app\\) Mistral answered GET ${stack.mistral.mtls_url}/workflows\\?\\S+ with HTTP 400 Bad Request \\(text/html\\): "400 No required SSL certificate was sent"; the server wants a client certificate: give one with --os-cert and --os-key\\n$`),
    );
    const served = await mistral(['workflow-list', '-c', 'Name', '-f', 'value'], { ...viaMtls, OS_CERT: stack.tls.home_client_cert, OS_KEY: stack.tls.home_client_key });
    expect(served.code, served.stderr).toBe(0);
    expect(names(served.stdout)).toContain('whoami');
  });
});
