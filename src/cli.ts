// Wiring: global options, the command tables, help, and the one place that turns errors into a
// line on stderr and an exit code (STYLE.md §4).
import { Command, CommanderError, Option } from 'commander';
import { GLOBAL_OPTIONS } from './auth/options.js';
import { resolveSettings, type Settings } from './auth/settings.js';
import { COMMANDS } from './commands/index.js';
import { declareCommand, printResult, readFileArguments, type Invocation } from './commands/engine.js';
import type { RunContext } from './commands/spec.js';
import { CliError, UsageError } from './errors.js';
import { processIo, type Io } from './io.js';
import { Redactor } from './output/redact.js';
import type { ResourceManager, ResourcePath } from './api/manager.js';
import type { MistralConnection } from './auth/connect.js';
import { globalHelp, helpCommand } from './help.js';

export const VERSION = '0.1.0';

interface State {
  redactor: Redactor;
  debug: boolean;
  connection?: MistralConnection;
}

function buildProgram(io: Io, onCommand: (name: string) => void, execute: (invocation: Invocation, globals: Record<string, unknown>) => Promise<void>): Command {
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
      if (i > 0) commanderOption.hideHelp();
      program.addOption(commanderOption);
    });
  }
  program.helpInformation = () => globalHelp(COMMANDS);
  // Usage errors name the command being parsed, as argparse's `mistral <command>: error:` does.
  program.hook('preSubcommand', (_program, sub) => onCommand(sub.name()));

  for (const spec of COMMANDS) {
    declareCommand(program, spec, io.env, (invocation) => execute(invocation, program.opts()));
  }
  helpCommand(program, COMMANDS, io);
  return program;
}

/** Flag values keyed by setting, from commander's parsed global options (aliases merged). */
function globalFlagValues(program: Command, opts: Record<string, unknown>): Record<string, string | boolean | undefined> {
  const values: Record<string, string | boolean | undefined> = {};
  for (const option of GLOBAL_OPTIONS) {
    for (const flag of option.flags) {
      const attribute = program.options.find((o) => o.long === flag)?.attributeName();
      const value = attribute ? opts[attribute] : undefined;
      if (value !== undefined) values[option.key] = value as string | boolean;
    }
  }
  return values;
}

async function runInvocation(invocation: Invocation, settings: Settings, io: Io, state: State): Promise<void> {
  const { spec, values } = invocation;
  await readFileArguments(spec, values, io);
  let client: Promise<import('./api/client.js').MistralClient> | undefined;
  const connectOnce = async () => {
    const [{ connect }, { MistralClient }] = await Promise.all([import('./auth/connect.js'), import('./api/client.js')]);
    state.connection = await connect(settings, {
      redactor: state.redactor,
      debug: state.debug ? (line) => io.stderr.write(`DEBUG ${line}\n`) : undefined,
    });
    return new MistralClient(state.connection);
  };
  const ctx: RunContext = {
    now: io.now(),
    cwd: io.cwd,
    print: (text) => io.stdout.write(text),
    async manager(resource: ResourcePath): Promise<ResourceManager> {
      client ??= connectOnce();
      const { ResourceManager } = await import('./api/manager.js');
      return new ResourceManager(await client, resource);
    },
    async projectId(): Promise<string> {
      await (client ??= connectOnce());
      return state.connection?.home?.projectId ?? settings.projectId ?? '';
    },
  };
  const result = await spec.run(ctx, values);
  await printResult(result, values, io);
}

function commanderToUsage(error: CommanderError): UsageError {
  // Commander says "error: unknown command 'x'\n(Did you mean y?)"; make it one line.
  const message = error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
  if (error.code === 'commander.unknownCommand') {
    const [, name, suggestion] = /^unknown command '([^']*)'\s*(?:\((.*)\))?/.exec(message) ?? [];
    return new UsageError(`'${name}' is not a mistral command. See 'mistral --help'.${suggestion ? ` ${suggestion}` : ''}`);
  }
  return new UsageError(message);
}

export async function main(argv: string[], io: Io): Promise<number> {
  const state: State = { redactor: new Redactor(), debug: argv.includes('--debug') };
  let commandName = '';
  try {
    if (argv.length === 0) throw new UsageError("a command is required; see 'mistral --help'");
    let program: Command;
    program = buildProgram(io, (name) => (commandName = name), async (invocation, opts) => {
      // Offline commands (bash-completion) must work whatever the environment holds.
      const settings = invocation.spec.offline ? {} : resolveSettings(globalFlagValues(program, opts), io.env);
      await runInvocation(invocation, settings, io, state);
    });
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    return report(error, commandName, io, state);
  } finally {
    await state.connection?.transport.dispatcher.close().catch(() => undefined);
  }
}

function report(error: unknown, commandName: string, io: Io, state: State): number {
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

/** The bin entry: real process streams, exit code set when done. */
export async function run(): Promise<void> {
  // A closed pipe (mistral ... | head) ends quietly, as cliff's 141.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(141);
  });
  process.exitCode = await main(process.argv.slice(2), processIo());
}
