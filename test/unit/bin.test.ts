// bin/mistral.js as a process (a private build, test/helpers/built-bin.ts), with real files:
// - Node 20 takes `--env-file F` anywhere before a `--` for its own and runs the NODE_OPTIONS F
//   sets before the bin starts. Started the safe ways (`node -- bin`, the bin as a command, --os-env-file)
//   the evil NODE_OPTIONS never runs and mistral reads F; started as `node bin --env-file F`, it ran
//   (nothing can prevent that) and mistral refuses to go on: one line, exit 2.
// - stdout on a full disk (/dev/full) is one line and exit 1; a closed pipe stays a quiet 141.
// - through its launcher lines the process runs with one malloc arena (MALLOC_ARENA_MAX=1), seen in
//   its /proc/<pid>/environ while it waits for Mistral, and glibc's huge pages for malloc
//   (GLIBC_TUNABLES=glibc.malloc.hugetlb=1, before the caller's own tunables); why: the comments at
//   the top of bin/mistral.js.
import { spawn, spawnSync, type StdioOptions } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPrivateBin } from '../helpers/built-bin.js';
import { startMistral, type FakeMistral } from '../helpers/mistral.js';

const dir = mkdtempSync(join(tmpdir(), 'mistral-bin-'));
const marker = join(dir, 'evil-ran');
const evil = join(dir, 'evil.js');
const envFile = join(dir, 'ci.env');
let bin: string;
let mistral: FakeMistral;

beforeAll(async () => {
  bin = buildPrivateBin();
  mistral = await startMistral();
  writeFileSync(evil, `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\n`);
  writeFileSync(envFile, `NODE_OPTIONS="--require ${evil}"\nOS_AUTH_URL=http://keystone.example:5000/v3\n`);
}, 60_000);
afterAll(async () => {
  await mistral?.close();
});

type Run = { code: number | null; stdout: string; stderr: string };

function run(file: string, args: string[], stdio: StdioOptions = 'pipe', onSpawn?: (child: ReturnType<typeof spawn>) => void): Promise<Run> {
  rmSync(marker, { force: true });
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: dir, env: { PATH: process.env.PATH, HOME: dir }, stdio });
    onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const SHOW = ['configuration-show', '-f', 'value', '-c', 'Setting', '-c', 'Source'];
const readFromFile = () => `auth_url env-file:${envFile} OS_AUTH_URL`;

describe('an env file meant for mistral is never taken by Node', () => {
  it('node -- bin/mistral.js --env-file F: mistral reads F, its NODE_OPTIONS never runs', async () => {
    const r = await run(process.execPath, ['--', bin, '--env-file', envFile, ...SHOW]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout.split('\n')).toContain(readFromFile());
    expect(existsSync(marker)).toBe(false);
  });

  it('the bin run through its launcher lines (as the installed `mistral` is): the same', async () => {
    const r = await run(bin, ['--env-file', envFile, ...SHOW]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout.split('\n')).toContain(readFromFile());
    expect(existsSync(marker)).toBe(false);
  });

  it('--os-env-file, a spelling Node does not take, is safe however node is started', async () => {
    const r = await run(process.execPath, [bin, '--os-env-file', envFile, ...SHOW]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout.split('\n')).toContain(readFromFile());
    expect(existsSync(marker)).toBe(false);
  });

  for (const spelling of [['--env-file', envFile], [`--env-file=${envFile}`], ['--env-file-if-exists', envFile]]) {
    it(`node bin/mistral.js ${spelling[0].replace(envFile, 'F')}: Node ran F's NODE_OPTIONS; mistral refuses before anything else (exit 2)`, async () => {
      const r = await run(process.execPath, [bin, ...spelling, ...SHOW]);
      expect(existsSync(marker)).toBe(true);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`mistral: error: node read '${spelling.join(' ')}' as its own option before mistral started (Node 20 looks for it anywhere before a '--', and runs a NODE_OPTIONS the file sets); use --os-env-file, or start mistral as 'mistral ...' or 'node -- bin/mistral.js ...'\n`);
    });
  }

  it('a -- after the command (as the completion scripts pass it) stops Node looking: no refusal', async () => {
    const r = await run(process.execPath, [bin, '__complete', '--', '--env-file', '']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(existsSync(marker)).toBe(false);
  });
});

