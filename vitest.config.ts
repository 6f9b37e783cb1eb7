import { defineConfig } from 'vitest/config';

// End-to-end tests need the real two-cloud stack (stack/start.sh); they run only when the
// runner says the stack is up (MISTRAL_E2E=1), so a unit run never shows them as skipped.
const e2e = process.env.MISTRAL_E2E === '1';

export default defineConfig({
  test: {
    include: e2e ? ['test/**/*.test.ts'] : ['test/unit/**/*.test.ts'],
    testTimeout: e2e ? 120_000 : 20_000,
    hookTimeout: e2e ? 180_000 : 30_000,
    // The e2e files share one Mistral; run files one after another to keep timings honest.
    fileParallelism: !e2e,
  },
});
