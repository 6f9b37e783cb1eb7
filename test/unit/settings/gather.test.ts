// The precedence table of src/settings/gather.ts, exhaustively: for the home and the target cloud,
// for several settings, every combination of sources (flag, variable, --env-file, the target's
// openrc, secure.yaml, clouds.yaml) gives the value of the highest one present, with that source.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { UsageError } from '../../../src/errors.js';
import { describeSource, gatherSettings, type SourceKind } from '../../../src/settings/gather.js';
import { optionFor, type CloudRole, type CloudSetting } from '../../../src/settings/options.js';

const dir = mkdtempSync(join(tmpdir(), 'mistral-gather-'));
let fileCount = 0;
function file(name: string, text: string): string {
  const path = join(dir, `${fileCount++}-${name}`);
  writeFileSync(path, text);
  return path;
}

/** Where each setting sits in a clouds.yaml entry. */
const ENTRY_KEY: Partial<Record<CloudSetting, string[]>> = {
  auth_url: ['auth', 'auth_url'],
  username: ['auth', 'username'],
  password: ['auth', 'password'],
  project_name: ['auth', 'project_name'],
  user_domain_id: ['auth', 'user_domain_id'],
  region_name: ['region_name'],
  cacert: ['cacert'],
};

function entryWith(path: string[] | undefined, value: string): Record<string, unknown> {
  const entry: Record<string, unknown> = { description: 'an entry' };
  if (!path) return entry;
  let node = entry;
  path.slice(0, -1).forEach((key) => (node = (node[key] ??= {}) as Record<string, unknown>));
  node[path[path.length - 1]] = value;
  return entry;
}

type Layer = 'flag' | 'env' | 'env-file' | 'openrc' | 'secure.yaml' | 'clouds.yaml';
const ORDER: Layer[] = ['flag', 'env', 'env-file', 'openrc', 'secure.yaml', 'clouds.yaml'];

/** Runs gatherSettings with `setting` given by each of `layers` (a distinct value each). */
async function gatherWith(role: CloudRole, setting: CloudSetting, layers: Layer[]) {
  const option = optionFor(role, setting)!;
  const homeSpelling = optionFor('home', setting)!.env[0];
  const value = (layer: Layer) => `${layer}-${setting}`;
  const flags: Record<string, string | string[]> = {};
  const env: Record<string, string> = {};
  const path = ENTRY_KEY[setting];
  // A named cloud always exists; the layers decide whether it holds the setting.
  const cloudEntry = layers.includes('clouds.yaml') ? entryWith(path, value('clouds.yaml')) : entryWith(undefined, '');
  env.OS_CLIENT_CONFIG_FILE = file('clouds.yaml', stringify({ clouds: { c: cloudEntry } }));
  if (layers.includes('secure.yaml')) env.OS_CLIENT_SECURE_FILE = file('secure.yaml', stringify({ clouds: { c: entryWith(path, value('secure.yaml')) } }));
  if (role === 'home') flags.cloud = 'c';
  else flags.targetCloud = ['c'];
  if (layers.includes('flag')) flags[option.key] = value('flag');
  if (layers.includes('env')) env[option.env[0]] = value('env');
  if (layers.includes('env-file')) flags.envFile = [file('ci.env', `export ${option.env[0]}="${value('env-file')}"\n`)];
  if (layers.includes('openrc')) flags.targetOpenrc = file('openrc.sh', `export ${homeSpelling}=${value('openrc')}\n`);
  const config = await gatherSettings({ flags, env, cwd: dir, homeDir: dir });
  const cloud = role === 'home' ? config.home : config.targets[0];
  return { found: cloud.settings[setting], value };
}

/** Every subset of the given layers. */
function subsets<T>(items: T[]): T[][] {
  return items.reduce<T[][]>((all, item) => [...all, ...all.map((s) => [...s, item])], [[]]).filter((s) => s.length > 0);
}

describe('precedence: flag > variable > --env-file > openrc (target) > secure.yaml > clouds.yaml', () => {
  const settings: CloudSetting[] = ['auth_url', 'username', 'password', 'project_name', 'user_domain_id', 'region_name', 'cacert'];
  for (const role of ['home', 'target'] as const) {
    const layers = ORDER.filter((l) => role === 'target' || l !== 'openrc');
    for (const setting of settings) {
      it(`${role} ${setting}: the highest of every combination of ${layers.length} sources wins`, async () => {
        for (const given of subsets(layers)) {
          const winner = ORDER.find((l) => given.includes(l))!;
          const { found, value } = await gatherWith(role, setting, given);
          expect({ given, value: found?.value, kind: found?.source.kind }).toEqual({ given, value: value(winner), kind: winner as SourceKind });
        }
      });
    }
  }
});