describe('standard output that cannot be written', () => {
  const FULL = 'mistral: cannot write to standard output: No space left on device\n';
  function onDevFull(args: string[]): Promise<Run> {
    const full = openSync('/dev/full', 'w');
    return run(process.execPath, [bin, ...args], ['ignore', full, 'pipe']).finally(() => closeSync(full));
  }

  it('--version (answered by the bin itself) on /dev/full: one line, exit 1', async () => {
    expect(await onDevFull(['--version'])).toEqual({ code: 1, stdout: '', stderr: FULL });
  });

  it('help of a command (the program) on /dev/full', async () => {
    expect(await onDevFull(['help', 'workflow-list'])).toEqual({ code: 1, stdout: '', stderr: FULL });
  });

  it('workflow-list on /dev/full', async () => {
    expect(await onDevFull(['--os-mistral-url', mistral.apiUrl, 'workflow-list'])).toEqual({ code: 1, stdout: '', stderr: FULL });
  });

  it('a closed pipe (mistral ... | head) still ends quietly with 141', async () => {
    for (const args of [['--version'], ['--os-mistral-url', mistral.apiUrl, 'workflow-list']]) {
      const r = await run(process.execPath, [bin, ...args], ['ignore', 'pipe', 'pipe'], (child) => child.stdout!.destroy());
      expect([r.code, r.stderr]).toEqual([141, '']);
    }
  });
});

describe('the malloc settings of the process', () => {
  /** MALLOC_ARENA_MAX in the environment of the running mistral (read while Mistral, a silent TCP server, has not answered). */
  async function arenaSetting(file: string, args: string[], env: Record<string, string | undefined>): Promise<string | undefined> {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((ready) => silent.listen(0, '127.0.0.1', ready));
    const connected = new Promise<void>((done) => silent.once('connection', () => done()));
    const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}/v2`;
    const child = spawn(file, [...args, '--os-mistral-url', url, 'workflow-list'], { cwd: dir, env: { PATH: process.env.PATH, HOME: dir, ...env }, stdio: 'ignore' });
    const closed = new Promise<number | null>((done) => child.on('close', done));
    try {
      // A bin that ends before it connects (broken launcher lines) fails here, not at the test's timeout.
      await Promise.race([connected, closed.then((code) => Promise.reject(new Error(`mistral ended (exit ${code}) before connecting`)))]);
      const environ = readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0');
      return environ.find((entry) => entry.startsWith('MALLOC_ARENA_MAX='))?.slice('MALLOC_ARENA_MAX='.length);
    } finally {
      child.kill();
      await closed;
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  }

  it('the bin run through its launcher lines runs with one arena, over a setting of the caller', async () => {
    expect(await arenaSetting(bin, [], {})).toBe('1');
    expect(await arenaSetting(bin, [], { MALLOC_ARENA_MAX: '8' })).toBe('1');
  });

  /**
   * GLIBC_TUNABLES as the launcher lines hand it to node: a stand-in `node`, first on PATH, prints
   * it. (The running process's /proc/<pid>/environ cannot tell: glibc's loader rewrites that copy
   * of the variable as it reads it.)
   */
  function tunablesGivenToNode(callers: string | undefined): string {
    const fakeBin = mkdtempSync(join(dir, 'fake-node-'));
    writeFileSync(join(fakeBin, 'node'), '#!/bin/sh\nprintf %s "${GLIBC_TUNABLES-unset}"\n', { mode: 0o755 });
    const env = { PATH: `${fakeBin}:${process.env.PATH}`, HOME: dir, ...(callers === undefined ? {} : { GLIBC_TUNABLES: callers }) };
    const result = spawnSync(bin, ['workflow-list'], { cwd: dir, env, encoding: 'utf8' });
    expect([result.status, result.stderr]).toEqual([0, '']);
    return result.stdout;
  }

  it("the launcher lines ask for glibc's huge pages first, so that the caller's own tunables, after it, win", () => {
    expect(tunablesGivenToNode(undefined)).toBe('glibc.malloc.hugetlb=1');
    expect(tunablesGivenToNode('')).toBe('glibc.malloc.hugetlb=1');
    expect(tunablesGivenToNode('glibc.malloc.hugetlb=0:glibc.malloc.tcache_count=0')).toBe('glibc.malloc.hugetlb=1:glibc.malloc.hugetlb=0:glibc.malloc.tcache_count=0');
  });

  it('node bin/mistral.js is left as started (the launcher lines are only a string and comments to node)', async () => {
    expect(await arenaSetting(process.execPath, [bin], {})).toBeUndefined();
  });
});
