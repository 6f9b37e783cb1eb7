// Clouds as operators keep them, on the real stack (README "Naming clouds"): the clouds.yaml and
// secure.yaml that stack/start.sh writes (passwords only in secure.yaml), B's plain and Horizon-style
// openrc files, a password typed at a real terminal, environment overriding a cloud value,
// configuration-show, the env file Node must not take, a clouds.yaml of the current directory that
// may not use the user's secure.yaml, targets of one user whose password Keystone checks once, and
// each settings error, with nothing reaching the services.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { aliasBomb } from '../helpers/hostile-files.js';
import { REPO, logLines, mistral, mistralOnTerminal, ok, openrc, stack } from './stack.js';

const files = { OS_CLIENT_CONFIG_FILE: stack.clouds_yaml, OS_CLIENT_SECURE_FILE: stack.secure_yaml };
const tenantbPassword = stack.clouds.b.users.tenantb.password;

interface Whoami {
  is_target: boolean;
  token_user: string;
  token_project: string;
  token_regions: string[];
}

/** Runs whoami to its end with these settings and returns what it found out. */
async function whoami(args: string[], env: Record<string, string>): Promise<Whoami> {
  const id = (await ok(mistral([...args, 'execution-create', 'whoami', '--wait', '-c', 'ID', '-f', 'value'], env))).trim();
  return JSON.parse(await ok(mistral([...args, 'execution-get-output', id], env))) as Whoami;
}

const expectCloudB = (out: Whoami) => expect(out).toMatchObject({ is_target: true, token_user: 'tenantb', token_project: 'projb', token_regions: ['RegionTwo'] });

/** Lines in the services' logs: a refused command must not add any. */
const serviceLogs = () => [logLines('ks-a/log/uwsgi.log'), logLines('ks-b/log/uwsgi.log')];

beforeAll(async () => {
  const admin = openrc('openrc-a-admin.sh');
  await mistral(['workflow-delete', 'whoami'], admin);
  await ok(mistral(['workflow-create', '--public', join(REPO, 'stack/whoami.yaml')], admin));
});

describe('the stack writes clouds.yaml without passwords and secure.yaml with them', () => {
  it('no password in clouds.yaml; each is in secure.yaml', () => {
    const clouds = readFileSync(stack.clouds_yaml, 'utf8');
    const secure = readFileSync(stack.secure_yaml, 'utf8');
    for (const user of [stack.clouds.a.users.demo, stack.clouds.b.users.tenantb]) {
      expect(clouds).not.toContain(user.password);
      expect(secure).toContain(user.password);
    }
  });
});

describe('clouds.yaml names the home and the target cloud', () => {
  it('--os-cloud stack-a --os-target-cloud stack-b runs on B with no OS_* variable set', async () => {
    expectCloudB(await whoami(['--os-cloud', 'stack-a', '--os-target-cloud', 'stack-b'], files));
  });

  it('OS_CLOUD and TARGET_OS_CLOUD do the same', async () => {
    expectCloudB(await whoami([], { ...files, OS_CLOUD: 'stack-a', TARGET_OS_CLOUD: 'stack-b' }));
  });

  it('the files are found through XDG_CONFIG_HOME', async () => {
    const xdg = mkdtempSync(join(tmpdir(), 'mistral-e2e-xdg-'));
    mkdirSync(join(xdg, 'openstack'));
    copyFileSync(stack.clouds_yaml, join(xdg, 'openstack', 'clouds.yaml'));
    copyFileSync(stack.secure_yaml, join(xdg, 'openstack', 'secure.yaml'));
    expectCloudB(await whoami([], { XDG_CONFIG_HOME: xdg, OS_CLOUD: 'stack-a', OS_TARGET_CLOUD: 'stack-b' }));
  });

  it('the target over HTTPS from its clouds.yaml entry (cacert there)', async () => {
    expectCloudB(await whoami(['--os-cloud', 'stack-a', '--os-target-cloud', 'stack-b-tls'], files));
  });

  it('a variable overriding a value of the named cloud works and says so on stderr', async () => {
    const r = await mistral(['workflow-list', '-c', 'Name', '-f', 'value'], { ...files, OS_CLOUD: 'stack-a', OS_INTERFACE: 'internal' });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`mistral: warning: the environment overrides cloud 'stack-a' of ${stack.clouds_yaml}: OS_INTERFACE (interface); 'mistral configuration-show' shows where each setting comes from\n`);
  });
});

