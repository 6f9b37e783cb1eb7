// completion: prints the script that makes a shell complete mistral commands (cobra's
// `completion bash|zsh|fish`, as gh has it). The script asks `mistral __complete`, which cli.ts
// answers before the program is set up (src/completion/complete.ts).
import { UsageError } from '../errors.js';
import { SHELLS, completionScript } from './completion-scripts.js';
import { defineCommand, type CommandSpec } from './spec.js';

export const completionCommands: CommandSpec[] = [
  defineCommand({
    name: 'completion',
    summary: 'Print the shell completion script for bash, zsh or fish (see the README: Shell completion).',
    kind: 'plain',
    offline: true,
    args: [{ name: 'shell', help: `The shell: ${SHELLS.join(', ')}.`, complete: SHELLS }],
    async run(_ctx, values) {
      const shell = SHELLS.find((s) => s === values.shell);
      if (!shell) throw new UsageError(`argument shell: invalid choice: '${values.shell}' (choose from ${SHELLS.map((s) => `'${s}'`).join(', ')})`);
      return { text: completionScript(shell) };
    },
  }),
];
