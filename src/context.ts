// The command context (RunContext): what a command sees of the world. Settings are gathered once,
// the session (every cloud authenticated, one connection per cloud) is opened on first use and
// shared by everything the command does, and stderr gets progress, warnings and reports under the
// rules of src/terminal/terminal.ts.
import type { Session, Timeouts } from './api/session.js';
import { COMMANDS } from './commands/index.js';
import { readStream } from './io.js';
import { HOME_CLOUD, type RunContext } from './commands/spec.js';
import { UsageError } from './errors.js';
import { realSleep, type SafeIo } from './io.js';
import type { EchoMask, Redactor } from './text/redact.js';
import { gatherSettings, type Configuration, type FlagValues } from './settings/gather.js';
import { parseSeconds } from './values.js';
import { tokenCacheDirectory } from './settings/paths.js';
import { detectTerminal, liveLineBytes, plainText } from './terminal/terminal.js';

/** What outlives one command's context: the redactor of every printed line, and the session to close. */
export interface ProgramState {
  redactor: Redactor;
  /** What the command prints on stdout passes this (cli.ts makes one per command, --unmask turns it off). */
  mask?: EchoMask;
  debug: boolean;
  session?: Session;
}

export interface CommandContext {
  ctx: RunContext;
  /** Every setting with its source; gathered on the first call, warnings printed then. */
  configuration(): Promise<Configuration>;
}

/**
 * The smallest --timeout: no answer over a network comes sooner, and a smaller value is most likely
 * milliseconds given for seconds (README "Token cache, timeouts and retries").
 */
const MIN_TIMEOUT_MS = 100;

/** --timeout: every request of the command; the connect timeout stays at most 10 s. */
function timeoutsOf(config: Configuration): Timeouts | undefined {
  const given = config.program.timeout;
  if (!given) return undefined;
  const ms = parseSeconds(given.value, '--timeout');
  if (ms < MIN_TIMEOUT_MS) throw new UsageError(`--timeout is in seconds and must be at least ${MIN_TIMEOUT_MS / 1000}, not '${given.value}'`);
  return { keystoneMs: ms, mistralMs: ms, connectMs: Math.min(ms, 10_000) };
}


export function commandContext(io: SafeIo, flags: FlagValues, quiet: boolean, state: ProgramState): CommandContext {
  const terminal = detectTerminal(io);
  const homeDir = io.homeDir ?? io.env.HOME ?? '/';
  const cacheDirectory = tokenCacheDirectory(io.env, io.homeDir ?? io.env.HOME);
  const warn = (line: string) => {
    // A warning may quote a setting (a URL with credentials in it).
    if (!quiet) io.stderr.write(`mistral: warning: ${state.redactor.text(line)}\n`);
  };

  let configuration: Promise<Configuration> | undefined;
  const configurationOnce = () =>
    (configuration ??= gatherSettings({ flags, env: io.env, cwd: io.cwd, homeDir }).then((config) => {
      config.warnings.forEach(warn);
      return config;
    }));

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

  const ctx: RunContext = {
    now: io.now(),
    clock: () => io.now(),
    sleep: (ms, signal) => (io.sleep ?? realSleep)(ms, signal),
    onInterrupt: (handler) => io.onInterrupt?.(handler) ?? (() => undefined),
    terminal,
    quiet,
    progress(line, options) {
      if (quiet) return;
      // The one caller of writeTerminalControl: liveLineBytes made the line's text safe before adding the redraw and colour.
      if (options?.live && terminal.live) io.stderr.writeTerminalControl(liveLineBytes(terminal, line));
      else io.stderr.write(`${plainText(line)}\n`);
    },
    warn,
    report: (line) => io.stderr.write(`mistral: ${state.redactor.text(line)}\n`),
    cwd: io.cwd,
    readStdin: () => readStream(io.stdin),
    // Per-item messages (a delete's failure) may quote a server that echoed a token.
    print: (text) => io.stdout.write(state.mask ? state.mask.text(text) : text),
    commands: COMMANDS,
    tokenCacheDirectory: cacheDirectory,
    configuration: configurationOnce,
    async manager(resource, cloud) {
      const [current, { ResourceManager }] = await Promise.all([sessionOnce(), import('./api/manager.js')]);
      return new ResourceManager(cloud ? current.client(cloud.index) : current.client(), resource);
    },
    async clouds() {
      const current = await sessionOnce();
      if (!current.targets.length) return [HOME_CLOUD];
      return current.targets.map((target, index) => ({ index, label: target.label, name: target.credentials.name ?? target.label }));
    },
    async projectId() {
      const current = await sessionOnce();
      const config = await configurationOnce();
      return current.targets[0]?.keystone.projectId ?? current.home?.projectId ?? config.home.settings.project_id?.value ?? '';
    },
  };
  return { ctx, configuration: configurationOnce };
}