describe('targets of one user at one Keystone (stack-b and stack-b-extra: tenantb in projb and projb-extra)', () => {
  const both = ['--os-cloud', 'stack-a', '--os-target-cloud', 'stack-b', '--os-target-cloud', 'stack-b-extra'];

  /** The token requests Keystone B got, from --debug: the methods of each and its answer's status. */
  function tokenRequestsToB(stderr: string): string[] {
    const debug = stderr.split('\n');
    const requests: string[] = [];
    debug.forEach((line, i) => {
      if (!line.startsWith(`DEBUG REQ: POST ${stack.clouds.b.auth_url}/auth/tokens `)) return;
      const body = JSON.parse(debug[i + 1].replace(/^DEBUG REQ BODY: /, '')) as { auth: { identity: { methods: string[] } } };
      const answer = debug.slice(i).find((l) => l.startsWith(`DEBUG RESP: POST ${stack.clouds.b.auth_url}/auth/tokens `));
      requests.push(`${body.auth.identity.methods.join('+')} ${/ (\d{3}) /.exec(answer ?? '')?.[1]}`);
    });
    return requests;
  }

  it('Keystone B checks the password once and rescopes that token for projb-extra; each execution is in its own project', async () => {
    const r = await mistral(['--debug', ...both, 'execution-create', 'whoami', '-f', 'json'], files);
    expect(r.code, r.stderr).toBe(0);
    expect(tokenRequestsToB(r.stderr)).toEqual(['password 201', 'token 201']);
    const rows = JSON.parse(r.stdout) as Array<Record<string, string>>;
    expect(rows.map((row) => row['Target cloud'])).toEqual(['stack-b', 'stack-b-extra']);
    // Mistral put the second in projb-extra (the rescoped token's project): found there, not in projb.
    const extra = rows[1].ID;
    await ok(mistral(['--os-cloud', 'stack-a', '--os-target-cloud', 'stack-b-extra', 'execution-get', extra], files));
    const elsewhere = await mistral(['--os-cloud', 'stack-a', '--os-target-cloud', 'stack-b', 'execution-get', extra], files);
    expect([elsewhere.code, elsewhere.stderr]).toEqual([1, expect.stringContaining(`WorkflowExecution not found [id=${extra}]`)]);
  });

  it("whoami on each answers for its own project with the token Mistral was given (the rescoped one in projb-extra)", async () => {
    const r = await mistral([...both, 'execution-create', 'whoami', '--wait', '--print-output', '-f', 'json'], files);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      'stack-b': { is_target: true, token_user: 'tenantb', token_project: 'projb' },
      'stack-b-extra': { is_target: true, token_user: 'tenantb', token_project: 'projb-extra' },
    });
  });
});

describe("another cloud's openrc as the target", () => {
  const home = openrc('openrc-a.sh');

  it('--os-target-openrc with the plain openrc of B', async () => {
    expectCloudB(await whoami(['--os-target-openrc', stack.env_files.openrc_b], home));
  });

  it('the Horizon-style openrc of B is refused without a terminal, naming the password', async () => {
    const before = serviceLogs();
    const r = await mistral(['--os-target-openrc', stack.env_files.openrc_b_horizon, 'workflow-list'], home);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('mistral workflow-list: error: incomplete target cloud: missing --os-target-password (TARGET_OS_PASSWORD or OS_TARGET_PASSWORD) (or give a token with --os-target-auth-token instead of user, password and project)\n');
    expect(serviceLogs()).toEqual(before);
  });

  it('and accepted through the prompt on a real terminal, the password never echoed', async () => {
    const run = await mistralOnTerminal(
      ['--os-target-openrc', stack.env_files.openrc_b_horizon, 'execution-create', 'whoami', '--wait', '-f', 'value', '-c', 'State'],
      home,
      [{ expect: 'Password for tenantb at http://127\\.0\\.0\\.1:\\d+/v3 \\(target cloud\\): ', send: `${tenantbPassword}\r` }],
      { stdoutToFile: true },
    );
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toBe('SUCCESS\n');
    expect(run.output).toContain('Password for tenantb at');
    expect(run.output).not.toContain(tenantbPassword);
  });
});

