#!/usr/bin/env node
// Would a start-up snapshot (`node --build-snapshot`, Node 20) make a command cheaper than the
// code cache (bin/code-cache.js)? A probe, not a feature: it builds two snapshots of the built
// program (dist/) in a private temporary directory and runs `workflow-list` against a local
// server through each, through bin/mistral.js, and through node with an empty script, interleaved
// (bench/rusage.py), and prints the medians of CPU, wall time and peak memory. The outputs must
// be the same bytes, or it stops.
// - "snapshot, evaluated": the builder evaluates dist/cli.js and what it requires (a builder
//   cannot require() files, so they are evaluated by a loader of its own);
// - "snapshot, run once": the builder also runs the command once against a server of its own, so
//   that the snapshot holds the compiled code of the functions the command runs (V8 keeps it).
// Its findings, and how the snapshot the build now makes (bin/snapshot.js) met what it found:
// README, Speed. Usage (after npm run build):
//   node bench/snapshot-probe.mjs [--rounds N] [--baseline DIR]   (DIR: a built checkout to compare)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const option = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const rounds = Number(option('--rounds', '41'));
const baseline = option('--baseline', undefined);

/** One workflow, as Mistral lists it. */
const BODY = JSON.stringify({
  workflows: [{ id: '1', name: 'wf1', namespace: '', project_id: 'p', tags: [], input: '', scope: 'private', created_at: '2020-01-01 00:00:00', updated_at: null }],
});

/**
 * The builder's script: dist/ evaluated by a loader of its own (each file's text wrapped as
 * CommonJS), optionally one run of the command against a local server, then the main function
 * that runs the command line given to node.
 */
const builder = (warm) => `'use strict';
const fs = require('node:fs');
const path = require('node:path');
const dist = ${JSON.stringify(join(repo, 'dist'))};
const loaded = Object.create(null);
function load(id) {
  if (!id.startsWith('./')) return require(id);
  const filename = path.join(dist, id.slice(2));
  if (loaded[filename]) return loaded[filename].exports;
  const module = (loaded[filename] = { exports: {} });
  const body = (0, eval)('(function (exports, require, module, __filename, __dirname) {' + fs.readFileSync(filename, 'utf8') + '\\n})');
  body.call(module.exports, module.exports, load, module, filename, dist);
  return module.exports;
}
const cli = load('./cli.js');
if (${warm}) {
  const body = ${JSON.stringify(BODY)};
  const server = require('node:net').createServer((socket) => socket.once('data', () =>
    socket.end('HTTP/1.1 200 OK\\r\\nContent-Type: application/json\\r\\nContent-Length: ' + body.length + '\\r\\nConnection: close\\r\\n\\r\\n' + body)));
  const sink = { text: '', write(t) { this.text += t; return true; }, on() { return this; }, once() { return this; } };
  server.listen(0, '127.0.0.1', async () => {
    const url = 'http://127.0.0.1:' + server.address().port + '/v2';
    // The builder has no WebAssembly: the request fails at undici's parser, after the rest ran.
    await cli.main(['workflow-list', '--os-mistral-url', url], { stdout: sink, stderr: sink, env: {}, cwd: '/', now: () => new Date() });
    server.close();
  });
}
require('node:v8').startupSnapshot.setDeserializeMainFunction(() => {
  require('node:v8').setFlagsFromString('--liftoff-only --semi-space-growth-factor=1 --no-turbo-inlining');
  process.argv.splice(1, 0, ${JSON.stringify(join(repo, 'bin/mistral.js'))});
  cli.run();
});
`;

const dir = mkdtempSync(join(tmpdir(), 'mistral-snapshot-probe-'));
const server = spawn(process.execPath, ['-e', `require('node:http').createServer((q, s) => { s.writeHead(200, { 'Content-Type': 'application/json' }); s.end(${JSON.stringify(BODY)}); }).listen(0, '127.0.0.1', function () { console.log(this.address().port); });`], { stdio: ['ignore', 'pipe', 'inherit'] });
try {
  const port = await new Promise((done) => server.stdout.once('data', (d) => done(String(d).trim())));
  const blobs = {};
  for (const [name, warm] of [['evaluated', false], ['run once', true]]) {
    const script = join(dir, `${warm ? 'warm' : 'cold'}.js`);
    writeFileSync(script, builder(warm), { mode: 0o600 });
    blobs[name] = join(dir, `${warm ? 'warm' : 'cold'}.blob`);
    execFileSync(process.execPath, ['--snapshot-blob', blobs[name], '--build-snapshot', script], { stdio: ['ignore', 'ignore', 'ignore'] });
  }
  const command = ['workflow-list', '--os-mistral-url', `http://127.0.0.1:${port}/v2`];
  const env = { PATH: process.env.PATH, HOME: dir, XDG_CACHE_HOME: join(dir, 'cache') };
  const cases = [
    { id: 'node, an empty script', argv: [process.execPath, '-e', '0'] },
    { id: 'bin/mistral.js (code cache)', argv: [join(repo, 'bin/mistral.js'), ...command] },
    { id: 'snapshot, evaluated', argv: [process.execPath, '--snapshot-blob', blobs.evaluated, ...command] },
    { id: 'snapshot, run once', argv: [process.execPath, '--snapshot-blob', blobs['run once'], ...command] },
    ...(baseline ? [{ id: `baseline ${baseline}`, argv: [join(resolve(baseline), 'bin/mistral.js'), ...command] }] : []),
  ].map((c) => ({ ...c, env, stdout: c.argv.includes('-e') ? undefined : join(dir, `${c.id.replace(/\W+/g, '-')}.out`) }));
  // Two warm-up rounds: the code cache is written by the first run.
  const rusage = (n) => JSON.parse(execFileSync('python3', [join(repo, 'bench/rusage.py')], { input: JSON.stringify({ rounds: n, cases }), maxBuffer: 1 << 26 }).toString());
  rusage(2);
  const runs = rusage(rounds);
  const outputs = new Set(cases.filter((c) => c.stdout).map((c) => execFileSync('cat', [c.stdout]).toString()));
  if (outputs.size !== 1) throw new Error('the variants printed different output');
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  console.log(`workflow-list against a local server, medians of ${rounds} interleaved rounds`);
  for (const { id } of cases) {
    const list = runs[id];
    const failed = list.filter((r) => r.status !== 0);
    if (failed.length > 0) throw new Error(`${id} failed: ${failed[0].stderr}`);
    const cpu = median(list.map((r) => r.user_ms + r.sys_ms));
    const wall = median(list.map((r) => r.wall_ms));
    const rss = median(list.map((r) => r.maxrss_kb)) / 1024;
    console.log(`${id.padEnd(34)} CPU ${cpu.toFixed(1).padStart(6)} ms   wall ${wall.toFixed(1).padStart(6)} ms   peak ${rss.toFixed(1)} MB`);
  }
} finally {
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
