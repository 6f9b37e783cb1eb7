// Unit tests (test/unit) run in two groups: every file first, then test/unit/secrets-scan.test.ts,
// which reads what all of them captured. test/e2e runs only with MISTRAL_E2E=1 (it needs the real
// stack; its files share one Mistral and run one after another). One temp directory per run, shared by all workers, holds the TLS material made by the
// global setup, the secrets-scan capture files and (TMPDIR) every temporary directory a test makes.
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

// Named here, made on first use (global setup or a worker), removed by the global setup's teardown.
process.env.MISTRAL_TEST_RUN_DIR ??= join(tmpdir(), `mistral-ts-run-${randomBytes(6).toString('hex')}`);

const SECRETS_SCAN = 'test/unit/secrets-scan.test.ts';

export default defineConfig({
  // The bin runs undici as build.mjs bundles it (only the modules the client uses); the tests too.
  resolve: { alias: [{ find: /^undici$/, replacement: fileURLToPath(new URL('./build/undici-subset.mjs', import.meta.url)) }] },
  test: {
    globalSetup: ['test/helpers/global-setup.ts'],
    // The tests' own temporary directories (mkdtemp under os.tmpdir(), hundreds per run) live in
    // the run dir too, so the teardown removes them and no run leaves them in the machine's /tmp.
    env: { MISTRAL_TEST_RUN_DIR: process.env.MISTRAL_TEST_RUN_DIR, TMPDIR: join(process.env.MISTRAL_TEST_RUN_DIR, 'tmp') },
    testTimeout: 15_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], exclude: [...configDefaults.exclude, SECRETS_SCAN] } },
      { extends: true, test: { name: 'secrets-scan', include: [SECRETS_SCAN], sequence: { groupOrder: 1 } } },
      ...(process.env.MISTRAL_E2E === '1'
        ? [{ extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], sequence: { groupOrder: 2 }, testTimeout: 120_000, hookTimeout: 300_000, fileParallelism: false } }]
        : []),
    ],
  },
});