describe('--os-env-file and --env-file', () => {
  const envDir = mkdtempSync(join(tmpdir(), 'mistral-e2e-env-'));
  const marker = join(envDir, 'evil-ran');
  const envFile = join(envDir, 'ci.env');
  beforeAll(() => {
    writeFileSync(join(envDir, 'evil.js'), `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\n`);
    // The stack's openrc-a.sh, and a NODE_OPTIONS line that Node would run if it took the file.
    writeFileSync(envFile, `NODE_OPTIONS="--require ${join(envDir, 'evil.js')}"\n${readFileSync(stack.env_files.openrc_a, 'utf8')}`);
  });

  it('the installed bin (its launcher lines) reads --env-file and --os-env-file itself; the NODE_OPTIONS in it never runs', async () => {
    const { runProgram } = await import('./stack.js');
    for (const option of ['--env-file', '--os-env-file']) {
      rmSync(marker, { force: true });
      const r = await runProgram(join(REPO, 'bin/mistral.js'), [option, envFile, 'workflow-list', '-c', 'Name', '-f', 'value']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.split('\n')).toContain('whoami');
      expect(existsSync(marker)).toBe(false);
    }
    const missing = await runProgram(join(REPO, 'bin/mistral.js'), ['--env-file', '/nonexistent/ci.env', 'workflow-list']);
    expect([missing.code, missing.stderr]).toEqual([2, "mistral workflow-list: error: cannot read --os-env-file '/nonexistent/ci.env': no such file\n"]);
  });

  it('node bin/mistral.js --env-file F: Node took F (its NODE_OPTIONS ran); mistral refuses, exit 2, nothing sent', async () => {
    const { runProgram } = await import('./stack.js');
    rmSync(marker, { force: true });
    const before = serviceLogs();
    const r = await runProgram(process.execPath, [join(REPO, 'bin/mistral.js'), '--env-file', envFile, 'workflow-list']);
    expect(existsSync(marker)).toBe(true);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`mistral: error: node read '--env-file ${envFile}' as its own option before mistral started (Node 20 looks for it anywhere before a '--', and runs a NODE_OPTIONS the file sets); use --os-env-file, or start mistral as 'mistral ...' or 'node -- bin/mistral.js ...'\n`);
    expect(serviceLogs()).toEqual(before);
  });
});

