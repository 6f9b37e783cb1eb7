// The world a command sees, injected so tests run the whole CLI in-process (STYLE.md §3): streams
// and whether they are terminals, the environment, the clock, sleeping, and Ctrl-C.
import { homedir } from 'node:os';
import { readStreamLimited } from './files.js';
import { safeOutput, type SafeOutput } from './text/sanitize.js';

export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Standard input; a terminal one can be switched to raw mode for a password prompt. */
export type Input = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(mode: boolean): unknown };

export interface Io {
  stdout: Output;
  stderr: Output;
  stdin?: Input;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The user's home directory (clouds.yaml and the token cache live below it). */
  homeDir?: string;
  now(): Date;
  /** Resolves after `ms`, or early when `signal` aborts. Tests inject a fake. */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Calls `handler` with the signal's name on Ctrl-C (SIGINT), SIGTERM (how CI runners stop a
   * job) or SIGHUP (a closed terminal) instead of the default (the process ends) until the
   * returned function is called. Only commands that can stop cleanly (waiting) ask for it.
   */
  onInterrupt?(handler: (signal?: string) => void): () => void;
}

/** The world as main() hands it on: stdout and stderr show control characters safely (src/text/sanitize.ts). */
export type SafeIo = Io & { stdout: SafeOutput; stderr: SafeOutput };

/**
 * `io` with stdout and stderr wrapped by safeOutput. The other members are copied with their
 * descriptors, so processIo's lazy stdin getter stays lazy.
 */
export function safeIo(io: Io): SafeIo {
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(io)) as SafeIo;
  copy.stdout = safeOutput(io.stdout);
  copy.stderr = safeOutput(io.stderr);
  return copy;
}

export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // A getter: touching process.stdin sets up a stream for fd 0, which most commands never read.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
    homeDir: homedir(),
    now: () => new Date(),
    sleep: realSleep,
    onInterrupt(handler) {
      const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
      for (const signal of signals) process.on(signal, handler);
      return () => signals.forEach((signal) => process.off(signal, handler));
    },
  };
}

/** Standard input to its end, bounded as an input file is. */
export async function readStream(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  return (await readStreamLimited(stream, 'input', 'standard input')).toString('utf8');
}
