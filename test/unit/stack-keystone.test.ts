// stack/lib/keystone.sh's STACK_KEYSTONE_PASSWORD_ROUNDS (stack/README.md, "Environment knobs"): the
// bcrypt cost written into each Keystone's [identity] section, 4 unless set, Keystone's own with
// `default`, anything else refused with one line before the stack writes any configuration.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const KEYSTONE_SH = join(import.meta.dirname, '../../stack/lib/keystone.sh');

/** keystone_password_hash's output, error and exit code with this value of the knob (undefined: unset). */
function passwordHash(rounds: string | undefined): { stdout: string; stderr: string; code: number | null } {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  if (rounds !== undefined) env.STACK_KEYSTONE_PASSWORD_ROUNDS = rounds;
  // --norc: bash reads /etc/bash.bashrc when its stdin is a socket, as under vitest.
  const r = spawnSync('bash', ['--norc', '--noprofile', '-euc', `declare -A SERVICE_LOGS; D=/nonexistent; source "$0"; keystone_password_hash`, KEYSTONE_SH], { env, encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

describe('STACK_KEYSTONE_PASSWORD_ROUNDS', () => {
  it("unset: bcrypt's minimum cost, 4", () => {
    expect(passwordHash(undefined)).toEqual({ stdout: 'password_hash_rounds = 4\n', stderr: '', code: 0 });
  });

  it('a cost from 4 to 31 is written as given', () => {
    expect(passwordHash('12').stdout).toBe('password_hash_rounds = 12\n');
    expect(passwordHash('31').stdout).toBe('password_hash_rounds = 31\n');
  });

  it("default: no line, so Keystone uses its own cost", () => {
    expect(passwordHash('default')).toEqual({ stdout: '', stderr: '', code: 0 });
  });

  it('an empty value counts as unset, as for the other knobs', () => {
    expect(passwordHash('')).toEqual({ stdout: 'password_hash_rounds = 4\n', stderr: '', code: 0 });
  });

  it.each(['3', '32', 'twelve', '4 5'])('%j is refused with one line, exit 2', (value) => {
    expect(passwordHash(value)).toEqual({ stdout: '', stderr: `start.sh: STACK_KEYSTONE_PASSWORD_ROUNDS='${value}' is not a bcrypt cost (4 to 31) or 'default'\n`, code: 2 });
  });
});