describe("a clouds.yaml in the current directory with the user's own secure.yaml", () => {
  /** A checked-out repository holding the stack's clouds.yaml; the user's secure.yaml in their XDG directory. */
  function checkout() {
    const root = mkdtempSync(join(tmpdir(), 'mistral-e2e-checkout-'));
    mkdirSync(join(root, 'repo'));
    mkdirSync(join(root, 'xdg', 'openstack'), { recursive: true });
    copyFileSync(stack.clouds_yaml, join(root, 'repo', 'clouds.yaml'));
    copyFileSync(stack.secure_yaml, join(root, 'xdg', 'openstack', 'secure.yaml'));
    return { repo: join(root, 'repo'), xdg: join(root, 'xdg') };
  }
  /** mistral started in `cwd`, as the installed bin is. */
  async function inDirectory(cwd: string, args: string[], env: Record<string, string>) {
    const { runProgram } = await import('./stack.js');
    return runProgram('/bin/sh', ['-c', 'cd "$1" && shift && exec "$@"', 'sh', cwd, process.execPath, '--', join(REPO, 'bin/mistral.js'), ...args], env);
  }

  it('is refused, naming both files and how to allow it; nothing reaches Keystone', async () => {
    const { repo, xdg } = checkout();
    const before = serviceLogs();
    const r = await inDirectory(repo, ['--os-cloud', 'stack-a', 'workflow-list'], { XDG_CONFIG_HOME: xdg });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`mistral workflow-list: error: cloud 'stack-a': ${join(repo, 'clouds.yaml')} was found in the current directory and would choose where the password from ${join(xdg, 'openstack', 'secure.yaml')} is sent; to use them together, name the file: OS_CLIENT_CONFIG_FILE=${join(repo, 'clouds.yaml')}\n`);
    expect(serviceLogs()).toEqual(before);
  });

  it('and works once the file is named: OS_CLIENT_CONFIG_FILE=./clouds.yaml', async () => {
    const { repo, xdg } = checkout();
    const r = await inDirectory(repo, ['--os-cloud', 'stack-a', 'workflow-list', '-c', 'Name', '-f', 'value'], { XDG_CONFIG_HOME: xdg, OS_CLIENT_CONFIG_FILE: './clouds.yaml' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')).toContain('whoami');
  });
});

describe('configuration-show on the stack files', () => {
  it('names the right source for each value and prints no secret', async () => {
    const r = await mistral(['--os-target-cloud', 'stack-b', 'configuration-show', '-f', 'json'], { ...files, OS_CLOUD: 'stack-a', OS_REGION_NAME: 'RegionOne' });
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, string>>;
    const source = (cloud: string, setting: string) => rows.find((row) => row.Cloud === cloud && row.Setting === setting)?.Source;
    expect(source('home (stack-a)', 'cloud')).toBe('OS_CLOUD');
    expect(source('home (stack-a)', 'auth_url')).toBe(`clouds.yaml:${stack.clouds_yaml} cloud stack-a`);
    expect(source('home (stack-a)', 'password')).toBe(`secure.yaml:${stack.secure_yaml} cloud stack-a`);
    expect(source('home (stack-a)', 'region_name')).toBe('OS_REGION_NAME');
    expect(source('target (stack-b)', 'cloud')).toBe('--os-target-cloud');
    expect(source('target (stack-b)', 'password')).toBe(`secure.yaml:${stack.secure_yaml} cloud stack-b`);
    expect(r.stdout).not.toContain(tenantbPassword);
    expect(r.stdout).not.toContain(stack.clouds.a.users.demo.password);
  });
});

describe('settings errors: one line, exit 2, nothing sent', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mistral-e2e-bad-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const cases: Array<[string, () => Record<string, string>, RegExp]> = [
    ['an unknown cloud', () => ({ ...files, OS_CLOUD: 'nosuch' }), /^mistral workflow-list: error: cloud 'nosuch' was not found in .*clouds\.yaml and .*secure\.yaml; clouds there: stack-a, .*stack-b.*\n$/],
    ['a clouds.yaml that is not YAML', () => ({ OS_CLIENT_CONFIG_FILE: file('bad.yaml', 'clouds:\n  a: [x\n'), OS_CLOUD: 'a' }), /^mistral workflow-list: error: .*bad\.yaml:\d+:\d+: not valid YAML: .+\n$/],
    ['an entry that is not a mapping', () => ({ OS_CLIENT_CONFIG_FILE: file('flat.yaml', 'clouds:\n  a: 42\n'), OS_CLOUD: 'a' }), /^mistral workflow-list: error: cloud 'a' in .*flat\.yaml is not a mapping\n$/],
    ['an openrc whose password the shell would build', () => ({ ...openrc('openrc-a.sh'), TARGET_OS_OPENRC: file('built-openrc.sh', `${readFileSync(stack.env_files.openrc_b, 'utf8')}export OS_PASSWORD="$(cat ~/.b-password)"\n`) }), /^mistral workflow-list: error: .*built-openrc\.sh:\d+: the value of OS_PASSWORD would be built by the shell \(a command substitution \$\(\.\.\.\)\), and mistral never runs shell code: .+\n$/],
    ['a clouds.yaml that is an alias bomb', () => ({ OS_CLIENT_CONFIG_FILE: file('bomb.yaml', aliasBomb('clouds: {a: {auth: {username: *h}}}')), OS_CLOUD: 'a' }), /^mistral workflow-list: error: .*bomb\.yaml: its YAML aliases expand too far \(an alias bomb\?\); not read\n$/],
    ['--os-cloud constructor', () => ({ ...files, OS_CLOUD: 'constructor' }), /^mistral workflow-list: error: cloud 'constructor' was not found in .*clouds\.yaml and .*secure\.yaml; clouds there: stack-a, .*\n$/],
    ['an unknown auth_type', () => ({ OS_CLIENT_CONFIG_FILE: file('oidc.yaml', `clouds:\n  a:\n    auth_type: v3oidcpassword\n    auth: {auth_url: '${stack.clouds.a.auth_url}'}\n`), OS_CLOUD: 'a' }), /^mistral workflow-list: error: cloud 'a' in .*oidc\.yaml: auth_type 'v3oidcpassword' is not supported; use password, v3password, token, v3token, v3applicationcredential, v3totp or v3multifactor\n$/],
  ];
  for (const [name, env, message] of cases) {
    it(name, async () => {
      const before = serviceLogs();
      const r = await mistral(['workflow-list'], env());
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(serviceLogs()).toEqual(before);
    });
  }

  it('a target region the target catalog does not know is refused, with the ones it knows', async () => {
    const r = await mistral(['workflow-list'], { ...openrc('openrc-a.sh', 'target-b.sh'), TARGET_OS_REGION_NAME: 'NoSuchRegion' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("mistral workflow-list: error: the target cloud has no region 'NoSuchRegion'; its catalog knows RegionTwo (--os-target-region-name (TARGET_OS_REGION_NAME or OS_TARGET_REGION_NAME))\n");
  });

  it('no credentials at all: a 401 from Mistral says that no cloud was named and how to name one', async () => {
    const r = await mistral(['--os-mistral-url', stack.mistral.url, 'workflow-list'], {});
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/asks for authentication \(HTTP 401 Unauthorized\), but no cloud was named: set OS_CLOUD \(or --os-cloud\)/);
  });
});
