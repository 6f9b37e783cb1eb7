// stack/lib/processes.sh ports_held_by_stack, run by stack/start.sh once every server answers: each of
// the stack's ports must be held by a process start.sh recorded in STACK_DIR/pids or by one of its
// children. A program that binds a port after start.sh's first check (while the servers start)
// answers the waits in the displaced server's place; without this check the stack reported itself up.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const STACK = join(import.meta.dirname, '../../stack');
const hasSs = spawnSync('sh', ['-c', 'command -v ss'], { encoding: 'utf8' }).status === 0;

/** A node process listening on a free port of 127.0.0.1; with `fromChild`, a shell whose child it is. */
async function listener(fromChild: boolean): Promise<{ proc: ChildProcess; port: number }> {
  const listen = `require('node:net').createServer().listen(0, '127.0.0.1', function () { console.log(this.address().port); }); setTimeout(() => {}, 60000);`;
  const argv = fromChild ? ['/bin/sh', '-c', `"$0" -e "$1"; :`, process.execPath, listen] : [process.execPath, '-e', listen];
  // detached: a group of its own, so that afterAll ends the shell's child with it.
  const proc = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  const port = await new Promise<number>((resolve) => proc.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString()))));
  return { proc, port };
}

/** ports_held_by_stack's stderr and exit code, with PIDS listing `recorded` and STACK_PORTS = `port`. */
function check(dir: string, recorded: number[], port: number): { stderr: string; code: number | null } {
  const pids = join(dir, 'pids');
  writeFileSync(pids, recorded.map((pid, i) => `service${i} ${pid} 0\n`).join(''));
  const script = `source "$0/lib.sh"; source "$0/lib/processes.sh"; PIDS=$1; STACK_PORTS=($2); ports_held_by_stack`;
  // --norc: bash reads /etc/bash.bashrc when its stdin is a socket, as under vitest.
  const r = spawnSync('bash', ['--norc', '--noprofile', '-euc', script, STACK, pids, String(port)], { encoding: 'utf8' });
  return { stderr: r.stderr, code: r.status };
}

describe.skipIf(!hasSs)("start.sh's check that the stack's servers hold its ports", () => {
  let dir: string;
  const started: ChildProcess[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stack-ports-'));
  });
  afterAll(() => {
    for (const proc of started) process.kill(-proc.pid!, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes when the recorded process listens on the port', async () => {
    const { proc, port } = await listener(false);
    started.push(proc);
    expect(check(dir, [proc.pid!], port)).toEqual({ stderr: '', code: 0 });
  });

  it('passes when a child of a recorded process listens (uwsgi and nginx workers, a forked server)', async () => {
    const { proc, port } = await listener(true);
    started.push(proc);
    expect(check(dir, [proc.pid!], port)).toEqual({ stderr: '', code: 0 });
  });

  it('fails with one line naming the port and its holder when another program holds it', async () => {
    const { proc, port } = await listener(false);
    const other = await listener(false);
    started.push(proc, other.proc);
    // The stack's own server: not the listener's ancestor (this test's process is).
    const r = check(dir, [other.proc.pid!], port);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`^start\\.sh: 127\\.0\\.0\\.1:${port} is held by "node",pid=${proc.pid},fd=\\d+, not by this stack's servers: something took it while they started; stop it and run start\\.sh again\n$`),
    );
  });
});
