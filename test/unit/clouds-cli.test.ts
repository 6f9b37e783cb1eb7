// Clouds as operators keep them, through the whole CLI against the fake clouds: clouds.yaml and
// secure.yaml for the home and the target cloud, another cloud's openrc as the target, --env-file,
// the password prompt on a terminal, configuration-show and --debug provenance (README "Naming
// clouds: clouds.yaml, openrc files, a prompt").
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { lines, runCli } from '../helpers/cli.js';
import { TARGET_DOMAIN, useWorld, type Env } from '../helpers/clouds.js';
import { aliasBomb } from '../helpers/hostile-files.js';

const world = useWorld();
const dir = mkdtempSync(join(tmpdir(), 'mistral-clouds-cli-'));
let clouds: string;
let secure: string;
let openrc: string;
let horizon: string;

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

beforeAll(() => {
  // Horizon's download leaves the password out of clouds.yaml; it lives in secure.yaml.
  clouds = write('clouds.yaml', stringify({
    clouds: {
      home: { auth: { auth_url: world.home.authUrl, username: 'huser', project_name: 'hproject', user_domain_name: 'Default', project_domain_name: 'Default' }, region_name: 'RegionOne', interface: 'public', identity_api_version: 3 },
      target: { auth: { auth_url: world.target.authUrl, username: 'tuser', project_name: 'tproject', user_domain_name: TARGET_DOMAIN.name, project_domain_name: TARGET_DOMAIN.name }, region_name: 'TargetRegion' },
      nopass: { auth: { auth_url: world.target.authUrl, username: 'tuser', project_name: 'tproject', user_domain_name: TARGET_DOMAIN.name, project_domain_name: TARGET_DOMAIN.name } },
    },
  }));
  secure = write('secure.yaml', stringify({ clouds: { home: { auth: { password: world.homeUser.password } }, target: { auth: { password: world.targetUser.password } } } }));
  openrc = write('openrc-target.sh', [
    `export OS_AUTH_URL=${world.target.authUrl}`,
    'export OS_USERNAME=tuser',
    `export OS_PASSWORD='${world.targetUser.password}'`,
    'export OS_PROJECT_NAME=tproject',
    `export OS_USER_DOMAIN_NAME=${TARGET_DOMAIN.name}`,
    `export OS_PROJECT_DOMAIN_NAME=${TARGET_DOMAIN.name}`,
    '',
  ].join('\n'));
  horizon = write('horizon-openrc.sh', [
    '#!/usr/bin/env bash',
    `export OS_AUTH_URL=${world.target.authUrl}`,
    'export OS_PROJECT_NAME="tproject"',
    `export OS_USER_DOMAIN_NAME="${TARGET_DOMAIN.name}"`,
    `export OS_PROJECT_DOMAIN_NAME="${TARGET_DOMAIN.name}"`,
    'export OS_USERNAME="tuser"',
    'echo "Please enter your OpenStack Password for project $OS_PROJECT_NAME as user $OS_USERNAME: "',
    'read -sr OS_PASSWORD_INPUT',
    'export OS_PASSWORD=$OS_PASSWORD_INPUT',
    '',
  ].join('\n'));
});

const files = (): Env => ({ OS_CLIENT_CONFIG_FILE: clouds, OS_CLIENT_SECURE_FILE: secure });

/** The run used both clouds: one token request each, and the target's token went to Mistral. */
function expectBothClouds(): void {
  expect(world.home.tokenRequests()).toHaveLength(1);
  expect(world.target.tokenRequests()).toHaveLength(1);
  const sent = world.mistral.requests[0].headers;
  expect(world.home.tokenInfo(sent['x-auth-token'])?.user.name).toBe('huser');
  expect(world.target.tokenInfo(sent['x-target-auth-token'])?.project?.name).toBe('tproject');
  expect(sent['x-target-region-name']).toBe('TargetRegion');
}

