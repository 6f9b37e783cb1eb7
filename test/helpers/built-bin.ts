// A private build of the bin for tests that run it as a process: bin/mistral.js and dist/ built
// from the current sources into a directory of this test process (build.mjs MISTRAL_BUILD_OUT), so
// another test file's build of the repository's dist/ never rewrites a file a run is loading.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSubdir } from './run-dir.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Builds once per test process; returns the path of the private bin/mistral.js. */
let built: string | undefined;
export function buildPrivateBin(): string {
  if (built) return built;
  const dir = join(runSubdir('built-bin'), String(process.pid));
  mkdirSync(join(dir, 'bin'), { recursive: true });
  // bin/ first: the build makes the start-up snapshot of the bin beside its dist/ (build.mjs).
  for (const file of ['mistral.js', 'code-cache.js', 'snapshot.js', 'package.json']) copyFileSync(join(ROOT, 'bin', file), join(dir, 'bin', file));
  execFileSync(process.execPath, ['build.mjs'], { cwd: ROOT, stdio: 'pipe', env: { ...process.env, MISTRAL_BUILD_OUT: join(dir, 'dist') } });
  // The packages dist/ leaves external (yaml, dotenv), found as from the repository.
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  built = join(dir, 'bin', 'mistral.js');
  return built;
}
