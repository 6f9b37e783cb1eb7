// Finding and reading clouds.yaml and secure.yaml as openstacksdk's loader does
// (src/settings/clouds-yaml.ts): search order, file names, the secure.yaml merge, and one clear
// error for each broken input.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { configDirectories, deepMerge, findCloud, loadCloudsFiles, type SearchContext } from '../../../src/settings/clouds-yaml.js';
import { aliasBomb } from '../../helpers/hostile-files.js';

function world() {
  const root = mkdtempSync(join(tmpdir(), 'mistral-clouds-'));
  const cwd = join(root, 'work');
  const home = join(root, 'home');
  const xdg = join(root, 'xdg');
  for (const dir of [cwd, join(home, '.config', 'openstack'), join(xdg, 'openstack')]) mkdirSync(dir, { recursive: true });
  const write = (path: string, text: string) => {
    writeFileSync(path, text);
    return path;
  };
  const system = [join(root, 'etc-xdg'), join(root, 'etc')];
  const context = (env: Record<string, string> = {}, systemDirs = system): SearchContext => ({ env: (n) => env[n], cwd, homeDir: home, systemDirs });
  return { root, cwd, home, xdg, system, write, context };
}

describe('where clouds.yaml is looked for', () => {
  it('the working directory, then $XDG_CONFIG_HOME/openstack, then ~/.config/openstack, then the system directories', () => {
    const w = world();
    const real = (env: Record<string, string> = {}) => ({ ...w.context(env), systemDirs: undefined });
    expect(configDirectories(real({ XDG_CONFIG_HOME: w.xdg }))).toEqual([w.cwd, join(w.xdg, 'openstack'), join(w.home, '.config', 'openstack'), '/etc/xdg/openstack', '/etc/openstack']);
    expect(configDirectories(real())).toEqual([w.cwd, join(w.home, '.config', 'openstack'), '/etc/xdg/openstack', '/etc/openstack']);
  });

  it('the first file found wins: ./clouds.yaml over the XDG one', async () => {
    const w = world();
    w.write(join(w.cwd, 'clouds.yaml'), 'clouds: {here: {}}\n');
    w.write(join(w.xdg, 'openstack', 'clouds.yaml'), 'clouds: {xdg: {}}\n');
    const files = await loadCloudsFiles(w.context({ XDG_CONFIG_HOME: w.xdg }));
    expect(files.cloudsFile).toBe(join(w.cwd, 'clouds.yaml'));
    expect(Object.keys(files.clouds)).toEqual(['here']);
  });

  it('finds clouds.yml and clouds.json too, and the XDG directory before ~/.config', async () => {
    const w = world();
    w.write(join(w.home, '.config', 'openstack', 'clouds.yaml'), 'clouds: {home: {}}\n');
    w.write(join(w.xdg, 'openstack', 'clouds.json'), '{"clouds": {"xdg": {"auth": {"username": "j"}}}}');
    const files = await loadCloudsFiles(w.context({ XDG_CONFIG_HOME: w.xdg }));
    expect(files.cloudsFile).toBe(join(w.xdg, 'openstack', 'clouds.json'));
    expect(files.clouds).toEqual({ xdg: { auth: { username: 'j' } } });
  });

  it('OS_CLIENT_CONFIG_FILE comes first; one that does not exist is an error', async () => {
    const w = world();
    w.write(join(w.cwd, 'clouds.yaml'), 'clouds: {here: {}}\n');
    const explicit = w.write(join(w.root, 'mine.yml'), 'clouds: {mine: {}}\n');
    expect((await loadCloudsFiles(w.context({ OS_CLIENT_CONFIG_FILE: explicit }))).cloudsFile).toBe(explicit);
    await expect(loadCloudsFiles(w.context({ OS_CLIENT_CONFIG_FILE: join(w.root, 'gone.yaml') }))).rejects.toThrow(`OS_CLIENT_CONFIG_FILE names ${join(w.root, 'gone.yaml')}, which does not exist`);
  });

  it('secure.yaml is found on its own (OS_CLIENT_SECURE_FILE or another directory)', async () => {
    const w = world();
    w.write(join(w.cwd, 'clouds.yaml'), 'clouds: {a: {auth: {username: u}}}\n');
    w.write(join(w.home, '.config', 'openstack', 'secure.yaml'), 'clouds: {a: {auth: {password: p}}}\n');
    const files = await loadCloudsFiles(w.context());
    expect(files.secureFile).toBe(join(w.home, '.config', 'openstack', 'secure.yaml'));
    expect(findCloud(files, 'a')).toEqual({ clouds: { auth: { username: 'u' } }, secure: { auth: { password: 'p' } } });
  });
});

