// What the end-to-end tests know about the real stack: stack/start.sh writes stack.json and the
// openrc files into STACK_DIR, both generated from stack/lib/facts.py. Commands run as a user would run
// them: bin/mistral.js through its launcher lines (the start-up snapshot) for this client and the release's own python-mistralclient (Debian 12's
// 4.5.0 on bookworm, Debian 13's 5.4.0 from the trixie root) as the reference.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');
export const STACK_DIR = process.env.STACK_DIR ?? join(REPO, '.stack');

export interface StackUser {
  name: string;
  password: string;
  project: string;
  project_id: string;
  id: string;
}

/** The Debian release the stack runs (stack/lib/facts.py RELEASES; STACK_RELEASE of stack/start.sh). */
export interface StackRelease {
  name: 'bookworm' | 'trixie';
  debian: number;
  /** The Debian root the servers run from (stack/root.sh); null: the host's own packages. */
  root: string | null;
  mistral_version: string;
  keystone_version: string;
  python_mistralclient_version: string;
  /** The prefix that runs a program of the release (stack/in-root.sh for a root; empty for the host's). */
  run: string[];
  /** The release's python-mistralclient as a command line (inside the root for trixie). */
  python_mistral: string[];
  /** The run-time patch applied to Mistral (stack/mistral-launcher.py), or null. */
  patch: string | null;
}

export interface StackFacts {
  stack_dir: string;
  release: StackRelease;
  /** url: plain http; tls_url: https with the home CA (region RegionOneTLS); mtls_url: client certificate (RegionOneMTLS). */
  mistral: { url: string; port: number; tls_url: string; mtls_url: string };
  clouds: {
    a: {
      auth_url: string;
      region: string;
      /** Keystone A over https with the home CA, and the region whose catalog entries are https. */
      tls_auth_url: string;
      tls_region: 'RegionOneTLS';
      /** The port that requires a client certificate signed by the home CA (Keystone at /v3, Mistral at /v2). */
      mtls_auth_url: string;
      mtls_region: 'RegionOneMTLS';
      /** Every region of A's catalog, sorted (whoami's token_regions for a token of A). */
      regions: string[];
      users: Record<string, StackUser>;
      projects: Record<string, string>;
    };
    b: {
      auth_url: string;
      tls_auth_url: string;
      /** Keystone B served by a second uwsgi without the Connection: close header (same database and keys). */
      raw_auth_url: string;
      region: string;
      users: Record<string, StackUser>;
      projects: Record<string, string>;
    };
  };
  /** target_ca signs Keystone B's https certificate; home_ca signs cloud A's and the client certificate. */
  tls: { target_ca: string; other_ca: string; home_ca: string; home_server_cert: string; home_client_cert: string; home_client_key: string };
  /** Written by stack/start.sh: clouds.yaml without passwords, secure.yaml with them. */
  clouds_yaml: string;
  secure_yaml: string;
  /** The entries of clouds.yaml (and secure.yaml). */
  cloud_names: {
    a: 'stack-a';
    a_admin: 'stack-a-admin';
    a_tls: 'stack-a-tls';
    a_mtls: 'stack-a-mtls';
    b: 'stack-b';
    b_extra: 'stack-b-extra';
    b_tls: 'stack-b-tls';
    b_raw: 'stack-b-raw';
  };
  /** Paths of the env files in STACK_DIR: openrc_a, openrc_a_admin, openrc_b, openrc_b_horizon, target_b, ... */
  env_files: {
    openrc_a: string;
    openrc_a_admin: string;
    openrc_b: string;
    openrc_b_horizon: string;
    openrc_a_tls: string;
    openrc_a_mtls: string;
    target_b: string;
    target_b_legacy: string;
    target_b_tls: string;
    target_b_extra: string;
    target_b_raw: string;
    target_a: string;
  };
}

export const stack: StackFacts = JSON.parse(readFileSync(join(STACK_DIR, 'stack.json'), 'utf8'));

/** The variables an openrc file exports, as `source file` would set them. */
export function openrc(...names: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of names) {
    for (const line of readFileSync(join(STACK_DIR, name), 'utf8').split('\n')) {
      const match = /^export ([A-Z_]+)=(.*)$/.exec(line.trim());
      if (match) env[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
    }
  }
  return env;
}

export interface Run {
  stdout: string;
  stderr: string;
  code: number;
  ms: number;
}

/** A clean environment: PATH and HOME only, plus what the test gives (no stray OS_* of the machine). */
function baseEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', TZ: 'UTC', LANG: 'C.UTF-8' };
}

