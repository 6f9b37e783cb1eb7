// The end-to-end files once per release (test/run-all.sh): the repository's vitest.config.ts, with its
// e2e project named after the release under test (STACK_RELEASE), so that every file's label in the
// report says which stack it ran against ("e2e-bookworm", "e2e-trixie"), and with test/e2e/releases.ts
// as its setup file: the tests that cannot hold on this release are skipped there, with the reason.
// Nothing is listed per file: each e2e file, including one added tomorrow, runs on every release
// through the project's include pattern. (JavaScript: tsc need not check vitest.config.ts through it.)
import { resolve } from 'node:path';
import base from '../../vitest.config.ts';

const release = process.env.STACK_RELEASE ?? 'bookworm';

export default {
  ...base,
  root: resolve(import.meta.dirname, '../..'),
  test: {
    ...base.test,
    projects: (base.test?.projects ?? []).map((p) =>
      p.test?.name === 'e2e' ? { ...p, test: { ...p.test, name: `e2e-${release}`, setupFiles: ['test/e2e/releases.ts'] } } : p,
    ),
  },
};
