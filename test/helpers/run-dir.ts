// The directory one test run shares between its worker processes: the secrets-scan capture files
// and the TLS material. vitest.config.ts creates it and passes it as MISTRAL_TEST_RUN_DIR; without
// that (another config, a single file run by hand) each process falls back to its own temp dir.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let fallback: string | undefined;

export function runDir(): string {
  const shared = process.env.MISTRAL_TEST_RUN_DIR;
  if (shared) {
    mkdirSync(shared, { recursive: true });
    return shared;
  }
  if (!fallback) {
    const dir = mkdtempSync(join(tmpdir(), 'mistral-ts-test-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    fallback = dir;
  }
  return fallback;
}

/** True when the run dir is shared by the whole run (so the secrets scan sees every file's output). */
export function runDirIsShared(): boolean {
  return Boolean(process.env.MISTRAL_TEST_RUN_DIR);
}

export function runSubdir(name: string): string {
  const dir = join(runDir(), name);
  mkdirSync(dir, { recursive: true });
  return dir;
}
