// The stack depends on nothing a machine accumulates: every path it reads or writes is in STACK_DIR or
// is a file of Debian's packages, and test/isolated.sh (where test/run-all.sh runs the stack and every
// test) shows /etc and /var as a fresh machine has them. A Keystone option left at its /etc default is
// invisible on a machine where an earlier keystone-manage run created that path, and fatal on a fresh one.
import { describe, expect, it } from 'vitest';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, ok, runInRelease, runProgram, stack } from './stack.js';

const D = stack.stack_dir;
const ISOLATED = join(REPO, 'test/isolated.sh');
const inside = (path: string | undefined, dir = D) => typeof path === 'string' && (path === dir || path.startsWith(`${dir}/`));
// A release that runs from a root (stack/root.sh): its servers see STACK_DIR at its own path inside the
// root, and read the root's package files (/usr, ...); from here both show with the root's path in front.
const ROOT = stack.release.root;
const insideStack = (path: string | undefined) => inside(path) || (ROOT !== null && inside(path, `${ROOT}${D}`));
const packageFile = (path: string) => /^\/(usr|dev)\//.test(path) || (ROOT !== null && /^\/(usr|dev)\//.test(path.slice(ROOT.length)) && path.startsWith(ROOT));

/** name -> PID of the servers start.sh recorded (and their recorded children), that still run. */
function recordedProcesses(): Array<{ name: string; pid: number }> {
  return readFileSync(join(D, 'pids'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' '))
    .map(([name, pid]) => ({ name, pid: Number(pid) }))
    .filter(({ pid }) => {
      try {
        return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    });
}

/** The recorded processes and all their descendants. */
function stackProcesses(): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // ended meanwhile
    }
  }
  const pids = new Set(recordedProcesses().map((p) => p.pid));
  for (let grown = true; grown; ) {
    grown = false;
    for (const [pid, ppid] of parent) {
      if (!pids.has(pid) && pids.has(ppid)) {
        pids.add(pid);
        grown = true;
      }
    }
  }
  return [...pids].filter((pid) => parent.has(pid));
}

