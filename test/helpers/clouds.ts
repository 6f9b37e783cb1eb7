// The standard two-cloud world: a home Keystone whose catalog points at a fake Mistral (several
// interface/region endpoints, told apart by path prefix, plus decoys on another fake Mistral), a
// target Keystone, and the environment/flag sets that describe them.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startKeystone, type ApplicationCredential, type CatalogService, type Domain, type FakeKeystone, type Project, type User } from './keystone.js';
import { startMistral, type FakeMistral } from './mistral.js';
import { newSecret } from './secrets.js';
import type { RecordedRequest, TlsIdentity } from './server.js';

export type Env = Record<string, string | undefined>;

export const HOME_DOMAIN: Domain = { id: 'default', name: 'Default' };
export const TARGET_DOMAIN: Domain = { id: 'td-2222', name: 'TargetDomain' };

export interface WorldOptions {
  homeTls?: TlsIdentity;
  targetTls?: TlsIdentity;
  mistralTls?: TlsIdentity;
  delayMs?: number;
}

export interface World {
  home: FakeKeystone;
  target: FakeKeystone;
  mistral: FakeMistral;
  /** Catalog decoys (wrong service type, wrong region) point here; it must stay untouched. */
  decoy: FakeMistral;
  homeUser: User;
  homeProject: Project;
  targetUser: User;
  targetProject: Project;
  /** An application credential of huser in hproject (home) and of tuser in tproject (target). */
  homeAppCred: ApplicationCredential;
  targetAppCred: ApplicationCredential;
  /** A home user whose multi-factor rules ask for password + totp; its passcode is fixed. */
  mfaUser: User;
  /** A home cloud as an openrc file describes it (password auth, region RegionOne). */
  homeEnv(overrides?: Env): Env;
  /** A complete target by password in one variable spelling. */
  targetEnv(prefix?: 'TARGET_OS_' | 'OS_TARGET_', overrides?: Env): Env;
  /** The same complete target as --os-target-* flags. */
  targetFlags(): string[];
  allRequests(): RecordedRequest[];
  reset(): void;
  close(): Promise<void>;
}