describe('secure.yaml over clouds.yaml', () => {
  it('maps merge, scalars and lists replace', () => {
    expect(deepMerge({ auth: { username: 'u', password: 'old' }, regions: ['R1', 'R2'], verify: true }, { auth: { password: 'new' }, regions: ['R3'], verify: false }))
      .toEqual({ auth: { username: 'u', password: 'new' }, regions: ['R3'], verify: false });
  });
});

describe('errors, each one line', () => {
  it('YAML that does not parse: file, line and column', async () => {
    const w = world();
    const path = w.write(join(w.cwd, 'clouds.yaml'), 'clouds:\n  a:\n    auth: {username: u\n');
    await expect(loadCloudsFiles(w.context())).rejects.toThrow(new RegExp(`^${path}:\\d+:\\d+: not valid YAML: `));
  });

  it('JSON that does not parse says JSON', async () => {
    const w = world();
    const path = w.write(join(w.cwd, 'clouds.json'), '{"clouds": {"a": }');
    await expect(loadCloudsFiles(w.context())).rejects.toThrow(new RegExp(`^${path}:1:\\d+: not valid JSON: `));
  });

  it('a file that is not a mapping', async () => {
    const w = world();
    const path = w.write(join(w.cwd, 'clouds.yaml'), '- a\n- b\n');
    await expect(loadCloudsFiles(w.context())).rejects.toThrow(`Configuration file ${path} is empty or not a valid mapping`);
  });

  it('an entry that is not a mapping', async () => {
    const w = world();
    const path = w.write(join(w.cwd, 'clouds.yaml'), 'clouds:\n  a: just a string\n');
    await expect(loadCloudsFiles(w.context())).rejects.toThrow(`cloud 'a' in ${path} is not a mapping`);
  });

  it('an unknown cloud: the names found and the files read', async () => {
    const w = world();
    w.write(join(w.cwd, 'clouds.yaml'), 'clouds: {a: {}, b: {}}\n');
    w.write(join(w.cwd, 'secure.yaml'), 'clouds: {a: {}}\n');
    const files = await loadCloudsFiles(w.context());
    expect(() => findCloud(files, 'zz')).toThrow(`cloud 'zz' was not found in ${join(w.cwd, 'clouds.yaml')} and ${join(w.cwd, 'secure.yaml')}; clouds there: a, b`);
  });

  it('no clouds.yaml anywhere: where it looked', async () => {
    const w = world();
    const files = await loadCloudsFiles(w.context({ XDG_CONFIG_HOME: w.xdg }));
    expect(() => findCloud(files, 'a')).toThrow(`cloud 'a' was not found: no clouds.yaml in ${w.cwd}, ${join(w.xdg, 'openstack')}, ${join(w.home, '.config', 'openstack')}, ${w.system.join(', ')} (or set OS_CLIENT_CONFIG_FILE)`);
  });

  it('a site directory is the last place looked', async () => {
    const w = world();
    mkdirSync(w.system[1], { recursive: true });
    const site = w.write(join(w.system[1], 'clouds.yaml'), 'clouds: {site: {}}\n');
    expect((await loadCloudsFiles(w.context())).cloudsFile).toBe(site);
  });
});

