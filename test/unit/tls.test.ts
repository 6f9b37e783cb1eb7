// TLS (src/auth/tls.ts): one agent per cloud. The home CA serves the home Keystone and Mistral only, the
// target CA the target Keystone only; a TLS failure names the cloud and the URL; an unreadable
// certificate file is a usage error before any request.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lines, runCli } from '../helpers/cli.js';
import { startWorld, type World } from '../helpers/clouds.js';
import { startMistral, type FakeMistral } from '../helpers/mistral.js';
import { testPki, type TestPki } from '../helpers/tls.js';

let pki: TestPki;
/** Home Keystone and Mistral on HTTPS with CA 1, target Keystone on HTTPS with CA 2. */
let tls: World;
/** Everything on plain HTTP. */
let plain: World;
/** A Mistral whose certificate CA 1 does not sign. */
let mistralOnCa2: FakeMistral;

beforeAll(async () => {
  pki = testPki();
  tls = await startWorld({ homeTls: pki.server1, mistralTls: pki.server1, targetTls: pki.server2 });
  plain = await startWorld();
  mistralOnCa2 = await startMistral({ tls: pki.server2 }, 'mistral-ca2');
});
afterAll(async () => {
  await Promise.all([tls?.close(), plain?.close(), mistralOnCa2?.close()]);
});
beforeEach(() => {
  tls.reset();
  plain.reset();
  mistralOnCa2.reset();
});

const allRequests = () => [...tls.allRequests(), ...plain.allRequests(), ...mistralOnCa2.requests];

function expectTlsFailure(stderr: string, cloud: 'home' | 'target', url: string, flag: string): void {
  expect(lines(stderr)).toHaveLength(1);
  expect(stderr.startsWith(`ERROR (app) TLS verification failed for the ${cloud} cloud at ${url}: `)).toBe(true);
  expect(stderr).toContain(`Give the right CA with ${flag}`);
}

