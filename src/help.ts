// `mistral --help`, `mistral help` and `mistral help <command>`: generated from the same tables
// that drive parsing, so help can never drift from what the parser accepts.
import type { Command } from 'commander';
import { GLOBAL_OPTIONS, PROGRAM_OPTIONS, type GlobalOption } from './settings/options.js';
import type { CommandSpec } from './commands/spec.js';
import { CliError } from './errors.js';
import type { Io } from './io.js';

/** The summary of `help`, a command of commander's rather than of the table. */
export const HELP_SUMMARY = 'print detailed help for another command';

function optionLine(flags: string, help: string, width: number): string {
  const padded = flags.padEnd(width);
  return flags.length > width ? `  ${flags}\n  ${' '.repeat(width)}  ${help}` : `  ${padded}  ${help}`;
}

function describe(option: GlobalOption): [string, string] {
  const flags = option.kind === 'flag' ? option.flags[0] : `${option.flags[0]} ${option.valueName ?? 'VALUE'}`;
  const aliases = option.flags.slice(1);
  const extras = [
    ...(aliases.length ? [`alias: ${aliases.join(', ')}`] : []),
    ...(option.env.length ? [`env: ${option.env.join(', ')}`] : []),
  ];
  return [flags, extras.length ? `${option.help} [${extras.join('; ')}]` : option.help];
}

export function globalHelp(commands: CommandSpec[]): string {
  const width = 34;
  const home = GLOBAL_OPTIONS.filter((o) => o.cloud !== 'target').map(describe);
  const target = GLOBAL_OPTIONS.filter((o) => o.cloud === 'target').map(describe);
  const nameWidth = Math.max(...commands.map((c) => c.name.length), 'help'.length);
  const lines = [
    'usage: mistral [--version] [-v | -q] [-h] [--debug] [global options] <command> [<args>]',
    '',
    'Command-line client for the OpenStack Mistral workflow service, compatible with',
    'python-mistralclient 4.5.0, that can run a workflow against a target cloud.',
    '',
    'Global options (before or after the command):',
    ...PROGRAM_OPTIONS.map((o) => optionLine(o.flags.join(', '), o.help, width)),
    ...home.map(([flags, help]) => optionLine(flags, help, width)),
    '',
    'Target cloud options (give the whole set or none: an auth URL and either a token,',
    'a user, a password and a project, or an application credential and its secret):',
    ...target.map(([flags, help]) => optionLine(flags, help, width)),
    '',
    'Commands for API v2 :',
    ...commands.filter((c) => !c.hidden).map((c) => `  ${c.name.padEnd(nameWidth)}  ${c.summary}`),
    `  ${'help'.padEnd(nameWidth)}  ${HELP_SUMMARY}`,
    '',
    "See 'mistral help <command>' or 'mistral <command> --help' for the arguments of a command.",
    '',
  ];
  return lines.join('\n');
}

/** `mistral help [command]`: a command's help, or the commands a prefix matches. */
export function helpCommand(program: Command, commands: CommandSpec[], io: Io): void {
  program
    .command('help')
    .description(HELP_SUMMARY)
    .argument('[command...]', 'name of the command')
    .action((words: string[]) => {
      if (!words.length) {
        io.stdout.write(globalHelp(commands));
        return;
      }
      const name = words.join(' ');
      const exact = program.commands.find((c) => c.name() === name);
      if (exact) {
        io.stdout.write(exact.helpInformation());
        return;
      }
      const matches = commands.filter((c) => c.name.startsWith(name)).map((c) => c.name);
      if (!matches.length) throw new CliError(`Unknown command ['${words.join("', '")}']`);
      io.stdout.write(`Command "${name}" matches:\n${matches.map((m) => `  ${m}\n`).join('')}`);
    });
}
