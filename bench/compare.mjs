#!/usr/bin/env node
// Speed of this client against python-mistralclient 4.5.0 in the same run, on the same machine and
// stack: each command runs RUNS times per client, interleaved, and the medians are compared.
// Needs the stack up (npm run stack:start). Usage: node bench/compare.mjs [RUNS]
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const stackDir = process.env.STACK_DIR ?? join(repo, '.stack');
const runs = Number(process.argv[2] ?? 7);

function openrc(...files) {
  const env = {};
  for (const file of files) {
    for (const line of readFileSync(join(stackDir, file), 'utf8').split('\n')) {
      const m = /^export ([A-Z_]+)=(.*)$/.exec(line.trim());
      if (m) env[m[1]] = m[2];
    }
  }
  return env;
}

const base = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' };
const home = { ...base, ...openrc('openrc-a.sh') };
const target = { ...home, ...openrc('target-b.sh', 'target-b-legacy.sh') };
const clients = {
  ours: (args) => [process.execPath, [join(repo, 'bin/mistral.js'), ...args]],
  python: (args) => ['/usr/bin/mistral', args],
};
const cases = [
  ['mistral --version', ['--version'], base],
  ['mistral help', ['help'], base],
  ['workflow-list (auth at A, URL from catalog)', ['workflow-list'], home],
  ['execution-list', ['execution-list'], home],
  ['workflow-list with target B (auth at A and B)', ['workflow-list'], target],
];

function time(client, args, env) {
  const [file, argv] = clients[client](args);
  const started = process.hrtime.bigint();
  const r = spawnSync(file, argv, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${client} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const [title, args, env] of cases) {
  const samples = { ours: [], python: [] };
  time('ours', args, env); // warm the page cache for both before measuring
  time('python', args, env);
  for (let i = 0; i < runs; i++) for (const client of ['ours', 'python']) samples[client].push(time(client, args, env));
  const ours = median(samples.ours);
  const python = median(samples.python);
  rows.push(`| ${title} | ${ours.toFixed(0)} | ${python.toFixed(0)} | ${(python / ours).toFixed(2)}x |`);
  console.error(`${title}: ours ${ours.toFixed(0)} ms, python ${python.toFixed(0)} ms`);
}
const node = process.version;
const py = execFileSync('/usr/bin/python3', ['--version'], { encoding: 'utf8' }).trim();
const report = [
  `# Speed against python-mistralclient 4.5.0`,
  '',
  `Median wall time of ${runs} runs per client and command, interleaved, same machine and stack (${node}, ${py}, ${new Date().toISOString().slice(0, 10)}).`,
  `Ratio = python / ours (above 1: this client is faster).`,
  '',
  '| command | ours (ms) | python (ms) | ratio |',
  '| --- | --- | --- | --- |',
  ...rows,
  '',
].join('\n');
writeFileSync(join(repo, 'bench/RESULTS.md'), report);
console.log(report);