describe('sources are named as a person would look for them', () => {
  it('names the flag, the variable, the env file, the openrc and the clouds.yaml entry', async () => {
    const role = 'target';
    const described = async (layers: Layer[]) => describeSource((await gatherWith(role, 'username', layers)).found!.source);
    expect(await described(['flag'])).toBe('--os-target-username');
    expect(await described(['env'])).toBe('TARGET_OS_USERNAME');
    expect(await described(['env-file'])).toMatch(/^env-file:\/.*-ci\.env TARGET_OS_USERNAME$/);
    expect(await described(['openrc'])).toMatch(/^openrc:\/.*-openrc\.sh OS_USERNAME$/);
    expect(await described(['secure.yaml'])).toMatch(/^secure\.yaml:\/.*-secure\.yaml cloud c$/);
    expect(await described(['clouds.yaml'])).toMatch(/^clouds\.yaml:\/.*-clouds\.yaml cloud c$/);
  });

  it('a default is a default', async () => {
    const config = await gatherSettings({ flags: {}, env: {}, cwd: dir, homeDir: dir });
    expect(config.home.settings.service_type).toEqual({ value: 'workflowv2', source: { kind: 'default' } });
  });
});

describe('the target never reads plain OS_* variables', () => {
  it('OS_USERNAME and OS_PASSWORD stay with the home cloud', async () => {
    const config = await gatherSettings({ flags: { targetCloud: ['c'] }, env: { OS_USERNAME: 'home-user', OS_PASSWORD: 'home-password', OS_CLIENT_CONFIG_FILE: file('clouds.yaml', stringify({ clouds: { c: { auth: { username: 'cloud-user' } } } })) }, cwd: dir, homeDir: dir });
    expect(config.home.settings.username?.value).toBe('home-user');
    expect(config.targets[0].settings.username?.value).toBe('cloud-user');
    expect(config.targets[0].settings.password).toBeUndefined();
  });
});

describe('variables and files', () => {
  it('the real environment wins over --env-file, and a later env file over an earlier one', async () => {
    const first = file('first.env', 'OS_USERNAME=first\nOS_PROJECT_NAME=first-project\nOS_REGION_NAME=first-region\n');
    const second = file('second.env', 'OS_USERNAME=second\nOS_PROJECT_NAME=second-project\n');
    const config = await gatherSettings({ flags: { envFile: [first, second] }, env: { OS_USERNAME: 'real' }, cwd: dir, homeDir: dir });
    expect(config.home.settings.username?.value).toBe('real');
    expect(config.home.settings.project_name?.value).toBe('second-project');
    expect(config.home.settings.region_name?.value).toBe('first-region');
  });

  it("reads Horizon's openrc: shell logic skipped, `$OS_PASSWORD_INPUT` counts as not set", async () => {
    const openrc = file('horizon-openrc.sh', [
      '#!/usr/bin/env bash',
      'export OS_AUTH_URL=https://keystone.example:5000/v3',
      'export OS_PROJECT_ID=0123456789abcdef',
      'export OS_PROJECT_NAME="projb"',
      'export OS_USER_DOMAIN_NAME="Default"',
      'if [ -z "$OS_USER_DOMAIN_NAME" ]; then unset OS_USER_DOMAIN_NAME; fi',
      'unset OS_TENANT_ID',
      'export OS_USERNAME="tenantb"',
      'echo "Please enter your OpenStack Password for project $OS_PROJECT_NAME as user $OS_USERNAME: "',
      'read -sr OS_PASSWORD_INPUT',
      'export OS_PASSWORD=$OS_PASSWORD_INPUT',
      "export OS_REGION_NAME='RegionTwo' # the region",
      'export OS_INTERFACE=public',
      '',
    ].join('\n'));
    const config = await gatherSettings({ flags: { targetOpenrc: openrc }, env: {}, cwd: dir, homeDir: dir });
    const target = config.targets[0].settings;
    expect(Object.fromEntries(Object.entries(target).map(([k, v]) => [k, v!.value]))).toEqual({
      auth_url: 'https://keystone.example:5000/v3',
      project_id: '0123456789abcdef',
      project_name: 'projb',
      user_domain_name: 'Default',
      username: 'tenantb',
      region_name: 'RegionTwo',
    });
    expect(config.home.settings.username).toBeUndefined();
  });

  it('a missing env file is one clear error', async () => {
    await expect(gatherSettings({ flags: { envFile: ['nope.env'] }, env: {}, cwd: dir, homeDir: dir })).rejects.toThrow("cannot read --os-env-file 'nope.env': no such file");
  });
});

