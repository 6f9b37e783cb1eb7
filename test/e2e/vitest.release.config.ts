// The end-to-end files once per release (test/run-all.sh): the repository's vitest.config.ts, with its
// e2e project named after the release under test (STACK_RELEASE), so that every file's label in the
// report says which stack it ran against ("e2e-bookworm", "e2e-trixie"). Nothing is listed twice: each
// e2e file, including one added tomorrow, runs on every release through the project's include pattern.
import { resolve } from 'node:path';
import base from '../../vitest.config';

const release = process.env.STACK_RELEASE ?? 'bookworm';
type Project = { test?: { name?: string } };
const projects = (base.test?.projects ?? []) as Project[];

export default {
  ...base,
  root: resolve(import.meta.dirname, '../..'),
  test: {
    ...base.test,
    projects: projects.map((p) => (p.test?.name === 'e2e' ? { ...p, test: { ...p.test, name: `e2e-${release}` } } : p)),
  },
};
