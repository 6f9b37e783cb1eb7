// The start-up snapshot (bin/snapshot.js) and the launcher lines of bin/mistral.js, on a private
// build (test/helpers/built-bin.ts) run as a command, as the installed `mistral` runs:
// - the build makes one blob, named by the node binary that built it, and the launcher starts
//   that node with it (seen in the process's /proc/<pid>/cmdline while it waits for Mistral);
// - a command started from the blob prints the same bytes, errors and exit codes as
//   `node bin/mistral.js`, a formatter the warm-up never loaded included;
// - the blob is never run for another program than its own: a copy whose dist or bin file was
//   edited after the build runs the edited files; another node binary gets no blob at all;
// - the command lines answered from dist/answers.json skip it, and no node on PATH is one line.
import { spawn } from 'node:child_process';
import { appendFileSync, chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWERED } from '../../build/answers.mjs';
import { snapshotBlobName } from '../../build/snapshot-name.mjs';
import { buildPrivateBin } from '../helpers/built-bin.js';
import { startMistral, type FakeMistral } from '../helpers/mistral.js';

const dir = mkdtempSync(join(tmpdir(), 'mistral-snapshot-'));
let bin: string;
let mistral: FakeMistral;

beforeAll(async () => {
  bin = buildPrivateBin();
  mistral = await startMistral();
}, 60_000);
afterAll(async () => {
  await mistral?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Run = { code: number | null; stdout: string; stderr: string };

function run(file: string, args: string[], env: Record<string, string | undefined> = {}, cwd = dir): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env: { PATH: process.env.PATH, HOME: dir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The node command line of a running `file args`, read while Mistral (a silent TCP server) has not answered. */
async function nodeCommandLine(file: string, env: Record<string, string | undefined> = {}, cwd = dir): Promise<string[]> {
  const sockets: Socket[] = [];
  const silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((ready) => silent.listen(0, '127.0.0.1', ready));
  const connected = new Promise<void>((done) => silent.once('connection', () => done()));
  const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}/v2`;
  const child = spawn(file, ['--os-mistral-url', url, 'workflow-list'], { cwd, env: { PATH: process.env.PATH, HOME: dir, ...env }, stdio: 'ignore' });
  const closed = new Promise<number | null>((done) => child.on('close', done));
  try {
    await Promise.race([connected, closed.then((code) => Promise.reject(new Error(`mistral ended (exit ${code}) before connecting`)))]);
    return readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
  } finally {
    child.kill();
    await closed;
    for (const socket of sockets) socket.destroy();
    silent.close();
  }
}

/** A copy of the private build (bin/, dist/, the node_modules link) in a directory of its own. */
function copyOfBuild(): string {
  const root = mkdtempSync(join(dir, 'copy-'));
  const built = dirname(dirname(bin));
  for (const part of ['bin', 'dist']) cpSync(join(built, part), join(root, part), { recursive: true });
  symlinkSync(join(built, 'node_modules'), join(root, 'node_modules'));
  return join(root, 'bin', 'mistral.js');
}

describe('the blob', () => {
  it('the build made one, for the node that built it, and the launcher starts that node with it', async () => {
    const snapshots = join(dirname(dirname(bin)), 'dist', 'snapshot');
    expect(readdirSync(snapshots)).toEqual([snapshotBlobName(process.execPath)]);
    const argv = await nodeCommandLine(bin);
    expect(argv.slice(0, 4)).toEqual([process.execPath, '--snapshot-blob', join(dirname(dirname(bin)), 'dist', 'snapshot', snapshotBlobName(process.execPath)), '--']);
    expect(argv[4]).toBe(bin);
  });

  it('through a symbolic link (as npm links the installed `mistral`): the blob, and the bin by its real path', async () => {
    const link = join(mkdtempSync(join(dir, 'link-')), 'mistral');
    symlinkSync(bin, link);
    const argv = await nodeCommandLine(link);
    expect(argv.slice(0, 2)).toEqual([process.execPath, '--snapshot-blob']);
    expect(argv[4]).toBe(bin);
  });

  it('by a relative path (./bin/mistral.js in its checkout): the blob, and the same output as node bin/mistral.js', async () => {
    const root = dirname(dirname(bin));
    const blob = join(root, 'dist', 'snapshot', snapshotBlobName(process.execPath));
    // Without the ./ too: the launcher once looked for the blob beside a path with one `/` only.
    for (const relative of ['./bin/mistral.js', 'bin/mistral.js']) {
      // Made absolute from $PWD: './bin/mistral.js' stays `<root>/./bin/mistral.js`, the same file.
      const [node, option, given, dashes, script] = await nodeCommandLine(relative, {}, root);
      expect([node, option, resolve(given), dashes, resolve(script)]).toEqual([process.execPath, '--snapshot-blob', blob, '--', bin]);
    }
    const argv = ['--os-mistral-url', mistral.apiUrl, 'workflow-list', '-f', 'json'];
    const fromBlob = await run('./bin/mistral.js', argv, {}, root);
    expect([fromBlob.code, fromBlob.stderr]).toEqual([0, '']);
    expect(fromBlob).toEqual(await run(process.execPath, ['--', bin, ...argv]));
  });

  it('another node binary (here a script that runs it) gets no blob: the bin runs as `node -- bin` would', async () => {
    const other = mkdtempSync(join(dir, 'node-'));
    writeFileSync(join(other, 'node'), `#!/bin/sh\nexec ${process.execPath} "$@"\n`);
    chmodSync(join(other, 'node'), 0o755);
    const argv = await nodeCommandLine(bin, { PATH: `${other}:${process.env.PATH}` });
    expect(argv).toEqual([process.execPath, '--', bin, '--os-mistral-url', expect.stringMatching(/^http:/), 'workflow-list']);
  });
});