describe('clouds.yaml entries', () => {
  const clouds = (entry: unknown) => ({ OS_CLIENT_CONFIG_FILE: file('clouds.yaml', stringify({ clouds: { c: entry } })) });

  it('maps verify: false to insecure, insecure: true wins over verify: true, and cache.auth', async () => {
    const a = await gatherSettings({ flags: { cloud: 'c' }, env: clouds({ verify: false }), cwd: dir, homeDir: dir });
    expect(a.home.settings.insecure?.value).toBe('true');
    const b = await gatherSettings({ flags: { cloud: 'c' }, env: clouds({ verify: true, insecure: true, cache: { auth: true } }), cwd: dir, homeDir: dir });
    expect(b.home.settings.insecure?.value).toBe('true');
    expect(b.home.settings.cache?.value).toBe('true');
  });

  it('maps deprecated tenant_* and default domains, and the Mistral endpoint override', async () => {
    const config = await gatherSettings({ flags: { cloud: 'c' }, env: clouds({ auth: { tenant_name: 't', tenant_id: 'tid', default_domain_id: 'dd', project_domain_name: 'P' }, workflowv2_endpoint_override: 'http://m:8989/v2' }), cwd: dir, homeDir: dir });
    const values = Object.fromEntries(Object.entries(config.home.settings).filter(([, v]) => v!.source.kind !== 'default').map(([k, v]) => [k, v!.value]));
    expect(values).toEqual({ project_name: 't', project_id: 'tid', user_domain_id: 'dd', project_domain_name: 'P', mistral_url: 'http://m:8989/v2' });
  });

  it('takes the first of `regions` by default and a region\'s values over the entry', async () => {
    const env = clouds({ interface: 'public', regions: ['R1', { name: 'R2', values: { interface: 'internal' } }] });
    const first = await gatherSettings({ flags: { cloud: 'c' }, env, cwd: dir, homeDir: dir });
    expect([first.home.settings.region_name?.value, first.home.settings.interface?.value]).toEqual(['R1', 'public']);
    const second = await gatherSettings({ flags: { cloud: 'c' }, env: { ...env, OS_REGION_NAME: 'R2' }, cwd: dir, homeDir: dir });
    expect([second.home.settings.region_name?.value, second.home.settings.interface?.value]).toEqual(['R2', 'internal']);
  });

  it('refuses a region the entry does not list, naming the valid ones', async () => {
    const env = { ...clouds({ regions: ['R1', 'R2'] }), OS_REGION_NAME: 'r1' };
    await expect(gatherSettings({ flags: { cloud: 'c' }, env, cwd: dir, homeDir: dir })).rejects.toThrow('Region r1 is not a valid region name for cloud c. Valid choices are R1,R2. Please note that region names are case sensitive.');
  });

  it('reads an application credential entry as Horizon writes it (auth_type, id and secret under auth)', async () => {
    const env = clouds({ auth_type: 'v3applicationcredential', auth: { auth_url: 'http://k:5000/v3', application_credential_id: 'ac1', application_credential_secret: 's3cr3t' } });
    const config = await gatherSettings({ flags: { cloud: 'c' }, env, cwd: dir, homeDir: dir });
    expect([config.home.settings.auth_type?.value, config.home.settings.application_credential_id?.value, config.home.settings.application_credential_secret?.value]).toEqual(['v3applicationcredential', 'ac1', 's3cr3t']);
  });

  it("reads a v3multifactor entry's auth_methods list as one comma-separated setting", async () => {
    const env = clouds({ auth_type: 'v3multifactor', auth: { auth_methods: ['v3password', 'v3totp'] } });
    const config = await gatherSettings({ flags: { cloud: 'c' }, env, cwd: dir, homeDir: dir });
    expect(config.home.settings.auth_methods?.value).toBe('v3password,v3totp');
  });

  it('a variable that overrides a value of the named cloud is one warning line; a flag is not', async () => {
    const env = { ...clouds({ auth: { username: 'u', project_name: 'p' }, region_name: 'R1' }), OS_USERNAME: 'other', OS_REGION_NAME: 'R1', OS_PROJECT_NAME: 'q' };
    const config = await gatherSettings({ flags: { cloud: 'c', username: 'flagged' }, env, cwd: dir, homeDir: dir });
    expect(config.warnings).toHaveLength(1);
    expect(config.warnings[0]).toMatch(/^the environment overrides cloud 'c' of \/.*clouds\.yaml: OS_PROJECT_NAME \(project_name\); 'mistral configuration-show' shows where each setting comes from$/);
  });

  it('several target clouds from repeated --os-target-cloud, duplicates once', async () => {
    const env = { OS_CLIENT_CONFIG_FILE: file('clouds.yaml', stringify({ clouds: { b: { auth: { username: 'ub' } }, c: { auth: { username: 'uc' } } } })) };
    const config = await gatherSettings({ flags: { targetCloud: ['b', 'c', 'b'] }, env, cwd: dir, homeDir: dir });
    expect(config.targets.map((t) => [t.name?.value, t.settings.username?.value])).toEqual([['b', 'ub'], ['c', 'uc']]);
  });

  it('--os-target-openrc with several target clouds is refused', async () => {
    const env = { OS_CLIENT_CONFIG_FILE: file('clouds.yaml', stringify({ clouds: { b: {}, c: {} } })) };
    await expect(gatherSettings({ flags: { targetCloud: ['b', 'c'], targetOpenrc: 'x' }, env, cwd: dir, homeDir: dir })).rejects.toThrow('--os-target-openrc names one target cloud; it cannot be combined with several --os-target-cloud');
  });
});

