// Wiring: global options, the command tables, help, and the one place that turns errors into a
// line on stderr and an exit code (STYLE.md §4). What a command sees is built in context.ts.
import { Command, CommanderError, Option } from 'commander';
import { COMMANDS } from './commands/index.js';
import { checkOutputChoices, declareCommand, printResult, readFileArguments, type Invocation } from './commands/engine.js';
import { COMPLETE_COMMAND } from './commands/completion-scripts.js';
import { commandContext, type ProgramState } from './context.js';
import { CliError, UsageError } from './errors.js';
import { globalHelp, helpCommand } from './help.js';
import { processIo, safeIo, type Io, type SafeIo } from './io.js';
import { EchoMask, Redactor } from './text/redact.js';
import type { FlagValues } from './settings/gather.js';
import { GLOBAL_OPTIONS } from './settings/options.js';

export const VERSION = '0.1.0';


function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function buildProgram(argv: string[], io: Io, onCommand: (name: string) => void, execute: (invocation: Invocation, globals: Record<string, unknown>) => Promise<void>): Command {
  const program = new Command('mistral');
  program
    .version(`mistral ${VERSION}`, '--version', "show program's version number and exit")
    .helpOption('-h, --help', 'show this help message and exit')
    .helpCommand(false)
    .exitOverride()
    .showSuggestionAfterError(true)
    .allowExcessArguments(false)
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: () => undefined, outputError: () => undefined });
  program.addOption(new Option('-v, --verbose', 'Increase verbosity of output. Can be repeated.').argParser((_v, prev: number = 1) => prev + 1));
  program.addOption(new Option('-q, --quiet', 'Suppress output except warnings and errors.'));
  for (const option of GLOBAL_OPTIONS) {
    option.flags.forEach((flag, i) => {
      const syntax = option.kind === 'flag' ? flag : `${flag} <${option.valueName ?? 'VALUE'}>`;
      const commanderOption = new Option(syntax, option.help);
      if (option.kind === 'list') commanderOption.argParser(collect);
      if (i > 0) commanderOption.hideHelp();
      program.addOption(commanderOption);
    });
  }
  program.helpInformation = () => globalHelp(COMMANDS);
  // Usage errors name the command being parsed, as argparse's `mistral <command>: error:` does.
  program.hook('preSubcommand', (_program, sub) => onCommand(sub.name()));

  // Commander runs a command only for a word of the line equal to its name, so only the commands
  // named on the line get their options and action; the others need just their names, for "Did you
  // mean". Declaring all of them in full took 15 to 20 ms of every run's CPU.
  const named = new Set(argv);
  for (const spec of COMMANDS) {
    if (named.has(spec.name)) declareCommand(program, spec, io.env, (invocation) => execute(invocation, program.opts()));
    else program.command(spec.name, { hidden: spec.hidden });
  }
  helpCommand(program, COMMANDS, io);
  return program;
}

/** Flag values keyed by setting, from commander's parsed global options (aliases merged). */
function globalFlagValues(program: Command, opts: Record<string, unknown>): FlagValues {
  const values: FlagValues = {};
  for (const option of GLOBAL_OPTIONS) {
    for (const flag of option.flags) {
      const attribute = program.options.find((o) => o.long === flag)?.attributeName();
      const value = attribute ? opts[attribute] : undefined;
      if (value === undefined) continue;
      values[option.key] = Array.isArray(value) && Array.isArray(values[option.key]) ? [...(values[option.key] as string[]), ...value] : (value as string | boolean | string[]);
    }
  }
  return values;
}

async function runInvocation(invocation: Invocation, flags: FlagValues, quiet: boolean, io: SafeIo, state: ProgramState): Promise<number> {
  const { values } = invocation;
  const mask = (state.mask = new EchoMask(!values.unmask));
  try {
    return await runCommand(invocation, flags, quiet, io, state, mask);
  } finally {
    // Whatever reached stdout, the one line that says what of it was masked (even with -q: the
    // output is not what the server holds).
    const notice = mask.notice();
    if (notice) io.stderr.write(`mistral: ${notice}\n`);
  }
}

