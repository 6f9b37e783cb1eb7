// A mistyped option is one usage line naming the option, never the value typed with it: a
// `--os-passwd=secret` must not print the password (src/cli.ts commanderToUsage).
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const SECRET = 'Sekr1t-typed-after-a-typo';

describe('unknown options never echo their value', () => {
  const cases: Array<[string[], string]> = [
    [[`--os-passwd=${SECRET}`, 'workflow-list'], "mistral: error: unknown option '--os-passwd'\n"],
    [['workflow-list', `--os-passwd=${SECRET}`], "mistral workflow-list: error: unknown option '--os-passwd'\n"],
    [['workflow-list', `--os-target-pasword=it's-${SECRET}`], "mistral workflow-list: error: unknown option '--os-target-pasword'\n"],
    [['--os-pasword', SECRET, 'workflow-list'], "mistral: error: unknown option '--os-pasword' (Did you mean --os-password?)\n"],
    [['workflow-list', '--os-pasword', SECRET], "mistral workflow-list: error: unknown option '--os-pasword' (Did you mean --os-password?)\n"],
    [['workflow-list', `-P${SECRET}`], "mistral workflow-list: error: unknown option '-P'\n"],
  ];
  for (const [argv, stderr] of cases) {
    it(argv.join(' ').replace(SECRET, 'SECRET'), async () => {
      const result = await runCli(argv, {});
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(stderr);
      expect(result.stderr + result.stdout).not.toContain(SECRET);
      expect(result.stderr).not.toContain('Sekr1t');
    });
  }

  it('an unknown option without a value is shown as typed', async () => {
    const result = await runCli(['workflow-list', '--nosuch'], {});
    expect([result.code, result.stderr]).toEqual([2, "mistral workflow-list: error: unknown option '--nosuch'\n"]);
  });
});
