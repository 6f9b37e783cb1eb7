// The secrets scan's memory. Every token the fake Keystones issue, every password and token a test
// hands the CLI, and every byte the CLI writes to stdout or stderr are appended to per-process JSONL
// files in the run dir, so the scan (test/unit/secrets-scan.test.ts, run after every other file)
// can check the whole run, --debug runs included.
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import { runSubdir } from './run-dir.js';

/** A secret shorter than this would match by accident; tests must use long ones. */
export const MIN_SECRET_LENGTH = 12;

export interface SecretRecord {
  kind: 'secret';
  value: string;
  label: string;
  file: string;
}

export interface OutputRecord {
  kind: 'output';
  stream: 'stdout' | 'stderr';
  text: string;
  argv: string[];
  debug: boolean;
  file: string;
}

type CaptureRecord = SecretRecord | OutputRecord;

const captureFile = join(runSubdir('capture'), `${process.pid}-${randomBytes(4).toString('hex')}.jsonl`);

function currentTestFile(): string {
  // vitest sets this per worker; it names the file in a leak report.
  const state = (globalThis as { __vitest_worker__?: { filepath?: string } }).__vitest_worker__;
  return state?.filepath ? basename(state.filepath) : 'unknown';
}

function append(record: CaptureRecord): void {
  appendFileSync(captureFile, `${JSON.stringify(record)}\n`);
}

/** Remember a value that must never be printed. */
export function registerSecret(value: string, label: string): void {
  if (value.length < MIN_SECRET_LENGTH) {
    throw new Error(`test secret '${label}' is shorter than ${MIN_SECRET_LENGTH} characters; the scan could not tell it from ordinary text`);
  }
  append({ kind: 'secret', value, label, file: currentTestFile() });
}

/** A fresh random secret (registered), e.g. a password for a fake user. */
export function newSecret(label: string): string {
  const value = `${label.replace(/[^A-Za-z0-9]/g, '')}-${randomBytes(18).toString('base64url')}`;
  registerSecret(value, label);
  return value;
}

export function recordOutput(stream: 'stdout' | 'stderr', text: string, argv: string[]): void {
  if (!text) return;
  append({ kind: 'output', stream, text, argv, debug: argv.includes('--debug'), file: currentTestFile() });
}

export interface Capture {
  secrets: SecretRecord[];
  outputs: OutputRecord[];
  files: string[];
}

/** Everything every process of this run has recorded so far. */
export function readCapture(): Capture {
  const dir = runSubdir('capture');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.jsonl')) : [];
  const secrets: SecretRecord[] = [];
  const outputs: OutputRecord[] = [];
  for (const f of files) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!line) continue;
      const record = JSON.parse(line) as CaptureRecord;
      if (record.kind === 'secret') secrets.push(record);
      else outputs.push(record);
    }
  }
  return { secrets, outputs, files };
}

export interface Leak {
  secret: SecretRecord;
  output: OutputRecord;
}

/** Every (secret, output) pair where the output contains the secret. */
export function findLeaks(secrets: SecretRecord[], outputs: OutputRecord[]): Leak[] {
  const leaks: Leak[] = [];
  const unique = new Map(secrets.map((s) => [s.value, s]));
  for (const output of outputs) {
    for (const secret of unique.values()) {
      if (output.text.includes(secret.value)) leaks.push({ secret, output });
    }
  }
  return leaks;
}

/** A V8 stack frame line, as `Error.stack` prints it. */
export const STACK_FRAME = /^\s+at .+(?:\(.+:\d+:\d+\)|:\d+:\d+)$/m;