describe('the right CA for each cloud', () => {
  it('verifies the home Keystone and Mistral with the home CA and the target Keystone with the target CA', async () => {
    const result = await runCli(['workflow-list'], { ...tls.homeEnv({ OS_CACERT: pki.ca1 }), ...tls.targetEnv('TARGET_OS_', { TARGET_OS_CACERT: pki.ca2 }) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(tls.home.tokenRequests()).toHaveLength(1);
    expect(tls.target.tokenRequests()).toHaveLength(1);
    expect(tls.mistral.requests).toHaveLength(1);
    expect(tls.mistral.requests[0].headers['x-target-auth-uri']).toBe(`${tls.target.url}/v3/`);
    // Verified, not skipped: nothing tells Mistral the target is insecure.
    expect(tls.mistral.requests[0].headers).not.toHaveProperty('x-target-insecure');
  });

  it('works with the --os-cacert and --os-target-cacert flags too', async () => {
    const argv = ['workflow-get', 'wf1', '--os-cacert', pki.ca1, '--os-target-cacert', pki.ca2];
    const result = await runCli(argv, { ...tls.homeEnv(), ...tls.targetEnv('OS_TARGET_') });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('uses the home CA for Mistral when there is no Keystone (unauthenticated)', async () => {
    const result = await runCli(['workflow-list', '--os-mistral-url', tls.mistral.apiUrl], { OS_CACERT: pki.ca1 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(tls.mistral.requests).toHaveLength(1);
  });
});

describe('a swapped or missing CA', () => {
  it('fails for the swapped set with a message naming a cloud and its URL, exit 1, nothing sent to Mistral', async () => {
    const result = await runCli(['workflow-list'], { ...tls.homeEnv({ OS_CACERT: pki.ca2 }), ...tls.targetEnv('TARGET_OS_', { TARGET_OS_CACERT: pki.ca1 }) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const cloud = /for the (home|target) cloud/.exec(result.stderr)?.[1] as 'home' | 'target' | undefined;
    expect(cloud).toBeDefined();
    const keystone = cloud === 'home' ? tls.home : tls.target;
    expectTlsFailure(result.stderr, cloud!, `${keystone.authUrl}/auth/tokens`, cloud === 'home' ? '--os-cacert' : '--os-target-cacert');
    expect(tls.mistral.requests).toEqual([]);
  });

  it('names the target when only the target CA is wrong', async () => {
    const result = await runCli(['workflow-list'], { ...tls.homeEnv({ OS_CACERT: pki.ca1 }), ...tls.targetEnv('TARGET_OS_', { TARGET_OS_CACERT: pki.ca1 }) });
    expect(result.code).toBe(1);
    expectTlsFailure(result.stderr, 'target', `${tls.target.authUrl}/auth/tokens`, '--os-target-cacert');
    expect(tls.mistral.requests).toEqual([]);
  });

  it('names the home cloud when only the home CA is wrong', async () => {
    const result = await runCli(['workflow-list'], { ...tls.homeEnv({ OS_CACERT: pki.ca2 }), ...tls.targetEnv('TARGET_OS_', { TARGET_OS_CACERT: pki.ca2 }) });
    expect(result.code).toBe(1);
    expectTlsFailure(result.stderr, 'home', `${tls.home.authUrl}/auth/tokens`, '--os-cacert');
    expect(tls.mistral.requests).toEqual([]);
  });

  it('does not use the home CA for the target Keystone', async () => {
    // Home on plain HTTP with OS_CACERT set to the target's CA; the target itself gets no CA.
    const result = await runCli(['workflow-list'], { ...plain.homeEnv({ OS_CACERT: pki.ca2 }), ...tls.targetEnv() });
    expect(result.code).toBe(1);
    expectTlsFailure(result.stderr, 'target', `${tls.target.authUrl}/auth/tokens`, '--os-target-cacert');
    expect(plain.mistral.requests).toEqual([]);
  });

  it('does not use the target CA for the home Keystone', async () => {
    // Target on plain HTTP with the home's CA as its CA; the home itself gets no CA.
    const result = await runCli(['workflow-list'], { ...tls.homeEnv(), ...plain.targetEnv('TARGET_OS_', { TARGET_OS_CACERT: pki.ca1 }) });
    expect(result.code).toBe(1);
    expectTlsFailure(result.stderr, 'home', `${tls.home.authUrl}/auth/tokens`, '--os-cacert');
    expect(tls.mistral.requests).toEqual([]);
  });

  it('names the home cloud and the Mistral URL when Mistral is not signed by the home CA', async () => {
    const result = await runCli(['workflow-get', 'wf1', '--os-mistral-url', mistralOnCa2.apiUrl], tls.homeEnv({ OS_CACERT: pki.ca1 }));
    expect(result.code).toBe(1);
    expectTlsFailure(result.stderr, 'home', `${mistralOnCa2.apiUrl}/workflows/wf1?namespace=`, '--os-cacert');
    expect(tls.home.tokenRequests()).toHaveLength(1);
    expect(mistralOnCa2.requests).toEqual([]);
  });
});

const HOME_INSECURE = 'mistral: warning: TLS certificate verification is disabled for the home cloud (--insecure)';

describe('insecure clouds', () => {
  it('--insecure skips verification for the home Keystone and Mistral only', async () => {
    const result = await runCli(['workflow-list', '--insecure'], { ...tls.homeEnv(), ...tls.targetEnv('TARGET_OS_', { TARGET_OS_CACERT: pki.ca2 }) });
    // Said once, on stderr: an operator should not forget that verification is off.
    expect(result.stderr).toBe(`${HOME_INSECURE}\n`);
    expect(result.code).toBe(0);
    expect(tls.mistral.requests[0].headers).not.toHaveProperty('x-target-insecure');
  });

  it('--insecure does not make the target insecure', async () => {
    const result = await runCli(['workflow-list', '--insecure'], { ...tls.homeEnv(), ...tls.targetEnv() });
    expect(result.code).toBe(1);
    const [warning, ...rest] = lines(result.stderr);
    expect(warning).toBe(HOME_INSECURE);
    expectTlsFailure(rest.join('\n'), 'target', `${tls.target.authUrl}/auth/tokens`, '--os-target-cacert');
  });

  it('an insecure target skips verification for the target Keystone and says so to Mistral', async () => {
    const result = await runCli(['workflow-list'], { ...tls.homeEnv({ OS_CACERT: pki.ca1 }), ...tls.targetEnv('TARGET_OS_', { TARGET_OS_INSECURE: 'yes' }) });
    expect(result.stderr).toBe('mistral: warning: TLS certificate verification is disabled for the target cloud (--os-target-insecure)\n');
    expect(result.code).toBe(0);
    expect(tls.mistral.requests[0].headers['x-target-insecure']).toBe('True');
  });
});

describe('certificate files that cannot be read', () => {
  const cases: Array<[string, () => Record<string, string | undefined>, string | (() => string)]> = [
    ['an unreadable home CA', () => ({ ...tls.homeEnv({ OS_CACERT: '/nonexistent/home-ca.pem' }), ...tls.targetEnv() }), "cannot read the home cloud CA certificate '/nonexistent/home-ca.pem' given by --os-cacert (OS_CACERT): ENOENT"],
    ['an unreadable target CA', () => ({ ...tls.homeEnv(), ...tls.targetEnv('TARGET_OS_', { TARGET_OS_CACERT: '/nonexistent/target-ca.pem' }) }), "cannot read the target cloud CA certificate '/nonexistent/target-ca.pem' given by --os-target-cacert (TARGET_OS_CACERT or OS_TARGET_CACERT): ENOENT"],
    ['a directory as the target CA', () => ({ ...tls.homeEnv(), ...tls.targetEnv('OS_TARGET_', { OS_TARGET_CACERT: pki.dir }) }), () => `cannot read the target cloud CA certificate '${pki.dir}' given by --os-target-cacert (TARGET_OS_CACERT or OS_TARGET_CACERT): EISDIR`],
    ['an unreadable home client certificate', () => tls.homeEnv({ OS_CERT: '/nonexistent/client.pem' }), "cannot read the home cloud client certificate '/nonexistent/client.pem' given by --os-cert (OS_CERT): ENOENT"],
    ['an unreadable target client key', () => ({ ...tls.homeEnv(), ...tls.targetEnv('TARGET_OS_', { TARGET_OS_KEY: '/nonexistent/client.key' }) }), "cannot read the target cloud client key '/nonexistent/client.key' given by --os-target-key (TARGET_OS_KEY or OS_TARGET_KEY): ENOENT"],
  ];
  for (const [name, env, message] of cases) {
    it(`${name} is a usage error (exit 2) before any request`, async () => {
      const result = await runCli(['workflow-list'], env());
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(`mistral workflow-list: error: ${typeof message === 'function' ? message() : message}\n`);
      expect(allRequests()).toEqual([]);
    });
  }
});

describe('a client certificate and its key go together', () => {
  it('a certificate without its key is a usage error (it would silently send no certificate)', async () => {
    const result = await runCli(['workflow-list'], tls.homeEnv({ OS_CACERT: pki.ca1, OS_CERT: `${pki.dir}/server1.pem` }));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`mistral workflow-list: error: the home cloud client certificate '${`${pki.dir}/server1.pem`}' given by --os-cert (OS_CERT) needs its key: give --os-key (OS_KEY), or put the key in the same PEM file\n`);
    expect(allRequests()).toEqual([]);
  });

  it('a key without its certificate is a usage error', async () => {
    const result = await runCli(['workflow-list'], { ...tls.homeEnv({ OS_CACERT: pki.ca1 }), ...tls.targetEnv('TARGET_OS_', { TARGET_OS_CACERT: pki.ca2, TARGET_OS_KEY: `${pki.dir}/server1.key` }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('mistral workflow-list: error: the target cloud client key given by --os-target-key (TARGET_OS_KEY or OS_TARGET_KEY) needs its certificate: give --os-target-cert (TARGET_OS_CERT or OS_TARGET_CERT) too\n');
  });

  it('one PEM file holding both works, as python-requests accepts it', async () => {
    const { writeFileSync } = await import('node:fs');
    const combined = `${pki.dir}/combined-${process.pid}.pem`;
    writeFileSync(combined, pki.server1.cert + pki.server1.key);
    const result = await runCli(['workflow-list'], tls.homeEnv({ OS_CACERT: pki.ca1, OS_CERT: combined }));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