describe('YAML as PyYAML (and so openstacksdk) reads it', () => {
  it('merge keys: `<<: *common` gives the entry the common keys, its own win', async () => {
    const w = world();
    w.write(join(w.cwd, 'clouds.yaml'), [
      'common: &common',
      '  auth: {auth_url: "https://keystone.example:5000/v3", user_domain_name: Default}',
      '  region_name: RegionOne',
      'clouds:',
      '  a:',
      '    <<: *common',
      '    region_name: RegionTwo',
      '',
    ].join('\n'));
    const files = await loadCloudsFiles(w.context());
    expect(findCloud(files, 'a').clouds).toEqual({ auth: { auth_url: 'https://keystone.example:5000/v3', user_domain_name: 'Default' }, region_name: 'RegionTwo' });
  });

  for (const name of ['clouds.yaml', 'secure.yaml']) {
    it(`an alias bomb in ${name} is refused naming the file (exit 2)`, async () => {
      const w = world();
      if (name === 'secure.yaml') w.write(join(w.cwd, 'clouds.yaml'), 'clouds: {c: {}}\n');
      const path = w.write(join(w.cwd, name), aliasBomb('clouds: {c: {auth: {username: *h}}}'));
      const error = await loadCloudsFiles(w.context()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).exitCode).toBe(2);
      expect((error as Error).message).toBe(`${path}: its YAML aliases expand too far (an alias bomb?); not read`);
    });
  }

  it('a clouds.yaml larger than 1 MiB is refused before it is parsed', async () => {
    const w = world();
    const path = w.write(join(w.cwd, 'clouds.yaml'), `clouds: {}\n#${'x'.repeat(1024 * 1024)}\n`);
    await expect(loadCloudsFiles(w.context())).rejects.toThrow(`${path} is larger than 1 MiB, the most a settings file may hold`);
  });
});

describe('names are looked up as the files define them, never inherited', () => {
  for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
    it(`--os-cloud ${name} is not found`, async () => {
      const w = world();
      w.write(join(w.cwd, 'clouds.yaml'), 'clouds: {a: {}}\n');
      w.write(join(w.cwd, 'secure.yaml'), 'clouds: {a: {}}\n');
      const files = await loadCloudsFiles(w.context());
      expect(() => findCloud(files, name)).toThrow(`cloud '${name}' was not found in ${join(w.cwd, 'clouds.yaml')} and ${join(w.cwd, 'secure.yaml')}; clouds there: a`);
    });
  }

  it('a cloud the file names `constructor` is that cloud', async () => {
    const w = world();
    w.write(join(w.cwd, 'clouds.yaml'), 'clouds: {constructor: {region_name: R}}\n');
    expect(findCloud(await loadCloudsFiles(w.context()), 'constructor').clouds).toEqual({ region_name: 'R' });
  });

  it('deepMerge keeps a __proto__ key a key: neither the result nor Object.prototype changes', () => {
    const over = JSON.parse('{"auth": {"__proto__": {"password": "inherited"}}, "__proto__": {"polluted": true}}') as Record<string, unknown>;
    const merged = deepMerge({ auth: { username: 'u' } }, over);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(merged.auth)).toBe(Object.prototype);
    expect((merged.auth as Record<string, unknown>).password).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(merged.auth as object)).toEqual(['username', '__proto__']);
  });
});

describe('files found in the current directory are told apart', () => {
  it('foundInCwd lists the files found there, not those named by OS_CLIENT_CONFIG_FILE or found elsewhere', async () => {
    const w = world();
    const local = w.write(join(w.cwd, 'clouds.yaml'), 'clouds: {a: {}}\n');
    w.write(join(w.home, '.config', 'openstack', 'secure.yaml'), 'clouds: {a: {}}\n');
    expect((await loadCloudsFiles(w.context())).foundInCwd).toEqual([local]);
    expect((await loadCloudsFiles(w.context({ OS_CLIENT_CONFIG_FILE: './clouds.yaml' }))).foundInCwd).toEqual([]);
  });
});