describe('clouds.yaml names the home and the target cloud', () => {
  it('--os-cloud and --os-target-cloud, with no OS_* variable set', async () => {
    const result = await runCli(['--os-cloud', 'home', '--os-target-cloud', 'target', 'workflow-list', '-f', 'value', '-c', 'Name'], files());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('wf1\n');
    expectBothClouds();
  });

  for (const variable of ['TARGET_OS_CLOUD', 'OS_TARGET_CLOUD']) {
    it(`OS_CLOUD and ${variable}`, async () => {
      const result = await runCli(['workflow-list'], { ...files(), OS_CLOUD: 'home', [variable]: 'target' });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expectBothClouds();
    });
  }

  it('the files found in $XDG_CONFIG_HOME/openstack', async () => {
    const xdg = mkdtempSync(join(tmpdir(), 'mistral-xdg-'));
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(join(xdg, 'openstack'));
    copyFileSync(clouds, join(xdg, 'openstack', 'clouds.yaml'));
    copyFileSync(secure, join(xdg, 'openstack', 'secure.yaml'));
    const result = await runCli(['workflow-list'], { XDG_CONFIG_HOME: xdg, OS_CLOUD: 'home', TARGET_OS_CLOUD: 'target' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expectBothClouds();
  });

  it('a target flag overrides the target cloud entry; plain OS_* never touches the target', async () => {
    const env = { ...files(), OS_CLOUD: 'home', OS_USERNAME: 'huser', OS_REGION_NAME: 'RegionOne' };
    const result = await runCli(['--os-target-cloud', 'target', '--os-target-region-name', 'TargetRegion', 'workflow-list'], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expectBothClouds();
  });

  it('a variable that overrides a value of the named cloud gets one warning line; -q silences it', async () => {
    const env = { ...files(), OS_CLOUD: 'home', TARGET_OS_CLOUD: 'target', OS_REGION_NAME: 'RegionTwo' };
    const loud = await runCli(['workflow-list'], env);
    expect(loud.code).toBe(0);
    expect(lines(loud.stderr)).toEqual([`mistral: warning: the environment overrides cloud 'home' of ${clouds}: OS_REGION_NAME (region_name); 'mistral configuration-show' shows where each setting comes from`]);
    // The variable won: the RegionTwo endpoint of the catalog was used.
    expect(world.mistral.requests[0].path).toBe('/public-r2/v2/workflows');
    world.reset();
    const quiet = await runCli(['-q', 'workflow-list'], env);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
  });

  it('an unknown cloud is one line and exit 2, naming the clouds there and the files read, before any request', async () => {
    const result = await runCli(['--os-target-cloud', 'nosuch', 'workflow-list'], { ...files(), OS_CLOUD: 'home' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`mistral workflow-list: error: cloud 'nosuch' was not found in ${clouds} and ${secure}; clouds there: home, target, nopass\n`);
    expect(world.allRequests()).toEqual([]);
  });

  it('a clouds.yaml that is not valid YAML is one line with file, line and column', async () => {
    const broken = write('broken.yaml', 'clouds:\n  home:\n    auth: [unclosed\n');
    const result = await runCli(['workflow-list'], { OS_CLIENT_CONFIG_FILE: broken, OS_CLOUD: 'home' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^mistral workflow-list: error: ${broken}:\\d+:\\d+: not valid YAML: [^\\n]+\\n$`));
  });

  it('a target entry without a password, and no terminal, is an incomplete target naming what is missing', async () => {
    const result = await runCli(['--os-target-cloud', 'nopass', 'workflow-list'], { ...files(), OS_CLOUD: 'home' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("mistral workflow-list: error: incomplete target cloud 'nopass': missing --os-target-password (TARGET_OS_PASSWORD or OS_TARGET_PASSWORD) (or give a token with --os-target-auth-token instead of user, password and project); or add them to cloud 'nopass' in clouds.yaml/secure.yaml\n");
    expect(world.allRequests()).toEqual([]);
  });

  it('a home entry without a password, and no secure.yaml: the message names the cloud and secure.yaml', async () => {
    const result = await runCli(['workflow-list'], { OS_CLIENT_CONFIG_FILE: clouds, OS_CLOUD: 'home' });
    expect(result.stderr).toBe("mistral workflow-list: error: You must provide a password via --os-password env[OS_PASSWORD]; cloud 'home' of clouds.yaml has none: add it to secure.yaml (clouds: home: auth: password: ...) in ~/.config/openstack or the file OS_CLIENT_SECURE_FILE names\n");
    expect(result.code).toBe(2);
    expect(world.allRequests()).toEqual([]);
  });

  it('several target clouds are for execution-create and execution-wait only', async () => {
    const result = await runCli(['--os-target-cloud', 'target', '--os-target-cloud', 'nopass', 'workflow-list'], { ...files(), OS_CLOUD: 'home' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('mistral workflow-list: error: workflow-list acts on one target cloud; only execution-create and execution-wait accept several --os-target-cloud\n');
  });
});

describe("another cloud's openrc as the target", () => {
  it('--os-target-openrc reads an openrc written with OS_* names as the target', async () => {
    const result = await runCli(['--os-target-openrc', openrc, 'workflow-list'], { ...files(), OS_CLOUD: 'home' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(world.target.tokenRequests()).toHaveLength(1);
    expect(world.target.tokenInfo(world.mistral.requests[0].headers['x-target-auth-token'])?.user.name).toBe('tuser');
  });

  it("a Horizon openrc (read -sr, $OS_PASSWORD_INPUT) without a terminal is an incomplete target, not the literal '$OS_PASSWORD_INPUT'", async () => {
    const result = await runCli(['workflow-list'], { ...world.homeEnv(), TARGET_OS_OPENRC: horizon });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('mistral workflow-list: error: incomplete target cloud: missing --os-target-password (TARGET_OS_PASSWORD or OS_TARGET_PASSWORD) (or give a token with --os-target-auth-token instead of user, password and project)\n');
    expect(world.allRequests()).toEqual([]);
  });

  it('--os-target-openrc given a file of TARGET_OS_* lines says to give it with --os-env-file, before any request', async () => {
    const targetNames = write('target-b.sh', `export TARGET_OS_AUTH_URL=${world.target.authUrl}\nexport TARGET_OS_USERNAME=tuser\nexport TARGET_OS_PASSWORD='${world.targetUser.password}'\nexport TARGET_OS_PROJECT_NAME=tproject\nexport TARGET_OS_USER_DOMAIN_NAME=${TARGET_DOMAIN.name}\nexport TARGET_OS_PROJECT_DOMAIN_NAME=${TARGET_DOMAIN.name}\n`);
    const result = await runCli(['--os-target-openrc', targetNames, 'workflow-list'], world.homeEnv());
    expect(result.stderr).toBe(`mistral workflow-list: error: --os-target-openrc '${targetNames}' holds target names (TARGET_OS_AUTH_URL, TARGET_OS_USERNAME, TARGET_OS_PASSWORD, ...), but it reads a cloud's own OS_* names; give this file with --os-env-file (alias --env-file) instead\n`);
    expect(result.code).toBe(2);
    expect(world.allRequests()).toEqual([]);
    const suggested = await runCli(['--os-env-file', targetNames, 'workflow-list'], world.homeEnv());
    expect(suggested.stderr).toBe('');
    expect(suggested.code).toBe(0);
    expect(world.target.tokenRequests()).toHaveLength(1);
  });

  it('--env-file supplies OS_* variables below the real environment', async () => {
    const envFile = write('ci.env', `OS_AUTH_URL=${world.home.authUrl}\nOS_USERNAME=huser\nOS_PASSWORD="${world.homeUser.password}"\nOS_PROJECT_NAME=hproject\nOS_REGION_NAME=RegionTwo\n`);
    const result = await runCli(['--env-file', envFile, 'workflow-list'], { OS_REGION_NAME: 'RegionOne' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(world.mistral.requests[0].path).toBe('/public-r1/v2/workflows');
  });
});

describe('a password prompt, only where a person is', () => {
  const typed = (text: string) => ({ typed: text, rawModes: [] as boolean[] });

  it('asks on the terminal, without echo, naming the user, the Keystone and the cloud', async () => {
    const terminal = typed(`${world.targetUser.password}\r`);
    const result = await runCli(['--os-target-openrc', horizon, 'workflow-list', '-f', 'value', '-c', 'Name'], world.homeEnv(), { terminal });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('wf1\n');
    expect(result.stderr).toBe(`Password for tuser at ${world.target.authUrl} (target cloud): \n`);
    expect(terminal.rawModes).toEqual([true, false]);
    expect(world.target.tokenInfo(world.mistral.requests[0].headers['x-target-auth-token'])?.user.name).toBe('tuser');
  });

  it('asks for the home password too, then the target one, before any request', async () => {
    const terminal = typed(`${world.homeUser.password}\r${world.targetUser.password}\n`);
    const result = await runCli(['workflow-list', '-f', 'value', '-c', 'Name'], { ...world.homeEnv({ OS_PASSWORD: undefined }), TARGET_OS_OPENRC: horizon }, { terminal });
    expect(result.code).toBe(0);
    expect(lines(result.stderr)).toEqual([`Password for huser at ${world.home.authUrl} (home cloud): `, `Password for tuser at ${world.target.authUrl} (target cloud): `]);
  });

  it('an empty answer is a clear error (exit 2), and nothing is sent', async () => {
    const result = await runCli(['--os-target-openrc', horizon, 'workflow-list'], world.homeEnv(), { terminal: typed('\r') });
    expect(result.code).toBe(2);
    expect(lines(result.stderr)[1]).toBe('mistral workflow-list: error: no password entered for the target cloud');
    expect(world.allRequests()).toEqual([]);
  });

  it('Ctrl-D is a clear error; Ctrl-C stops with exit 130', async () => {
    const eof = await runCli(['--os-target-openrc', horizon, 'workflow-list'], world.homeEnv(), { terminal: typed('\u0004') });
    expect(eof.code).toBe(2);
    expect(lines(eof.stderr)[1]).toBe('mistral workflow-list: error: no password entered for the target cloud (end of input)');
    const interrupt = await runCli(['--os-target-openrc', horizon, 'workflow-list'], world.homeEnv(), { terminal: typed('abc\u0003') });
    expect(interrupt.code).toBe(130);
    expect(lines(interrupt.stderr)[1]).toBe('ERROR (app) interrupted at the password prompt');
    expect(world.allRequests()).toEqual([]);
  });

  it('never in CI, even on a terminal', async () => {
    const result = await runCli(['--os-target-openrc', horizon, 'workflow-list'], { ...world.homeEnv(), CI: 'true' }, { terminal: typed('whatever-typed-here\r') });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('mistral workflow-list: error: incomplete target cloud: missing --os-target-password (TARGET_OS_PASSWORD or OS_TARGET_PASSWORD) (or give a token with --os-target-auth-token instead of user, password and project)\n');
  });
});

describe('configuration-show: where every setting came from', () => {
  it('one row per setting with its source, secrets masked, no request', async () => {
    const env = { ...files(), OS_CLOUD: 'home', TARGET_OS_CLOUD: 'target', OS_INTERFACE: 'public' };
    const result = await runCli(['configuration-show', '-f', 'csv', '--os-target-region-name', 'TargetRegion'], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const source = (file: string, cloud: string) => `${file === clouds ? 'clouds.yaml' : 'secure.yaml'}:${file} cloud ${cloud}`;
    expect(lines(result.stdout)).toEqual([
      '"Cloud","Setting","Value","Source"',
      '"home (home)","cloud","home","OS_CLOUD"',
      `"home (home)","auth_url","${world.home.authUrl}","${source(clouds, 'home')}"`,
      `"home (home)","username","huser","${source(clouds, 'home')}"`,
      `"home (home)","password","<redacted>","${source(secure, 'home')}"`,
      `"home (home)","project_name","hproject","${source(clouds, 'home')}"`,
      `"home (home)","user_domain_name","Default","${source(clouds, 'home')}"`,
      `"home (home)","project_domain_name","Default","${source(clouds, 'home')}"`,
      `"home (home)","region_name","RegionOne","${source(clouds, 'home')}"`,
      '"home (home)","interface","public","OS_INTERFACE"',
      `"home (home)","identity_api_version","3","${source(clouds, 'home')}"`,
      '"home (home)","service_type","workflowv2","default"',
      '"home (home)","mistral_version","v2","default"',
      '"home (home)","mistral_auth_type","keystone","default"',
      '"target (target)","cloud","target","TARGET_OS_CLOUD"',
      `"target (target)","auth_url","${world.target.authUrl}","${source(clouds, 'target')}"`,
      `"target (target)","username","tuser","${source(clouds, 'target')}"`,
      `"target (target)","password","<redacted>","${source(secure, 'target')}"`,
      `"target (target)","project_name","tproject","${source(clouds, 'target')}"`,
      `"target (target)","user_domain_name","TargetDomain","${source(clouds, 'target')}"`,
      `"target (target)","project_domain_name","TargetDomain","${source(clouds, 'target')}"`,
      '"target (target)","region_name","TargetRegion","--os-target-region-name"',
    ]);
    expect(world.allRequests()).toEqual([]);
  });

  it('--unmask shows the secrets; every formatter works', async () => {
    const env = { ...world.homeEnv(), TARGET_OS_OPENRC: openrc };
    const unmasked = await runCli(['configuration-show', '--unmask', '-f', 'json'], env);
    const rows = JSON.parse(unmasked.stdout) as Array<Record<string, string>>;
    expect(rows.find((r) => r.Cloud === 'target' && r.Setting === 'password')).toEqual({ Cloud: 'target', Setting: 'password', Value: world.targetUser.password, Source: `openrc:${openrc} OS_PASSWORD` });
    expect(rows.find((r) => r.Cloud === 'home' && r.Setting === 'password')?.Source).toBe('OS_PASSWORD');
    for (const format of ['table', 'yaml', 'value', 'csv']) {
      const result = await runCli(['configuration-show', '-f', format], env);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('<redacted>');
      expect(result.stdout).not.toContain(world.targetUser.password);
    }
  });
});

describe('--debug says where each setting came from, once, before the first request', () => {
  it('prints the provenance lines first, secrets masked', async () => {
    const result = await runCli(['--debug', '--os-target-cloud', 'target', 'workflow-list'], { ...files(), OS_CLOUD: 'home' });
    expect(result.code).toBe(0);
    const debug = lines(result.stderr);
    const firstRequest = debug.findIndex((l) => l.startsWith('DEBUG REQ:'));
    const settings = debug.filter((l) => l.startsWith('DEBUG setting: '));
    expect(settings.length).toBeGreaterThan(10);
    expect(debug.slice(0, settings.length)).toEqual(settings);
    expect(firstRequest).toBe(settings.length);
    expect(settings).toContain(`DEBUG setting: target (target) password=<redacted> (secure.yaml:${secure} cloud target)`);
    expect(settings).toContain('DEBUG setting: home (home) cloud=home (OS_CLOUD)');
  });
});

describe('errors that say what to do', () => {
  it('a 401 with no credentials at all says that no cloud was named and how to name one', async () => {
    world.mistral.acceptToken = (token) => Boolean(token);
    try {
      const result = await runCli(['--os-mistral-url', world.mistral.apiUrl, 'workflow-list'], {});
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`ERROR (app) Mistral at ${world.mistral.apiUrl}/workflows?sort_keys=created_at&sort_dirs=asc&fields=id%2Cname%2Cnamespace%2Cproject_id%2Ctags%2Cinput%2Cscope%2Ccreated_at%2Cupdated_at asks for authentication (HTTP 401 Unauthorized), but no cloud was named: set OS_CLOUD (or --os-cloud) to a cloud of clouds.yaml, or OS_AUTH_URL, OS_USERNAME, OS_PASSWORD and OS_PROJECT_NAME (for example by sourcing an openrc file)\n`);
    } finally {
      world.mistral.acceptToken = undefined;
    }
  });

  it('a target region the target catalog does not know is refused with the ones it knows', async () => {
    const result = await runCli(['workflow-list'], { ...world.homeEnv(), ...world.targetEnv('TARGET_OS_', { TARGET_OS_REGION_NAME: 'NoSuchRegion' }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("mistral workflow-list: error: the target cloud has no region 'NoSuchRegion'; its catalog knows TargetRegion (--os-target-region-name (TARGET_OS_REGION_NAME or OS_TARGET_REGION_NAME))\n");
    expect(world.mistral.requests).toEqual([]);
  });
});

describe('hostile or careless settings files: one line, exit 2, nothing sent', () => {
  it('an openrc whose password the shell would build is refused with its file and line, not sent as text', async () => {
    const built = write('built-openrc.sh', `export OS_AUTH_URL=${world.target.authUrl}\nexport OS_USERNAME=tuser\nexport OS_PASSWORD=$(cat ~/.target-password)\nexport OS_PROJECT_NAME=tproject\n`);
    const result = await runCli(['--os-target-openrc', built, 'workflow-list'], world.homeEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`mistral workflow-list: error: ${built}:3: the value of OS_PASSWORD would be built by the shell (a command substitution $(...)), and mistral never runs shell code: write the value itself, in single quotes if it holds $, #, \\ or spaces\n`);
    expect(world.allRequests()).toEqual([]);
  });

  it('an env file with an if/else is refused at the if (--os-env-file and its alias --env-file)', async () => {
    const branches = write('branches.env', `OS_AUTH_URL=${world.home.authUrl}\nif [ -n "$CI" ]; then\n  OS_PASSWORD=one\nelse\n  OS_PASSWORD=two\nfi\n`);
    for (const option of ['--os-env-file', '--env-file']) {
      const result = await runCli([option, branches, 'workflow-list'], {});
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`mistral workflow-list: error: ${branches}:2: shell logic ('if') whose branches only the shell can choose, and mistral never runs shell code: keep only the assignments that apply\n`);
    }
    expect(world.allRequests()).toEqual([]);
  });

  it('--os-env-file supplies OS_* variables as --env-file does', async () => {
    const envFile = write('os-env-file.env', `OS_AUTH_URL=${world.home.authUrl}\nOS_USERNAME=huser\nOS_PASSWORD='${world.homeUser.password}'\nOS_PROJECT_NAME=hproject\n`);
    const result = await runCli(['--os-env-file', envFile, 'workflow-list', '-f', 'value', '-c', 'Name'], {});
    expect([result.code, result.stderr, result.stdout]).toEqual([0, '', 'wf1\n']);
  });

  it('an alias bomb in clouds.yaml is refused naming the file', async () => {
    const bomb = write('bomb-clouds.yaml', aliasBomb('clouds: {c: {auth: {username: *h}}}'));
    const result = await runCli(['--os-cloud', 'c', 'workflow-list'], { OS_CLIENT_CONFIG_FILE: bomb });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`mistral workflow-list: error: ${bomb}: its YAML aliases expand too far (an alias bomb?); not read\n`);
  });

  it('an alias bomb given to --env is refused naming the file', async () => {
    const bomb = write('bomb-env.yaml', aliasBomb());
    const result = await runCli(['execution-update', 'e1', '--env', bomb], world.homeEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`mistral execution-update: error: environment: file '${bomb}': its YAML aliases expand too far (an alias bomb?); not read\n`);
    expect(world.mistral.requests).toEqual([]);
  });

  it('YAML merge keys in clouds.yaml are honoured, as openstacksdk (PyYAML) honours them', async () => {
    const merged = write('merge-clouds.yaml', [
      'x-common: &common',
      `  auth: {auth_url: '${world.home.authUrl}', username: huser, project_name: hproject, user_domain_name: Default, project_domain_name: Default}`,
      '  region_name: RegionOne',
      'clouds:',
      '  home:',
      '    <<: *common',
      '',
    ].join('\n'));
    const result = await runCli(['--os-cloud', 'home', 'workflow-list', '-f', 'value', '-c', 'Name'], { OS_CLIENT_CONFIG_FILE: merged, OS_CLIENT_SECURE_FILE: secure });
    expect([result.code, result.stderr, result.stdout]).toEqual([0, '', 'wf1\n']);
  });

  for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    it(`--os-cloud ${name} is "not found", not an empty cloud`, async () => {
      const result = await runCli(['--os-cloud', name, 'workflow-list'], files());
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`mistral workflow-list: error: cloud '${name}' was not found in ${clouds} and ${secure}; clouds there: home, target, nopass\n`);
      expect(world.allRequests()).toEqual([]);
    });
  }

  it("a clouds.yaml in the current directory with the user's secure.yaml: refused, naming both and how to allow it", async () => {
    const repo = mkdtempSync(join(tmpdir(), 'mistral-checkout-'));
    const home = mkdtempSync(join(tmpdir(), 'mistral-home-'));
    mkdirSync(join(home, '.config', 'openstack'), { recursive: true });
    const userSecure = join(home, '.config', 'openstack', 'secure.yaml');
    writeFileSync(userSecure, stringify({ clouds: { home: { auth: { password: world.homeUser.password } } } }));
    const local = join(repo, 'clouds.yaml');
    writeFileSync(local, stringify({ clouds: { home: { auth: { auth_url: world.target.authUrl, username: 'huser', project_name: 'hproject' } } } }));
    const refused = await runCli(['--os-cloud', 'home', 'workflow-list'], {}, { cwd: repo, homeDir: home });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`mistral workflow-list: error: cloud 'home': ${local} was found in the current directory and would choose where the password from ${userSecure} is sent; to use them together, name the file: OS_CLIENT_CONFIG_FILE=${local}\n`);
    expect(world.allRequests()).toEqual([]);
    const allowed = await runCli(['--os-cloud', 'home', 'configuration-show', '-f', 'value', '-c', 'Setting'], { OS_CLIENT_CONFIG_FILE: './clouds.yaml' }, { cwd: repo, homeDir: home });
    expect([allowed.code, allowed.stderr]).toEqual([0, '']);
    expect(lines(allowed.stdout)).toContain('password');
  });
});

describe('every file read is bounded: /dev/zero is one line, exit 2', () => {
  it('--os-env-file /dev/zero', async () => {
    const result = await runCli(['--os-env-file', '/dev/zero', 'workflow-list'], {});
    expect([result.code, result.stderr]).toEqual([2, "mistral workflow-list: error: --os-env-file '/dev/zero' is larger than 1 MiB, the most a settings file may hold\n"]);
  });

  it('OS_CACERT=/dev/zero', async () => {
    const result = await runCli(['workflow-list'], world.homeEnv({ OS_CACERT: '/dev/zero' }));
    expect([result.code, result.stderr]).toEqual([2, "mistral workflow-list: error: the home cloud CA certificate '/dev/zero' given by --os-cacert (OS_CACERT) is larger than 1 MiB, the most a settings file may hold\n"]);
    expect(world.allRequests()).toEqual([]);
  });

  it('a clouds.yaml that is /dev/zero', async () => {
    const result = await runCli(['--os-cloud', 'home', 'workflow-list'], { OS_CLIENT_CONFIG_FILE: '/dev/zero' });
    expect([result.code, result.stderr]).toEqual([2, 'mistral workflow-list: error: /dev/zero is larger than 1 MiB, the most a settings file may hold\n']);
  });

  it('a definition from /dev/zero', async () => {
    const result = await runCli(['workflow-create', '/dev/zero'], world.homeEnv());
    expect([result.code, result.stderr]).toEqual([2, "mistral workflow-create: error: argument definition: '/dev/zero' is larger than 64 MiB, the most an input file may hold\n"]);
    expect(world.mistral.requests).toEqual([]);
  });

  it('a JSON input and an --env file from /dev/zero', async () => {
    const input = await runCli(['execution-create', 'wf1', '/dev/zero'], world.homeEnv());
    expect([input.code, input.stderr]).toEqual([2, "mistral execution-create: error: workflow input: file '/dev/zero' is larger than 64 MiB, the most an input file may hold\n"]);
    const env = await runCli(['execution-update', 'e1', '--env', '/dev/zero'], world.homeEnv());
    expect([env.code, env.stderr]).toEqual([2, "mistral execution-update: error: environment: file '/dev/zero' is larger than 64 MiB, the most an input file may hold\n"]);
    expect(world.mistral.requests).toEqual([]);
  });
});
