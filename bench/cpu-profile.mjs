#!/usr/bin/env node
// Where a command's CPU time goes: runs `mistral ARGS...` under `node --cpu-prof` and sums the
// profile's self time per module (the file a function lives in: dist chunks by name, packages by
// name, node's own modules as node:internal) and lists the costliest functions. Self time of
// V8's "(garbage collector)" and "(program)" (parsing, compiling, the loader's native part) is
// shown as such. Usage: node bench/cpu-profile.mjs [--top N] -- workflow-list -f value
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const dash = process.argv.indexOf('--');
const own = dash === -1 ? process.argv.slice(2) : process.argv.slice(2, dash);
const args = dash === -1 ? [] : process.argv.slice(dash + 1);
const top = Number(own[own.indexOf('--top') + 1]) || 15;

/** A short name for the module a profile node's URL points at. */
export function moduleOf(url) {
  if (!url) return '';
  if (url.startsWith('node:')) return url.startsWith('node:internal') ? 'node:internal' : url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const dist = /\/dist\/([^/]+)$/.exec(url);
  if (dist) return `dist/${dist[1]}`;
  return url.replace(`file://${repo}/`, '');
}

/** Self time (ms) per module and per function of a .cpuprofile. */
export function summarize(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  // timeDeltas[i] is the time before samples[i]; attribute it to that sample's node.
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const modules = new Map();
  const functions = new Map();
  for (const [id, us] of selfUs) {
    const { callFrame } = byId.get(id);
    const module = moduleOf(callFrame.url) || callFrame.functionName || '(native)';
    modules.set(module, (modules.get(module) ?? 0) + us / 1000);
    const fn = `${callFrame.functionName || '(anonymous)'} ${module}:${callFrame.lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us / 1000);
  }
  const total = [...modules.values()].reduce((a, b) => a + b, 0);
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]);
  return { total, modules: sorted(modules), functions: sorted(functions) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = mkdtempSync(join(tmpdir(), 'mistral-prof-'));
  const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '100', join(repo, 'bin/mistral.js'), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  const { total, modules, functions } = summarize(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  rmSync(dir, { recursive: true, force: true });
  console.log(`mistral ${args.join(' ')}: exit ${r.status}, ${total.toFixed(1)} ms of samples on the main thread`);
  console.log('\nself time per module (ms):');
  for (const [name, ms] of modules.slice(0, top)) console.log(`  ${ms.toFixed(1).padStart(7)}  ${name}`);
  console.log('\ncostliest functions, self time (ms):');
  for (const [name, ms] of functions.slice(0, top)) console.log(`  ${ms.toFixed(1).padStart(7)}  ${name}`);
}
