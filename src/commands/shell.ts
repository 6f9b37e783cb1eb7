// bash-completion: the shell utility of python-mistralclient 4.5.0 (mistralclient/shell.py).
import { GLOBAL_OPTIONS, PROGRAM_OPTIONS } from '../settings/options.js';
import type { CommandSpec } from './spec.js';

export const shellCommands: CommandSpec[] = [
  {
    name: 'bash-completion',
    summary: 'Prints all of the commands and options for bash-completion.',
    kind: 'plain',
    // Never connects: run() does not ask for a manager.
    offline: true,
    async run(ctx) {
      const words = new Set([...ctx.commands.filter((c) => !c.hidden).map((c) => c.name), 'help', ...[...GLOBAL_OPTIONS, ...PROGRAM_OPTIONS].flatMap((o) => o.flags)]);
      // The reference prints them in set order; sorted here so the output is stable.
      return { text: `${[...words].sort().join(' ')}\n` };
    },
  },
];