function environOf(pid: number): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean)) {
    const eq = entry.indexOf('=');
    env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

describe('the stack keeps to STACK_DIR and the packages', () => {
  it('sets every Keystone and Mistral option whose default lies outside STACK_DIR to a path inside it', async () => {
    // The option list comes from the installed packages (oslo-config-generator's entry points).
    const rows: Array<{ config: string; section: string; option: string; default: unknown; value: string | null }> = JSON.parse(
      // The release's own packages: inside the root for a root release.
      await ok(runInRelease('/usr/bin/python3', [join(REPO, 'test/e2e/fixtures/path-options.py'), D])),
    );
    const names = rows.map((r) => `${r.config} [${r.section}] ${r.option}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'ks-a/keystone.conf [fernet_receipts] key_repository',
        'ks-b/keystone.conf [fernet_tokens] key_repository',
        'ks-b/keystone.conf [credential] key_repository',
        'ks-a/keystone.conf [oslo_policy] policy_dirs',
        'ks-a/keystone.conf [jwt_tokens] jws_private_key_repository',
        'mistral/mistral.conf [event_engine] event_definitions_cfg_file',
        'mistral/mistral.conf [oslo_policy] policy_file',
        'mistral/mistral.conf [oslo_concurrency] lock_path',
      ]),
    );
    expect(names).toContain('ks-b-raw/keystone.conf [fernet_receipts] key_repository');
    const astray = rows.filter((r) => !inside(r.value ?? undefined));
    expect(astray).toEqual([]);
  });

  it('starts every Keystone and Mistral process with an empty --config-dir of its own', () => {
    // Without it oslo.config parses ~/.keystone/keystone.conf.d, /etc/keystone/keystone.conf.d, ... too.
    for (const [ks, config] of [['ks-a', 'ks-a'], ['ks-b', 'ks-b'], ['ks-b-raw', 'ks-b']]) {
      expect(readFileSync(join(D, ks, 'uwsgi.ini'), 'utf8')).toContain(`\npyargv = --config-dir ${D}/${config}/conf.d\n`);
      expect(readdirSync(join(D, config, 'conf.d'))).toEqual([]);
    }
    const mistral = recordedProcesses().find((p) => p.name === 'mistral');
    expect(mistral).toBeDefined();
    const argv = readFileSync(`/proc/${mistral!.pid}/cmdline`, 'utf8').split('\0');
    expect(argv[argv.indexOf('--config-dir') + 1]).toBe(`${D}/mistral/conf.d`);
    expect(readdirSync(join(D, 'mistral/conf.d'))).toEqual([]);
  });

  it('gives nginx every path that its build compiles in, inside STACK_DIR', async () => {
    const { stderr } = await runProgram('nginx', ['-V']);
    const compiled = [...stderr.matchAll(/--([a-z-]+-path)=(\S+)/g)].map((m) => m[1]);
    expect(compiled).toContain('http-client-body-temp-path');
    const conf = readFileSync(join(D, 'nginx/nginx.conf'), 'utf8');
    const directive: Record<string, string> = {
      'pid-path': 'pid',
      'lock-path': 'lock_file',
      'http-log-path': 'access_log',
      'error-log-path': 'error_log',
      'http-client-body-temp-path': 'client_body_temp_path',
      'http-proxy-temp-path': 'proxy_temp_path',
      'http-fastcgi-temp-path': 'fastcgi_temp_path',
      'http-uwsgi-temp-path': 'uwsgi_temp_path',
      'http-scgi-temp-path': 'scgi_temp_path',
    };
    for (const path of compiled) {
      if (path === 'conf-path' || path === 'modules-path') continue; // -c below; no load_module in the config
      expect(directive, `nginx -V has --${path}: map it to its directive and set it in start.sh`).toHaveProperty(path);
      const value = new RegExp(`^\\s*${directive[path]}\\s+([^\\s;]+)`, 'm').exec(conf)?.[1];
      expect(inside(value, join(D, 'nginx')), `${directive[path]} ${value}`).toBe(true);
    }
    expect(conf).not.toMatch(/load_module|include /);
    const nginx = recordedProcesses().find((p) => p.name === 'nginx')!;
    // nginx rewrites its title: "nginx: master process nginx -p ... -c ... -e ...", one string.
    const argv = readFileSync(`/proc/${nginx.pid}/cmdline`, 'utf8').replaceAll('\0', ' ').split(' ');
    for (const flag of ['-p', '-c', '-e']) expect(inside(argv[argv.indexOf(flag) + 1]), `nginx ${flag}`).toBe(true);
  });

  it("starts RabbitMQ with each of Debian's /etc/rabbitmq, /var/lib/rabbitmq and /var/log/rabbitmq defaults moved into STACK_DIR", () => {
    // The defaults of rabbit_env (rabbit_common 3.10) and Debian's rabbitmq-defaults, plus the Erlang
    // cookie's home, the crash dump (else the current directory) and the code path (else /<module>.beam).
    const rabbit = recordedProcesses().find((p) => p.name === 'rabbit')!;
    const env = environOf(rabbit.pid);
    for (const name of [
      'RABBITMQ_CONFIG_FILE', 'RABBITMQ_CONFIG_FILES', 'RABBITMQ_ADVANCED_CONFIG_FILE', 'RABBITMQ_CONF_ENV_FILE',
      'RABBITMQ_ENABLED_PLUGINS_FILE', 'RABBITMQ_MOTD_FILE', 'RABBITMQ_MNESIA_BASE', 'RABBITMQ_LOG_BASE',
      'RABBITMQ_SERVER_CODE_PATH', 'HOME', 'ERL_CRASH_DUMP',
    ]) {
      expect(inside(env[name], join(D, 'rabbit')), `${name}=${env[name]}`).toBe(true);
    }
  });

  it('runs every server with HOME in STACK_DIR, its working directory there, and no open file elsewhere', () => {
    const pids = stackProcesses();
    expect(pids.length).toBeGreaterThanOrEqual(8);
    const astray: string[] = [];
    for (const pid of pids) {
      let cwd: string;
      let fds: string[];
      try {
        cwd = readlinkSync(`/proc/${pid}/cwd`);
        fds = readdirSync(`/proc/${pid}/fd`).map((fd) => {
          try {
            return readlinkSync(`/proc/${pid}/fd/${fd}`);
          } catch {
            return 'closed';
          }
        });
      } catch {
        continue; // ended meanwhile
      }
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (!insideStack(cwd)) astray.push(`${comm} ${pid}: cwd ${cwd}`);
      // nginx empties its environment (ngx_set_environment keeps only TZ): no HOME at all.
      const home = environOf(pid).HOME;
      if (!inside(home) && !(comm === 'nginx' && home === undefined)) astray.push(`${comm} ${pid}: HOME=${home}`);
      for (const target of fds) {
        if (insideStack(target) || packageFile(target) || /^(socket|pipe|anon_inode):|^closed$/.test(target)) continue;
        astray.push(`${comm} ${pid}: fd ${target}`);
      }
    }
    expect(astray).toEqual([]);
  });
});

describe('test/isolated.sh: the view of a fresh machine', () => {
  /** Runs `script` (bash) in test/isolated.sh with the given options and caller's `env`; prints what it prints. */
  const isolated = (options: string[], script: string, env: Record<string, string> = {}) =>
    runProgram('bash', [ISOLATED, ...options, '--', 'bash', '-c', script], env);
  const LIST = 'for p in $ISOLATED_LEFTOVERS; do if [ -e "$p" ]; then echo "visible $p"; else echo "hidden $p"; fi; done';

  it('hides leftovers planted in /etc, /var/lib, /var/log and /etc/openstack, and gives the command an empty HOME', async () => {
    const r = await isolated(['--plant-leftovers'], `${LIST}; echo "HOME=$HOME"; ls -A "$HOME" | wc -l`);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const leftovers = lines.filter((l) => /^(hidden|visible) /.test(l));
    expect(leftovers.length).toBeGreaterThanOrEqual(12);
    expect(leftovers).toContain('hidden /etc/keystone/fernet-keys/0');
    expect(leftovers).toContain('hidden /etc/keystone/keystone.conf.d/99-leftover.conf');
    expect(leftovers).toContain('hidden /etc/openstack/clouds.yaml');
    expect(leftovers.filter((l) => l.startsWith('visible '))).toEqual([]);
    expect(lines.at(-2)).toMatch(/^HOME=\/tmp\/isolated\.\w+\/private\/home$/);
    expect(lines.at(-1)).toBe('0');
    expect(r.stderr).toContain('test/isolated.sh: /etc/keystone: hidden (not from a package): ');
  });

  it("unsets the caller's OpenStack variables (stack/lib.sh forget_openstack_settings) and keeps the rest", async () => {
    const callers = {
      OS_CLOUD: 'stray',
      OS_AUTH_URL: 'http://192.0.2.1:5000/v3',
      OS_TARGET_AUTH_URL: 'http://192.0.2.2:5000/v3',
      TARGET_OS_AUTH_URL: 'http://192.0.2.3:5000/v3',
      TARGET_MISTRALCLIENT_INSECURE: 'true',
      KEEP_OS_THIS: 'kept',
    };
    const r = await isolated([], 'env | grep -E "OS_|MISTRALCLIENT" | sort', callers);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('KEEP_OS_THIS=kept\n');
  });

  it('shows the same leftovers when told not to hide them (so the planting is real)', async () => {
    const r = await isolated(['--plant-leftovers', '--leave-leftovers'], LIST);
    expect(r.code, r.stderr).toBe(0);
    const leftovers = r.stdout.trim().split('\n');
    expect(leftovers.length).toBeGreaterThanOrEqual(12);
    expect(leftovers.filter((l) => !l.startsWith('visible '))).toEqual([]);
  });

  it('shows /etc/keystone and /etc/mistral with exactly the files dpkg lists for their packages', async () => {
    const r = await isolated([], 'find /etc/keystone /etc/mistral -mindepth 1 | sort; echo ---; dpkg-query -L keystone mistral-api mistral-common | grep -E "^/etc/(keystone|mistral)/" | sort -u');
    expect(r.code, r.stderr).toBe(0);
    const [seen, listed] = r.stdout.split('---\n').map((s) => s.trim());
    expect(seen).toContain('/etc/keystone/policy.d/00_default_policy.yaml');
    expect(seen).toBe(listed);
  });

  it("makes keystone-manage bootstrap fail without [fernet_receipts] key_repository even where leftovers would hide the fault", async () => {
    // A copy of cloud A's Keystone: config (paths moved to the copy), keys and database.
    const dir = mkdtempSync(join(tmpdir(), 'isolation-ks-'));
    try {
      for (const sub of ['log', 'conf.d', 'policy.d', 'fernet-keys', 'credential-keys']) mkdirSync(join(dir, sub));
      for (const repo of ['fernet-keys', 'credential-keys']) {
        for (const key of readdirSync(join(D, 'ks-a', repo))) copyFileSync(join(D, 'ks-a', repo, key), join(dir, repo, key));
      }
      await ok(runProgram('sqlite3', ['-init', '/dev/null', join(D, 'ks-a/keystone.db'), `.backup ${join(dir, 'keystone.db')}`]));
      const conf = readFileSync(join(D, 'ks-a/keystone.conf'), 'utf8').replaceAll(join(D, 'ks-a'), dir);
      expect(conf).toContain('[fernet_receipts]');
      const withoutReceipts = conf.replace(/^\[fernet_receipts\]\n(?:(?!\[).*\n)*/m, '');
      expect(withoutReceipts).not.toContain('fernet_receipts');
      writeFileSync(join(dir, 'full.conf'), conf);
      writeFileSync(join(dir, 'without-receipts.conf'), withoutReceipts);
      const bootstrap = (file: string) =>
        `keystone-manage --config-file ${dir}/${file} --config-dir ${dir}/conf.d bootstrap --bootstrap-password x 2>&1`;

      // On a machine with leftovers (a valid /etc/keystone/fernet-keys) the missing option goes unnoticed...
      const blind = await isolated(['--plant-leftovers', '--leave-leftovers'], bootstrap('without-receipts.conf'));
      expect(blind.code, blind.stdout).toBe(0);
      // ...in the namespace it fails as on a fresh machine,
      const caught = await isolated(['--plant-leftovers'], bootstrap('without-receipts.conf'));
      expect(caught.code).toBe(1);
      expect(caught.stdout).toContain('/etc/keystone/fernet-keys/ does not exist');
      // and start.sh's configuration works there.
      const fine = await isolated(['--plant-leftovers'], bootstrap('full.conf'));
      expect(fine.code, fine.stdout).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to run the command when the namespaces cannot be made', async () => {
    // As in a container that forbids unshare: util-linux's own message, then ours, and nothing runs.
    const bin = mkdtempSync(join(tmpdir(), 'isolation-bin-'));
    try {
      writeFileSync(join(bin, 'unshare'), '#!/bin/sh\necho "unshare: unshare failed: Operation not permitted" >&2\nexit 1\n');
      chmodSync(join(bin, 'unshare'), 0o755);
      const r = await runProgram('bash', [ISOLATED, '--', 'echo', 'the command ran'], { PATH: `${bin}:${process.env.PATH}` });
      expect(r.code).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toEqual([
        'unshare: unshare failed: Operation not permitted',
        'test/isolated.sh: cannot create private mount, network and PID namespaces (unshare --mount --net --pid --fork --mount-proc exited 1); the tests need them (root and unshare -mnp) and are not run without them',
      ]);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('refuses to run the command for a user who is not root', async () => {
    const r = await runProgram('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'bash', ISOLATED, '--', 'echo', 'the command ran']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(
      'test/isolated.sh: cannot create private mount, network and PID namespaces (not root); the tests need them (root and unshare -mnp) and are not run without them',
    );
  });
});
