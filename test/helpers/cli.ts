// Runs the whole CLI in-process through `main(argv, io)` with an injected environment, working
// directory and clock, and captures stdout, stderr and the exit code. Every byte written (and any
// stray write to the real process streams) also goes to the secrets-scan capture, and every
// password or token handed to the CLI is registered as a secret first.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli.js';
import type { Input, Io } from '../../src/io.js';
import { workDir } from './cli-workdir.js';
import { runSubdir } from './run-dir.js';
import { recordOutput, registerSecret } from './secrets.js';

/** The clock every in-process run sees. */
export const NOW = new Date('2024-06-01T12:00:00Z');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Anything written to the real process.stdout/stderr during the run (should be nothing). */
  stray: string;
}

export interface RunOptions {
  cwd?: string;
  stdin?: string;
  isTTY?: boolean;
  columns?: number;
  /** The user's home (clouds.yaml, caches); default: an empty directory of this process. */
  homeDir?: string;
  /**
   * stdin and stderr are a terminal a person sits at; `typed` is what they type (a prompt reads it).
   * `rawModes` records every setRawMode call.
   */
  terminal?: { typed?: string; columns?: number; rawModes?: boolean[] };
  clock?: () => Date;
  sleep?: Io['sleep'];
  onInterrupt?: Io['onInterrupt'];
}

/** An empty home directory: nothing of the machine's ~/.config/openstack or ~/.cache may decide a test. */
export function emptyHome(): string {
  const dir = join(runSubdir('home'), String(process.pid));
  mkdirSync(dir, { recursive: true });
  return dir;
}

function terminalInput(terminal: NonNullable<RunOptions['terminal']>): Input {
  const input = new PassThrough() as PassThrough & Input;
  input.isTTY = true;
  input.setRawMode = (mode: boolean) => {
    terminal.rawModes?.push(mode);
    return input;
  };
  if (terminal.typed) {
    // Each line typed is a password the scan must never find in the output.
    for (const line of terminal.typed.split(/[\r\n\u0003\u0004]/)) if (line.length >= 12) registerSecret(line, 'typed at a prompt');
    input.write(terminal.typed);
  }
  return input;
}

// Not PASSCODE: six digits, valid for seconds, too short for the scan to tell from ordinary text.
const SECRET_ENV = /(PASSWORD|TOKEN|SECRET)$/;
const SECRET_FLAGS = new Set(['--os-password', '--os-target-password', '--os-auth-token', '--os-target-auth-token', '--openid-client-secret', '--os-application-credential-secret', '--os-target-application-credential-secret']);

function registerInputs(argv: string[], env: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(env)) {
    if (value && SECRET_ENV.test(name)) registerSecret(value, `env ${name}`);
  }
  argv.forEach((arg, i) => {
    const [flag, inline] = arg.split(/=(.*)/s);
    if (!SECRET_FLAGS.has(flag)) return;
    const value = inline ?? argv[i + 1];
    if (value) registerSecret(value, `flag ${flag}`);
  });
}

let defaultCwd: string | undefined;

export async function runCli(argv: string[], env: Record<string, string | undefined> = {}, options: RunOptions = {}): Promise<CliResult> {
  registerInputs(argv, env);
  defaultCwd ??= workDir();
  let stdout = '';
  let stderr = '';
  let stray = '';
  const io: Io = {
    stdout: {
      write: (text: string) => {
        stdout += text;
        return true;
      },
      isTTY: options.isTTY ?? false,
      columns: options.columns ?? 80,
    },
    stderr: {
      write: (text: string) => {
        stderr += text;
        return true;
      },
      isTTY: Boolean(options.terminal),
      columns: options.terminal?.columns ?? 80,
    },
    stdin: options.terminal ? terminalInput(options.terminal) : options.stdin === undefined ? undefined : Readable.from([options.stdin]),
    env: { ...env },
    cwd: options.cwd ?? defaultCwd,
    homeDir: options.homeDir ?? emptyHome(),
    now: options.clock ?? (() => NOW),
    sleep: options.sleep,
    onInterrupt: options.onInterrupt,
  };
  const realOut = process.stdout.write;
  const realErr = process.stderr.write;
  const catchStray = (text: unknown) => {
    stray += typeof text === 'string' ? text : Buffer.from(text as Uint8Array).toString('utf8');
    return true;
  };
  process.stdout.write = catchStray as typeof process.stdout.write;
  process.stderr.write = catchStray as typeof process.stderr.write;
  let code: number;
  try {
    code = await main(argv, io);
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
    recordOutput('stdout', stdout, argv);
    recordOutput('stderr', stderr, argv);
    recordOutput('stderr', stray, argv);
  }
  return { code, stdout, stderr, stray };
}

/** The lines of a text, without the empty string after a final newline. */
export function lines(text: string): string[] {
  const out = text.split('\n');
  if (out[out.length - 1] === '') out.pop();
  return out;
}