describe('a clouds.yaml of the current directory takes no secret from elsewhere', () => {
  /** A checked-out repository (the working directory) and the user's own ~/.config/openstack. */
  function checkout() {
    const root = mkdtempSync(join(tmpdir(), 'mistral-checkout-'));
    const repo = join(root, 'repo');
    const home = join(root, 'home');
    const userDir = join(home, '.config', 'openstack');
    mkdirSync(repo, { recursive: true });
    mkdirSync(userDir, { recursive: true });
    const write = (path: string, content: unknown) => {
      writeFileSync(path, stringify(content));
      return path;
    };
    return { repo, home, userDir, write };
  }
  const EVIL = { clouds: { prod: { auth: { auth_url: 'https://attacker.example/v3', username: 'me', project_name: 'p' } } } };
  const PASSWORD = { clouds: { prod: { auth: { password: 'my-own-password' } } } };

  it("./clouds.yaml with the user's secure.yaml: refused, naming both files and how to allow it (exit 2)", async () => {
    const c = checkout();
    const local = c.write(join(c.repo, 'clouds.yaml'), EVIL);
    const secure = c.write(join(c.userDir, 'secure.yaml'), PASSWORD);
    const error = await gatherSettings({ flags: { cloud: 'prod' }, env: {}, cwd: c.repo, homeDir: c.home }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as Error).message).toBe(`cloud 'prod': ${local} was found in the current directory and would choose where the password from ${secure} is sent; to use them together, name the file: OS_CLIENT_CONFIG_FILE=${local}`);
  });

  it('the same for a target cloud', async () => {
    const c = checkout();
    c.write(join(c.repo, 'clouds.yaml'), EVIL);
    c.write(join(c.userDir, 'secure.yaml'), PASSWORD);
    await expect(gatherSettings({ flags: { targetCloud: ['prod'] }, env: {}, cwd: c.repo, homeDir: c.home })).rejects.toThrow(/^cloud 'prod': .* was found in the current directory and would choose where the password from .*secure\.yaml is sent/);
  });

  it('allowed when the file is named (OS_CLIENT_CONFIG_FILE=./clouds.yaml)', async () => {
    const c = checkout();
    c.write(join(c.repo, 'clouds.yaml'), EVIL);
    c.write(join(c.userDir, 'secure.yaml'), PASSWORD);
    const config = await gatherSettings({ flags: { cloud: 'prod' }, env: { OS_CLIENT_CONFIG_FILE: './clouds.yaml' }, cwd: c.repo, homeDir: c.home });
    expect(config.home.settings.password?.value).toBe('my-own-password');
  });

  it('allowed when the secret comes from the same directory, or from no file (a flag, the environment)', async () => {
    const c = checkout();
    c.write(join(c.repo, 'clouds.yaml'), EVIL);
    c.write(join(c.repo, 'secure.yaml'), { clouds: { prod: { auth: { password: 'the-repo-password' } } } });
    const same = await gatherSettings({ flags: { cloud: 'prod' }, env: {}, cwd: c.repo, homeDir: c.home });
    expect(same.home.settings.password?.value).toBe('the-repo-password');
    const d = checkout();
    d.write(join(d.repo, 'clouds.yaml'), EVIL);
    d.write(join(d.userDir, 'secure.yaml'), PASSWORD);
    const flagged = await gatherSettings({ flags: { cloud: 'prod', password: 'typed' }, env: {}, cwd: d.repo, homeDir: d.home });
    expect(flagged.home.settings.password?.source.kind).toBe('flag');
  });

  it("./secure.yaml over the user's clouds.yaml that holds the password: refused too", async () => {
    const c = checkout();
    const userClouds = c.write(join(c.userDir, 'clouds.yaml'), { clouds: { prod: { auth: { auth_url: 'https://keystone.example/v3', username: 'me', password: 'my-own-password', project_name: 'p' } } } });
    const local = c.write(join(c.repo, 'secure.yaml'), { clouds: { prod: { auth: { auth_url: 'https://attacker.example/v3' } } } });
    await expect(gatherSettings({ flags: { cloud: 'prod' }, env: {}, cwd: c.repo, homeDir: c.home })).rejects.toThrow(`cloud 'prod': ${local} was found in the current directory and would choose where the password from ${userClouds} is sent; to use them together, name the file: OS_CLIENT_SECURE_FILE=${local}`);
  });

  it("the user's own files, found from their own directory, are not refused", async () => {
    const c = checkout();
    c.write(join(c.userDir, 'clouds.yaml'), EVIL);
    c.write(join(c.userDir, 'secure.yaml'), PASSWORD);
    const config = await gatherSettings({ flags: { cloud: 'prod' }, env: {}, cwd: c.repo, homeDir: c.home });
    expect(config.home.settings.password?.value).toBe('my-own-password');
    const there = await gatherSettings({ flags: { cloud: 'prod' }, env: {}, cwd: c.userDir, homeDir: c.home });
    expect(there.home.settings.password?.value).toBe('my-own-password');
  });
});