async function runCommand({ spec, values }: Invocation, flags: FlagValues, quiet: boolean, io: SafeIo, state: ProgramState, mask: EchoMask): Promise<number> {
  const { ctx, configuration } = commandContext(io, flags, quiet, state);
  // Settings are checked before anything else a command does, files and requests included.
  let targets = 0;
  if (!spec.offline) {
    const config = await configuration();
    targets = config.targets.length;
    if (targets > 1 && !spec.fanOut) {
      throw new UsageError(`${spec.name} acts on one target cloud; only execution-create and execution-wait accept several --os-target-cloud`);
    }
  }
  checkOutputChoices(spec, values, targets);
  await readFileArguments(spec, values, io);
  const result = await spec.run(ctx, values);
  return printResult(result, values, io, mask);
}

function commanderToUsage(error: CommanderError): UsageError {
  // Commander says "error: unknown command 'x'\n(Did you mean y?)"; make it one line.
  let message = error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
  if (error.code === 'commander.unknownOption') {
    // Commander quotes the word as typed: a mistyped `--os-passwd=secret` or `-psecret` would print
    // the password. Only the option's name is shown.
    message = message.replace(/^unknown option '(--[^=]*=|-[^-])(.*)'( \(Did you mean [^)]*\))?$/s, (_all, name: string, _value, suggestion = '') => `unknown option '${name.replace(/=$/, '')}'${suggestion}`);
  }
  if (error.code === 'commander.unknownCommand') {
    const [, name, suggestion] = /^unknown command '([^']*)'\s*(?:\((.*)\))?/.exec(message) ?? [];
    return new UsageError(`'${name}' is not a mistral command. See 'mistral --help'.${suggestion ? ` ${suggestion}` : ''}`);
  }
  return new UsageError(message);
}

export async function main(argv: string[], given: Io): Promise<number> {
  // The one boundary every byte for the terminal crosses (README "Output formats"): whatever a
  // command, a formatter, an error or --debug writes shows control characters as escapes, so no
  // output path, present or future, can forget it. Only the live progress line's own redraw and
  // colour get past it (SafeOutput.writeTerminalControl). This is the place rather than each
  // formatter because a formatter is only one of many writers (errors, warnings, debug lines,
  // plain text, commander's help); the table applies the same function before measuring widths.
  const io = safeIo(given);
  // Shell completion is answered before anything is set up: no settings, no network unless opted in.
  if (argv[0] === COMPLETE_COMMAND) return (await import('./completion/complete.js')).complete(argv.slice(1), io, COMMANDS, main);
  const state: ProgramState = { redactor: new Redactor(), debug: argv.includes('--debug') };
  let commandName = '';
  let exitCode = 0;
  try {
    if (argv.length === 0) throw new UsageError("a command is required; see 'mistral --help'");
    let program: Command;
    program = buildProgram(argv, io, (name) => (commandName = name), async (invocation, opts) => {
      exitCode = await runInvocation(invocation, globalFlagValues(program, opts), Boolean(opts.quiet), io, state);
    });
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return report(error, commandName, io, state);
  } finally {
    await state.session?.close();
  }
}

function report(error: unknown, commandName: string, io: Io, state: ProgramState): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
    // Global options without a command (`mistral --debug`): commander would print the help to
    // stderr (muted here) and exit 1; the reference would start its interactive shell, which we
    // do not have. Say what is missing instead.
    error = error.code === 'commander.help' ? new UsageError("a command is required; see 'mistral --help'") : commanderToUsage(error);
  }
  const redact = (text: string) => state.redactor.text(text);
  if (error instanceof UsageError) {
    io.stderr.write(`mistral${commandName ? ` ${commandName}` : ''}: error: ${redact(error.message)}\n`);
    return error.exitCode;
  }
  if (error instanceof CliError) {
    io.stderr.write(`ERROR (app) ${redact(error.message)}\n`);
    return error.exitCode;
  }
  const err = error as Error;
  io.stderr.write(`ERROR (app) ${redact(err?.message ?? String(error))}\n`);
  if (state.debug && err?.stack) io.stderr.write(`${redact(err.stack)}\n`);
  return 1;
}

/** The bin entry (bin/mistral.js, which also ends a closed pipe quietly): real process streams, exit code set when done. */
export async function run(): Promise<void> {
  const argv = process.argv.slice(2);
  process.exitCode = await main(argv, processIo());
  // Once the candidates are printed the shell waits only for the process to end: a server lookup
  // still hanging past its one second (src/completion/remote.ts) must not keep it alive.
  if (argv[0] === COMPLETE_COMMAND) process.exit();
}
