// Wiring: global options, the command tables, help, the command context, and the one place that
// turns errors into a line on stderr and an exit code (STYLE.md §4).
import { Command, CommanderError, Option } from 'commander';
import type { Session, Timeouts } from './api/session.js';
import { COMMANDS } from './commands/index.js';
import { declareCommand, printResult, readFileArguments, readStream, type Invocation } from './commands/engine.js';
import type { CloudRef, RunContext } from './commands/spec.js';
import { COMPLETE_COMMAND } from './completion/scripts.js';
import { CliError, UsageError } from './errors.js';
import { globalHelp, helpCommand } from './help.js';
import { processIo, realSleep, type Io } from './io.js';
import { maskEchoedSecrets, Redactor } from './output/redact.js';
import { gatherSettings, type Configuration, type FlagValues } from './settings/gather.js';
import { GLOBAL_OPTIONS } from './settings/options.js';
import { detectTerminal } from './terminal/terminal.js';
import { tokenCacheDirectory } from './settings/paths.js';

export const VERSION = '0.1.0';

interface State {
  redactor: Redactor;
  debug: boolean;
  session?: Session;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
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
      if (option.kind === 'list') commanderOption.argParser(collect);
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

/** --timeout: every request of the command; the connect timeout stays at most 10 s. */
function timeoutsOf(config: Configuration): Timeouts | undefined {
  const given = config.program.timeout;
  if (!given) return undefined;
  const seconds = Number(given.value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout must be a number of seconds greater than 0, not '${given.value}'`);
  const ms = Math.round(seconds * 1000);
  return { keystoneMs: ms, mistralMs: ms, connectMs: Math.min(ms, 10_000) };
}

async function runInvocation(invocation: Invocation, flags: FlagValues, quiet: boolean, io: Io, state: State): Promise<number> {
  const { spec, values } = invocation;
  const terminal = detectTerminal(io);
  const warn = (line: string) => {
    if (!quiet) io.stderr.write(`mistral: warning: ${line}\n`);
  };
  let configuration: Promise<Configuration> | undefined;
  const configurationOnce = () =>
    (configuration ??= gatherSettings({ flags, env: io.env, cwd: io.cwd, homeDir: io.homeDir ?? io.env.HOME ?? '/' }).then((config) => {
      config.warnings.forEach(warn);
      return config;
    }));
  // Settings are checked before anything else a command does, files and requests included.
  if (!spec.offline) {
    const config = await configurationOnce();
    if (config.targets.length > 1 && !spec.fanOut) {
      throw new UsageError(`${spec.name} acts on one target cloud; only execution-create and execution-wait accept several --os-target-cloud`);
    }
  }
  await readFileArguments(spec, values, io);

  let session: Promise<Session> | undefined;
  const sessionOnce = () =>
    (session ??= (async () => {
      const config = await configurationOnce();
      const debug = state.debug ? (line: string) => io.stderr.write(`DEBUG ${line}\n`) : undefined;
      if (debug) {
        const { settingRows } = await import('./settings/report.js');
        for (const row of settingRows(config)) debug(`setting: ${row.cloud} ${row.setting}=${state.redactor.text(row.value)} (${row.source})`);
      }
      const [{ openSession }, { terminalPrompt }, { TokenCache }] = await Promise.all([import('./api/session.js'), import('./terminal/prompt.js'), import('./auth/token-cache.js')]);
      const cached = [config.home, ...config.targets].some((cloud) => cloud.settings.cache?.value === 'true');
      state.session = await openSession(config, {
        redactor: state.redactor,
        debug,
        warn,
        prompt: terminal.interactive ? terminalPrompt(io) : undefined,
        timeouts: timeoutsOf(config),
        cache: cached ? new TokenCache(cacheDirectory, warn) : undefined,
        now: () => io.now(),
      });
      return state.session;
    })());

  const homeRef: CloudRef = { index: -1, label: 'home cloud', name: 'home' };
  const cacheDirectory = tokenCacheDirectory(io.env, io.homeDir ?? io.env.HOME ?? '/');
  const ctx: RunContext = {
    now: io.now(),
    clock: () => io.now(),
    sleep: (ms, signal) => (io.sleep ?? realSleep)(ms, signal),
    onInterrupt: (handler) => io.onInterrupt?.(handler) ?? (() => undefined),
    terminal,
    quiet,
    progress(line, options) {
      if (quiet) return;
      io.stderr.write(options?.live && terminal.live ? `\r\x1b[2K${line}` : `${line}\n`);
    },
    warn,
    report: (line) => io.stderr.write(`mistral: ${state.redactor.text(line)}\n`),
    cwd: io.cwd,
    readStdin: () => readStream(io.stdin),
    // Per-item messages (a delete's failure) may quote a server that echoed a token.
    print: (text) => io.stdout.write(maskEchoedSecrets(text)),
    commands: COMMANDS,
    tokenCacheDirectory: cacheDirectory,
    configuration: configurationOnce,
    async manager(resource, cloud) {
      const [current, { ResourceManager }] = await Promise.all([sessionOnce(), import('./api/manager.js')]);
      return new ResourceManager(cloud ? current.client(cloud.index) : current.client(), resource);
    },
    async clouds() {
      const current = await sessionOnce();
      if (!current.targets.length) return [homeRef];
      return current.targets.map((target, index) => ({ index, label: target.label, name: target.credentials.name ?? target.label }));
    },
    async projectId() {
      const current = await sessionOnce();
      const config = await configurationOnce();
      return current.targets[0]?.keystone.projectId ?? current.home?.projectId ?? config.home.settings.project_id?.value ?? '';
    },
  };
  const result = await spec.run(ctx, values);
  return printResult(result, values, io);
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
  // Shell completion is answered before anything is set up: no settings, no network unless opted in.
  if (argv[0] === COMPLETE_COMMAND) return (await import('./completion/complete.js')).complete(argv.slice(1), io, COMMANDS, main);
  const state: State = { redactor: new Redactor(), debug: argv.includes('--debug') };
  let commandName = '';
  let exitCode = 0;
  try {
    if (argv.length === 0) throw new UsageError("a command is required; see 'mistral --help'");
    let program: Command;
    program = buildProgram(io, (name) => (commandName = name), async (invocation, opts) => {
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

/** The bin entry (bin/mistral.js, which also ends a closed pipe quietly): real process streams, exit code set when done. */
export async function run(): Promise<void> {
  const argv = process.argv.slice(2);
  process.exitCode = await main(argv, processIo());
  // Once the candidates are printed the shell waits only for the process to end: a server lookup
  // still hanging past its one second (src/completion/remote.ts) must not keep it alive.
  if (argv[0] === COMPLETE_COMMAND) process.exit();
}