describe('names from the user are own-property lookups; prototype pollution stays impossible', () => {
  for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    it(`--os-cloud ${name} and --os-target-cloud ${name} are not found`, async () => {
      const env = { OS_CLIENT_CONFIG_FILE: file('clouds.yaml', 'clouds: {a: {}}\n') };
      await expect(gatherSettings({ flags: { cloud: name }, env, cwd: dir, homeDir: dir })).rejects.toThrow(new RegExp(`^cloud '${name}' was not found in .*clouds\\.yaml; clouds there: a$`));
      await expect(gatherSettings({ flags: { targetCloud: [name] }, env, cwd: dir, homeDir: dir })).rejects.toThrow(`cloud '${name}' was not found`);
    });
  }

  it('a region named constructor is not one of the listed regions', async () => {
    const env = { OS_CLIENT_CONFIG_FILE: file('clouds.yaml', stringify({ clouds: { c: { regions: ['R1'] } } })), OS_REGION_NAME: 'constructor' };
    await expect(gatherSettings({ flags: { cloud: 'c' }, env, cwd: dir, homeDir: dir })).rejects.toThrow('Region constructor is not a valid region name for cloud c. Valid choices are R1.');
  });

  it('__proto__ keys in clouds.yaml and secure.yaml supply no setting and change no prototype', async () => {
    const env = {
      // secure.yaml's `__proto__` keys meet an entry without them: an assignment would make them its prototype.
      OS_CLIENT_CONFIG_FILE: file('clouds.yaml', 'clouds:\n  c:\n    auth: {username: u}\n'),
      OS_CLIENT_SECURE_FILE: file('secure.yaml', 'clouds:\n  __proto__: {polluted: true}\n  c:\n    __proto__: {region_name: from-prototype, auth_type: evil}\n    auth: {__proto__: {password: from-prototype}}\n'),
    };
    const config = await gatherSettings({ flags: { cloud: 'c' }, env, cwd: dir, homeDir: dir });
    const values = Object.fromEntries(Object.entries(config.home.settings).filter(([, v]) => v!.source.kind !== 'default').map(([k, v]) => [k, v!.value]));
    expect(values).toEqual({ username: 'u' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  });
});
