// Runs `-f shell` output through a real shell's eval, as a user does with
// `eval "$(mistral execution-get ID -f shell)"`, and reads back the variables it set.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SHELLS = ['bash', 'dash', 'sh'] as const;

export interface Evaluated {
  /** Each variable's value after eval, in the order asked for. */
  values: string[];
  /** Files that appeared in the eval's working directory (a `$(touch x)` that ran). */
  created: string[];
  stderr: string;
  status: number | null;
}

/**
 * eval's the output in `shell`, inside an empty directory that is also its HOME and TMPDIR, then
 * prints the named variables NUL-separated (a shell variable cannot hold a NUL, so the split is exact).
 */
export function evalInShell(shell: string, output: string, names: string[]): Evaluated {
  const dir = mkdtempSync(join(tmpdir(), 'mistral-shell-eval-'));
  try {
    const outFile = join(dir, '..', `${dir.split('/').pop()}.out`);
    writeFileSync(outFile, output);
    for (const name of names) if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a shell variable name: ${name}`);
    // printf with no arguments would still print its format once.
    const script = `eval "$(cat "$1")"${names.length ? `; printf '%s\\0' ${names.map((n) => `"$${n}"`).join(' ')}` : ''}`;
    const result = spawnSync(shell, ['-c', script, shell, outFile], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, TMPDIR: dir, LANG: 'C.UTF-8' },
      encoding: 'utf8',
    });
    rmSync(outFile, { force: true });
    const values = result.stdout.split('\0');
    values.pop();
    return { values, created: readdirSync(dir), stderr: result.stderr, status: result.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
