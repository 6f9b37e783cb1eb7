// Once per test run, in the main vitest process: the two test CAs and their server certificates
// in the shared run dir, and its tmp/ (the workers' TMPDIR, vitest.config.ts); removed with the rest of the run dir at the end.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { generatePki } from './tls.js';

let setups = 0;

export default function setup(): () => void {
  const dir = process.env.MISTRAL_TEST_RUN_DIR;
  if (dir) {
    mkdirSync(join(dir, 'tmp'), { recursive: true });
    generatePki(join(dir, 'tls'));
  }
  setups += 1;
  return () => {
    // With several projects this runs once per project; the last one out cleans up.
    setups -= 1;
    if (dir && setups === 0 && !process.env.MISTRAL_TEST_KEEP_RUN_DIR) rmSync(dir, { recursive: true, force: true });
  };
}