function run(file: string, args: string[], env: Record<string, string>, input?: string): Promise<Run> {
  const started = performance.now();
  return new Promise((done) => {
    const child = execFile(file, args, { env: { ...baseEnv(), ...env }, cwd: REPO, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ stdout, stderr, code, ms: performance.now() - started });
    });
    // A pipe on stdin, as `producer | mistral ...` gives it.
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Any program, with the same clean environment (PATH, HOME, TZ, LANG) plus `env`. */
export function runProgram(file: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return run(file, args, env);
}

/**
 * This client, as installed: bin/mistral.js run as a command, so through its launcher lines and the
 * build's start-up snapshot (bin/snapshot.js); `input` goes to its stdin through a pipe.
 */
export function mistral(args: string[], env: Record<string, string>, input?: string): Promise<Run> {
  return run(join(REPO, 'bin/mistral.js'), args, env, input);
}

/** The release under test, e.g. 'trixie'. */
export const RELEASE = stack.release.name;

/**
 * The reference: the release's own python-mistralclient from Debian (4.5.0 on bookworm, 5.4.0 on
 * trixie, whose commands/, api/, auth/ and shell.py are 4.5.0's).
 */
export function pythonMistral(args: string[], env: Record<string, string>): Promise<Run> {
  return runInRelease('/usr/bin/mistral', args, env);
}

/** A program of the release's packages (inside its root for trixie), as runProgram runs one of the host's. */
export function runInRelease(file: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const [program, ...prefix] = [...stack.release.run, file];
  return run(program, [...prefix, ...args], env);
}

/** Runs a command that must succeed and returns its stdout; a failure shows everything it printed. */
export async function ok(result: Promise<Run>): Promise<string> {
  const r = await result;
  if (r.code !== 0) throw new Error(`exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.stdout;
}

/**
 * (Re)creates stack/whoami.yaml public as admin@A: public, so that a target project of another cloud
 * can run it (a private workflow is "not found" there).
 */
export async function publishWhoami(): Promise<void> {
  const admin = openrc('openrc-a-admin.sh');
  await mistral(['workflow-delete', 'whoami'], admin);
  await ok(mistral(['workflow-create', '--public', join(REPO, 'stack/whoami.yaml')], admin));
}

/** Waits until an execution leaves RUNNING/IDLE; returns its final state. */
export async function waitForExecution(id: string, env: Record<string, string>, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = (await ok(mistral(['execution-get', id, '-c', 'State', '-f', 'value'], env))).trim();
    if (!['RUNNING', 'IDLE', 'PAUSED'].includes(state) || Date.now() > deadline) return state;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Line count of a service log, to prove that a refused command sent nothing. */
export function logLines(relativePath: string): number {
  try {
    return readFileSync(join(STACK_DIR, relativePath), 'utf8').split('\n').length;
  } catch {
    return 0;
  }
}

export interface TerminalRun {
  /** Everything the terminal showed (stderr, and stdout unless it went to a file). */
  output: string;
  code: number;
  timedOut: boolean;
  /** stdout, when it was sent to a file instead of the terminal. */
  stdout?: string;
}

export interface TerminalStep {
  /** A regular expression the terminal output must match before `send` is typed. */
  expect: string;
  send?: string;
  /** A signal to send to the command instead of (or before) typing, e.g. 'SIGINT'. */
  signal?: string;
}

/**
 * This client on a real pseudo-terminal (test/helpers/pty-run.py): stdin and stderr are a terminal,
 * as for a person at a shell; `stdoutToFile` sends stdout to a file, as `mistral ... > out` would.
 */
export async function mistralOnTerminal(args: string[], env: Record<string, string>, steps: TerminalStep[] = [], options: { stdoutToFile?: boolean; timeoutS?: number; columns?: number } = {}): Promise<TerminalRun> {
  const { mkdtempSync, readFileSync: read } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const stdoutFile = options.stdoutToFile ? join(mkdtempSync(join(tmpdir(), 'mistral-pty-')), 'stdout') : undefined;
  const spec = {
    argv: [join(REPO, 'bin/mistral.js'), ...args],
    env: { ...baseEnv(), TERM: 'xterm-256color', ...env },
    cwd: REPO,
    steps,
    timeout: options.timeoutS ?? 60,
    columns: options.columns ?? 120,
    stdout_file: stdoutFile,
  };
  const run = await new Promise<string>((done, fail) => {
    execFile('/usr/bin/python3', [join(REPO, 'test/helpers/pty-run.py'), JSON.stringify(spec)], { maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`pty-run.py failed: ${stderr}`));
      else done(stdout);
    });
  });
  const result = JSON.parse(run) as { output: string; code: number; timed_out: boolean };
  return { output: result.output, code: result.code, timedOut: result.timed_out, stdout: stdoutFile ? read(stdoutFile, 'utf8') : undefined };
}
