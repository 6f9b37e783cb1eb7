// Records the reference client's output for formatter cases the transcripts do not cover, by
// running the real python-mistralclient 4.5.0 (/usr/bin/mistral, Debian 12) against our fake
// Mistral in no-auth mode, and writes fixtures/reference-formats.txt in the transcripts' format.
// Run by hand when the fake Mistral's data or the case list changes:
//   npx esbuild test/helpers/record-reference.ts --bundle --platform=node --format=esm \
//     --outfile=/tmp/record-reference.mjs && node /tmp/record-reference.mjs   (from the repository root)
// With `--verify` it records nothing and instead checks that the real client, run against our fake
// Mistral, prints what the transcripts show for every transcript case of every command group
// (command-cases/), stdout, stderr, exit code and requests, in each group's working directory: so
// the fake's canned data is the transcripts' data.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { caseWorkDir } from './command-cases/case.js';
import { CASE_GROUPS } from './command-cases/index.js';
import { startMistral, wire } from './mistral.js';
import { transcript } from './transcripts.js';

export const REFERENCE_CASES: string[][] = [
  ['workflow-list'],
  ['workflow-list', '-f', 'json'],
  ['workflow-list', '-f', 'json', '--noindent'],
  ['workflow-list', '-f', 'yaml'],
  ['workflow-list', '-f', 'value'],
  ['workflow-list', '-f', 'csv'],
  ['workflow-list', '-f', 'csv', '--quote', 'minimal'],
  ['workflow-list', '-f', 'csv', '--quote', 'all'],
  ['workflow-list', '-f', 'csv', '--quote', 'none'],
  ['workflow-list', '-c', 'Name', '-c', 'ID'],
  ['workflow-list', '-f', 'value', '-c', 'Scope', '-c', 'Name'],
  ['workflow-get', 'wf1', '-f', 'json'],
  ['workflow-get', 'wf1', '-f', 'json', '--noindent'],
  ['workflow-get', 'wf1', '-f', 'yaml'],
  ['workflow-get', 'wf1', '-f', 'value'],
  ['workflow-get', 'wf1', '-f', 'shell'],
  ['workflow-get', 'wf1', '-f', 'shell', '--prefix', 'wf_', '-c', 'Name', '-c', 'Created at'],
  ['workflow-get', 'wf1', '-c', 'Scope', '-c', 'Name'],
  ['execution-list', '-f', 'json'],
  ['execution-list', '-f', 'json', '--noindent'],
  ['execution-list', '-f', 'yaml'],
  ['execution-list', '-f', 'value'],
  ['execution-list', '-f', 'csv'],
  ['execution-list', '-f', 'csv', '--quote', 'minimal'],
  ['execution-list', '-c', 'ID', '-c', 'State info', '-c', 'Duration'],
  ['execution-list', '--max-width', '120'],
  ['execution-get', 'e1e1e1e1-0000-0000-0000-000000000001', '-f', 'json'],
  ['execution-get', 'e1e1e1e1-0000-0000-0000-000000000001', '-f', 'json', '--noindent'],
  ['execution-get', 'e1e1e1e1-0000-0000-0000-000000000001', '-f', 'yaml'],
  ['execution-get', 'e1e1e1e1-0000-0000-0000-000000000001', '-f', 'value'],
  ['execution-get', 'e1e1e1e1-0000-0000-0000-000000000001', '-f', 'shell'],
  ['execution-get', 'e1e1e1e1-0000-0000-0000-000000000001', '-f', 'shell', '--prefix', 'ex_', '-c', 'ID', '-c', 'Workflow name'],
  ['execution-get', 'e2'],
  ['execution-get', 'e2', '-f', 'json'],
  ['execution-get', 'e2', '-f', 'yaml'],
  ['execution-get', 'e2', '-f', 'shell'],
  ['execution-get', 'e2', '--max-width', '50'],
];

function run(argv: string[], cwd?: string): Promise<{ stdout: string; stderr: string; rc: number }> {
  return new Promise((resolve) => {
    const child = spawn('/usr/bin/mistral', argv, { cwd, env: { PATH: '/usr/bin:/bin', TZ: 'UTC', LANG: 'C.UTF-8' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (rc) => resolve({ stdout, stderr, rc: rc ?? -1 }));
  });
}

async function record(): Promise<void> {
  const mistral = await startMistral();
  const out = [
    'Reference recordings: python-mistralclient 4.5.0 (/usr/bin/mistral, Debian 12) run by test/helpers/record-reference.ts',
    `against the fake Mistral of test/helpers/mistral.ts in no-auth mode (--os-mistral-url <fake>/v2 first on the command line, not shown), TZ=UTC, empty environment.`,
    '',
    '################ r_formats ################',
  ];
  for (const argv of REFERENCE_CASES) {
    mistral.reset();
    const { stdout, stderr, rc } = await run(['--os-mistral-url', mistral.apiUrl, ...argv]);
    out.push(`$ mistral ${argv.join(' ')}`);
    if (stdout) out.push(stdout.replace(/\n$/, ''));
    if (stderr) out.push('--- stderr:', stderr.replace(/\n$/, ''));
    out.push(`--- rc=${rc}`, '--- requests:');
    for (const r of mistral.requests) out.push(JSON.stringify({ ...wire(r), hdr: {} }));
    out.push('');
  }
  await mistral.close();
  // Relative to the repository root (the bundle runs from /tmp).
  writeFileSync('test/helpers/fixtures/reference-formats.txt', `${out.join('\n')}`);
}

async function verify(): Promise<void> {
  const mistral = await startMistral();
  let failures = 0;
  let total = 0;
  for (const group of CASE_GROUPS) {
    const cwd = caseWorkDir(group);
    for (const { argv } of group.cases) {
      total += 1;
      mistral.reset();
      const block = transcript(argv.join(' '));
      const got = await run(['--os-mistral-url', mistral.apiUrl, ...argv], cwd);
      const requests = JSON.stringify(mistral.requests.map(wire));
      const problems = [
        got.stdout !== block.stdout && `stdout:\n${got.stdout}\n--- transcript:\n${block.stdout}`,
        got.stderr !== block.stderr && `stderr:\n${got.stderr}\n--- transcript:\n${block.stderr}`,
        got.rc !== block.rc && `rc ${got.rc} != ${block.rc}`,
        requests !== JSON.stringify(block.requests) && `requests ${requests}\n   != ${JSON.stringify(block.requests)}`,
      ].filter(Boolean);
      if (problems.length) failures += 1;
      console.log(`${problems.length ? 'DIFF' : 'same'}  mistral ${argv.join(' ')}${problems.map((p) => `\n  ${p}`).join('')}`);
    }
  }
  await mistral.close();
  console.log(`${failures} of ${total} differ`);
}

// Run only as the script itself (the bundle, whatever its name), not when a test imports REFERENCE_CASES.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await (process.argv.includes('--verify') ? verify() : record());
