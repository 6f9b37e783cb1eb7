// Each command's help (commander's, from the engine's declarations in src/commands/engine.ts): an
// option's default is said once, whether its help text states it or commander adds it.
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/index.js';
import { runCli } from '../helpers/cli.js';

describe('command help', () => {
  it('says each default once (execution-create --interval said "(default: 5). (default: 5)")', async () => {
    const interval = await runCli(['execution-create', '--help'], {});
    expect(interval.code).toBe(0);
    const flat = interval.stdout.replace(/\s+/g, ' ');
    expect(flat).toContain('doubles up to it (default: 5). --print-output');
    for (const command of COMMANDS.filter((c) => !c.hidden)) {
      const help = (await runCli([command.name, '--help'], {})).stdout.replace(/\s+/g, ' ');
      expect(help, command.name).not.toMatch(/\(default: [^)]*\)\.? \(default: /);
    }
  }, 60_000);
});