describe('a command started from the blob', () => {
  const commands = [
    ['workflow-list'],
    ['workflow-list', '-f', 'yaml'],
    ['execution-list', '-f', 'json', '--limit', '-1'],
    ['workflow-get', 'no-such-workflow'],
    ['execution-create', 'wf1', '{"x": 1}', '-f', 'shell'],
  ];
  for (const args of commands) {
    it(`mistral ${args.join(' ')}: the same stdout, stderr and exit code as node bin/mistral.js`, async () => {
      const argv = ['--os-mistral-url', mistral.apiUrl, ...args];
      const fromBlob = await run(bin, argv);
      const fromScript = await run(process.execPath, ['--', bin, ...argv]);
      expect(fromBlob).toEqual(fromScript);
      expect(fromBlob.stdout + fromBlob.stderr).not.toBe('');
    });
  }

  it('an unreachable Mistral: the same one line and exit 1', async () => {
    const r = await run(bin, ['--os-mistral-url', 'http://127.0.0.1:9/v2', 'workflow-list']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: expect.stringMatching(/^ERROR \(app\) Connection refused by the home cloud at http:\/\/127\.0\.0\.1:9\/v2\/workflows\?.*: is the service running\?\n$/) });
    expect(await run(process.execPath, ['--', bin, '--os-mistral-url', 'http://127.0.0.1:9/v2', 'workflow-list'])).toEqual(r);
  });
});

describe('never a stale blob', () => {
  const list = (file: string) => run(file, ['--os-mistral-url', mistral.apiUrl, 'workflow-list', '-f', 'value']);

  it('a dist file edited after the build: the edited file runs', async () => {
    const copy = copyOfBuild();
    appendFileSync(join(dirname(copy), '..', 'dist', 'cli.js'), '\nprocess.stderr.write("dist/cli.js as edited\\n");\n');
    const r = await list(copy);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('dist/cli.js as edited\n');
    expect(r.stdout).toBe((await list(bin)).stdout);
  });

  it('bin/mistral.js edited after the build: the edited file runs', async () => {
    const copy = copyOfBuild();
    appendFileSync(copy, '\nprocess.stderr.write("bin/mistral.js as edited\\n");\n');
    const r = await list(copy);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('bin/mistral.js as edited\n');
  });

  it('a copy of the whole program elsewhere (its files are other files): the copy runs, with the same output', async () => {
    const copy = copyOfBuild();
    const original = join(dirname(dirname(bin)), 'dist');
    rmSync(join(dir, 'moved'), { recursive: true, force: true });
    // The original's dist is hidden while the copy runs: a snapshot that loaded from it would fail.
    cpSync(original, join(dir, 'moved'), { recursive: true });
    rmSync(original, { recursive: true });
    try {
      const r = await run(copy, ['--os-mistral-url', mistral.apiUrl, 'workflow-list', '-f', 'csv']);
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout.split('\n')[0]).toBe('"ID","Name","Namespace","Project ID","Tags","Input","Scope","Created at","Updated at"');
    } finally {
      cpSync(join(dir, 'moved'), original, { recursive: true });
    }
  });
});

describe('the launcher lines', () => {
  it('skip the blob for exactly the command lines dist/answers.json answers', () => {
    const line = readFileSync(bin, 'utf8').split('\n').find((l) => l.includes('case $#:$1 in'))!;
    expect([...line.matchAll(/1:(\S+?)[ )]/g)].map((m) => m[1])).toEqual(ANSWERED);
  });

  it('--version through them prints the answer', async () => {
    const answers = JSON.parse(readFileSync(join(dirname(bin), '..', 'dist', 'answers.json'), 'utf8'));
    expect(await run(bin, ['--version'])).toEqual({ code: 0, stdout: answers['--version'], stderr: '' });
  });

  it('no node on PATH: one line, exit 127', async () => {
    const empty = mkdtempSync(join(dir, 'path-'));
    expect(await run(bin, ['workflow-list'], { PATH: empty })).toEqual({ code: 127, stdout: '', stderr: 'mistral: node: not found on PATH\n' });
  });
});