function workflowCatalog(mistral: FakeMistral, decoy: FakeMistral, keystoneUrl: string): CatalogService[] {
  const ep = (id: string, iface: string, region: string, url: string) => ({ id, interface: iface, region, region_id: region, url });
  return [
    { id: 'svc-identity', type: 'identity', name: 'keystone', endpoints: [ep('ep-id-pub', 'public', 'RegionOne', `${keystoneUrl}/v3`)] },
    // The v1-era service type: a client that ignores the service type would land on the decoy.
    { id: 'svc-wf1', type: 'workflow', name: 'mistral-v1', endpoints: [ep('ep-wf1', 'public', 'RegionOne', `${decoy.url}/wrong-type/v2`)] },
    {
      id: 'svc-wf2',
      type: 'workflowv2',
      name: 'mistral',
      // Order matters: a client ignoring the interface would pick admin; one ignoring the region
      // would pick the first of each interface (internal-r2, public-r1).
      endpoints: [
        ep('ep-admin-r1', 'admin', 'RegionOne', `${mistral.url}/admin-r1/v2`),
        ep('ep-internal-r2', 'internal', 'RegionTwo', `${mistral.url}/internal-r2/v2`),
        ep('ep-public-r1', 'public', 'RegionOne', `${mistral.url}/public-r1/v2/`),
        ep('ep-internal-r1', 'internal', 'RegionOne', `${mistral.url}/internal-r1/v2`),
        ep('ep-public-r2', 'public', 'RegionTwo', `${mistral.url}/public-r2/v2`),
        ep('ep-decoy-r9', 'public', 'RegionNine', `${decoy.url}/wrong-region/v2`),
      ],
    },
  ];
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const mistral = await startMistral({ tls: options.mistralTls });
  const decoy = await startMistral({ tls: options.mistralTls }, 'decoy');
  const homeUser: User = { id: 'hu-1111', name: 'huser', domain: HOME_DOMAIN, password: newSecret('home-password') };
  const homeProject: Project = { id: 'hp-1111', name: 'hproject', domain: HOME_DOMAIN };
  const targetUser: User = { id: 'tu-2222', name: 'tuser', domain: TARGET_DOMAIN, password: newSecret('target-password') };
  const targetProject: Project = { id: 'tp-2222', name: 'tproject', domain: TARGET_DOMAIN };
  const homeAppCred: ApplicationCredential = { id: 'hac-1111', name: 'ci-home', userId: homeUser.id, secret: newSecret('home-app-secret'), projectId: homeProject.id };
  const targetAppCred: ApplicationCredential = { id: 'tac-2222', name: 'ci-target', userId: targetUser.id, secret: newSecret('target-app-secret'), projectId: targetProject.id, restricted: false };
  const mfaUser: User = { id: 'mu-3333', name: 'mfauser', domain: HOME_DOMAIN, password: newSecret('mfa-password'), passcode: '246810', mfaRules: [['password', 'totp']] };

  const home = await startKeystone({
    name: 'home-keystone',
    domains: [HOME_DOMAIN],
    users: [homeUser, mfaUser],
    projects: [homeProject],
    applicationCredentials: [homeAppCred],
    tls: options.homeTls,
    delayMs: options.delayMs,
  });
  // The catalog needs the Keystone's own URL; fill it in once the port is known.
  const catalog = workflowCatalog(mistral, decoy, home.url);
  const target = await startKeystone({
    name: 'target-keystone',
    domains: [TARGET_DOMAIN, { id: 'default', name: 'Default' }],
    users: [targetUser],
    projects: [targetProject],
    applicationCredentials: [targetAppCred],
    tls: options.targetTls,
    delayMs: options.delayMs,
    catalog: [{ id: 'svc-compute', type: 'compute', name: 'nova', endpoints: [{ id: 'ep-c', interface: 'public', region: 'TargetRegion', region_id: 'TargetRegion', url: 'http://nova.target.invalid/v2.1' }] }],
  });
  home.setCatalog(catalog);

  const servers = [home, target, mistral, decoy];
  return {
    home,
    target,
    mistral,
    decoy,
    homeUser,
    homeProject,
    targetUser,
    targetProject,
    homeAppCred,
    targetAppCred,
    mfaUser,
    homeEnv: (overrides = {}) =>
      clean({
        OS_AUTH_URL: home.authUrl,
        OS_USERNAME: homeUser.name,
        OS_PASSWORD: homeUser.password,
        OS_PROJECT_NAME: homeProject.name,
        OS_USER_DOMAIN_NAME: 'Default',
        OS_PROJECT_DOMAIN_NAME: 'Default',
        OS_IDENTITY_API_VERSION: '3',
        OS_REGION_NAME: 'RegionOne',
        ...overrides,
      }),
    targetEnv: (prefix = 'TARGET_OS_', overrides = {}) =>
      clean({
        [`${prefix}AUTH_URL`]: target.authUrl,
        [`${prefix}USERNAME`]: targetUser.name,
        [`${prefix}PASSWORD`]: targetUser.password,
        [`${prefix}PROJECT_NAME`]: targetProject.name,
        [`${prefix}USER_DOMAIN_NAME`]: TARGET_DOMAIN.name,
        [`${prefix}PROJECT_DOMAIN_NAME`]: TARGET_DOMAIN.name,
        [`${prefix}REGION_NAME`]: 'TargetRegion',
        ...overrides,
      }),
    targetFlags: () => [
      '--os-target-auth-url', target.authUrl,
      '--os-target-username', targetUser.name,
      '--os-target-password', targetUser.password,
      '--os-target-project-name', targetProject.name,
      '--os-target-user-domain-name', TARGET_DOMAIN.name,
      '--os-target-project-domain-name', TARGET_DOMAIN.name,
      '--os-target-region-name', 'TargetRegion',
    ],
    allRequests: () => servers.flatMap((s) => s.requests),
    reset: () => servers.forEach((s) => s.reset()),
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}

/** Variables set to undefined in overrides are removed (so a test can drop one). */
function clean(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));
}


/**
 * The world of one test file: started before its tests, reset before each (then `eachTest` runs),
 * closed after all. The returned object stands for the current world.
 */
export function useWorld(options: WorldOptions = {}, eachTest?: (world: World) => void): World {
  let current: World | undefined;
  beforeAll(async () => {
    current = await startWorld(options);
  });
  afterAll(async () => {
    await current?.close();
  });
  beforeEach(() => {
    current!.reset();
    eachTest?.(current!);
  });
  return new Proxy({} as World, { get: (_target, property) => Reflect.get(current!, property, current) });
}
