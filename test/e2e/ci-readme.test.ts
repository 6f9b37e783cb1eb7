// README "CI", "Run and read the result": the snippet as the README shows it, run by bash against
// the real stack with `mistral` on PATH (this client's bin): a workflow that succeeds (exit 0, its
// output in the file the snippet writes, the task's end in the log) and the same name with a
// definition that fails (exit 1, the failed task's error result in the log, no output file).
import { mkdtempSync, existsSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, mistral, ok, openrc, runProgram } from './stack.js';

const home = openrc('openrc-a.sh');

/** The first sh block under the README heading `### <heading>`, as written. */
function readmeBlock(heading: string): string {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const at = readme.indexOf(`\n### ${heading}\n`);
  if (at < 0) throw new Error(`README.md has no "### ${heading}"`);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!block) throw new Error(`no sh block under "### ${heading}"`);
  return block[1];
}

/** A directory holding `mistral` (this client's bin), first on PATH, as `npm install -g` would make it. */
function pathWithMistral(): string {
  const bin = mkdtempSync(join(tmpdir(), 'mistral-ci-bin-'));
  symlinkSync(join(REPO, 'bin/mistral.js'), join(bin, 'mistral'));
  return `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`;
}

async function runSnippet() {
  const cwd = mkdtempSync(join(tmpdir(), 'mistral-ci-job-'));
  const snippet = readmeBlock('Run and read the result');
  // As a CI job runs a step: bash, errexit and pipefail, in the job's directory.
  // (set after bash's own start-up, which Debian's /etc/bash.bashrc does not survive with -u)
  const run = await runProgram('/bin/bash', ['-c', `set -euo pipefail\ncd ${cwd}\n${snippet}`], { ...home, PATH: pathWithMistral(), VERSION: '1.2' });
  return { ...run, cwd };
}

beforeAll(async () => {
  await mistral(['workflow-delete', 'ci_smoke'], home);
  await ok(mistral(['workflow-create', join(REPO, 'test/e2e/fixtures/ci/ci_smoke.yaml')], home));
});

describe('README "CI": Run and read the result, as written', () => {
  it('a workflow that succeeds: exit 0, its output in deploy-output.json, the task in the log', async () => {
    const run = await runSnippet();
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(run.cwd, 'deploy-output.json'), 'utf8'))).toEqual({ deployed: '1.2' });
    expect(run.stderr).toMatch(/^execution \S+: task deploy SUCCESS after \d:\d\d:\d\d$/m);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toMatch(/^execution \S+: SUCCESS after \d:\d\d:\d\d$/);
    expect(run.stdout).toBe('');
  });

  it('the same step when the workflow fails: exit 1, the reason in the log, no output file', async () => {
    await ok(mistral(['workflow-update', join(REPO, 'test/e2e/fixtures/ci/ci_smoke_failing.yaml')], home));
    try {
      const run = await runSnippet();
      expect(run.code).toBe(1);
      expect(existsSync(join(run.cwd, 'deploy-output.json'))).toBe(false);
      expect(run.stderr).toMatch(/^mistral: execution \S+ ended in ERROR: /m);
      expect(run.stderr).toMatch(/^mistral: execution \S+: task deploy: action std.fail failed with: version 1\.2 refused by the smoke test$/m);
    } finally {
      await ok(mistral(['workflow-update', join(REPO, 'test/e2e/fixtures/ci/ci_smoke.yaml')], home));
    }
  });
});
