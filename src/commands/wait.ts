// Waiting for executions to end, for execution-create --wait and execution-wait: polling that
// starts fast and backs off, one session (one login per cloud, kept-alive connections) for the
// whole wait, progress on stderr only (wait-progress.ts), and an exit code a CI job can trust
// (README "Waiting").
import type { Item } from '../api/client.js';
import { segment } from '../api/manager.js';
import { CliError, exitForSignal, UsageError } from '../errors.js';
import { parseSeconds } from '../values.js';
import type { OptionSpec, OptionValues, ResourceSpec, RunContext } from './spec.js';
import { liveLine, reportChanges } from './wait-progress.js';
import { cutShort, FINAL_STATES, isOver, named, ranFor, stateOf, type TaskSeen, type Tracked } from './wait-tracked.js';

export type { Tracked } from './wait-tracked.js';

/** Exit codes of a wait: 0 every execution SUCCESS, 1 any ERROR/CANCELLED (or not started). */
export const EXIT_FAILED = 1;
/** The wait timed out with executions still running (neither 0, 1 nor 2, which is a usage error). */
export const EXIT_STILL_RUNNING = 3;

const FIRST_POLL_MS = 500;

export const waitOptions = [
  { flags: '--wait-timeout <SECONDS>', dest: 'wait_timeout', number: true, help: `Stop waiting after this many seconds; executions still running are left running (exit ${EXIT_STILL_RUNNING}).` },
  { flags: '--cancel-on-timeout', dest: 'cancel_on_timeout', help: 'With --wait-timeout: cancel the executions still running when it passes (state CANCELLED) instead of leaving them running.', default: false },
  { flags: '--interval <SECONDS>', number: true, default: 5, help: 'Longest pause between two polls; polling starts at 0.5 s and doubles up to it (default: 5).' },
  { flags: '--print-output', dest: 'print_output', help: "Print the execution's output (as execution-get-output does) instead of the execution; with several, one per cloud, labelled (-f json: one object keyed by cloud).", default: false },
] as const satisfies readonly OptionSpec[];

export type WaitOutcome = { kind: 'done' } | { kind: 'timeout' } | { kind: 'interrupted'; signal: string };

export interface WaitSettings {
  intervalMs: number;
  timeoutMs?: number;
  /** --wait-timeout as given, for the messages. */
  timeoutGiven?: number;
  cancelOnTimeout: boolean;
  printOutput: boolean;
}

type WaitValues = OptionValues<typeof waitOptions>;

/** The wait's options, checked before anything is started (usage errors, exit 2). */
export function waitSettings(values: WaitValues): WaitSettings {
  const ms = (name: string, value: number | undefined) => (value === undefined ? undefined : parseSeconds(value, name));
  const timeoutMs = ms('--wait-timeout', values.wait_timeout);
  if (values.cancel_on_timeout && timeoutMs === undefined) throw new UsageError('--cancel-on-timeout needs --wait-timeout SECONDS');
  return { intervalMs: ms('--interval', values.interval) ?? 5000, timeoutMs, timeoutGiven: values.wait_timeout, cancelOnTimeout: values.cancel_on_timeout, printOutput: values.print_output };
}

/** Polls until every execution has ended, the timeout passes or a signal; reports progress on stderr. */
export async function waitForExecutions(ctx: RunContext, resource: ResourceSpec, tracked: Tracked[], settings: WaitSettings): Promise<WaitOutcome> {
  const started = ctx.clock();
  const interrupt = new AbortController();
  let signal = 'SIGINT';
  const release = ctx.onInterrupt((name) => {
    signal = name ?? 'SIGINT';
    interrupt.abort();
  });
  const live = ctx.terminal.live && !ctx.quiet;
  const report = () => reportChanges(ctx, tracked);
  const redraw = () => live && ctx.progress(liveLine(ctx, tracked, started), { live: true });
  let delay = FIRST_POLL_MS;
  try {
    // What is known at the start (RUNNING for one just created), then a sleep before the first poll.
    report();
    for (let first = true; ; first = false) {
      const pending = tracked.filter((t) => !isOver(t));
      if (!pending.length) return { kind: 'done' };
      if (!first) {
        await Promise.all(pending.map((t) => poll(ctx, resource, t)));
        report();
        if (tracked.every(isOver)) return { kind: 'done' };
      }
      const spent = ctx.clock().getTime() - started.getTime();
      if (settings.timeoutMs !== undefined && spent >= settings.timeoutMs) return { kind: 'timeout' };
      const pause = Math.min(delay, settings.timeoutMs === undefined ? delay : settings.timeoutMs - spent);
      // A live line shows the seconds going by, so it is redrawn every second while sleeping.
      const slice = live ? 1000 : pause;
      for (let slept = 0; slept < pause && !interrupt.signal.aborted; slept += slice) {
        redraw();
        await ctx.sleep(Math.min(slice, pause - slept), interrupt.signal);
      }
      if (interrupt.signal.aborted) return { kind: 'interrupted', signal };
      delay = Math.min(delay * 2, settings.intervalMs);
    }
  } finally {
    release();
    // The live line is cleared, so what follows starts on a clean row.
    if (live) ctx.progress('', { live: true });
  }
}

const TASK_FIELDS = 'name,state,created_at,updated_at,started_at,finished_at';

async function poll(ctx: RunContext, resource: ResourceSpec, t: Tracked): Promise<void> {
  try {
    t.item = await (await ctx.manager(resource, t.cloud)).get(t.id);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    t.lost = error.message;
    return;
  }
  // Read after the execution, so that an execution seen ended has its last tasks ended too. Only
  // for the progress lines: a failure here costs the task lines, never the wait.
  if (ctx.quiet) return;
  // undici frees the connection once the event loop turns after the answer's end: without this
  // turn the second request would open a second connection instead of reusing the kept-alive one.
  await new Promise((resolve) => setImmediate(resolve));
  const tasks = await ctx.manager({ path: `${resource.path}/${segment(t.id)}/tasks`, listKey: 'tasks' }, t.cloud);
  const list = await tasks.list([['fields', TASK_FIELDS]]).catch(() => undefined);
  if (list) t.tasks = Array.from(list, (task) => taskSeen(task, ctx.clock()));
}

function taskSeen(task: Item, now: Date): TaskSeen {
  const state = String(task.state ?? 'UNKNOWN');
  const ended = FINAL_STATES.has(state);
  let took = '';
  if (ended) {
    // Mistral 15 keeps started_at/finished_at for tasks; created/updated are the fallback.
    const [from, to] = task.started_at && task.finished_at ? [task.started_at, task.finished_at] : [task.created_at, task.updated_at];
    took = ranFor({ created_at: from, updated_at: to }, now);
  }
  return { id: String(task.id ?? task.name), name: String(task.name ?? '?'), state, took };
}

/** --cancel-on-timeout: each execution still running is set CANCELLED (PUT, as execution-update -s CANCELLED). */
export async function cancelRunning(ctx: RunContext, resource: ResourceSpec, tracked: Tracked[]): Promise<void> {
  await Promise.all(
    tracked
      .filter((t) => !isOver(t))
      .map(async (t) => {
        try {
          const answer = await (await ctx.manager(resource, t.cloud)).update({ body: { state: 'CANCELLED' } }, t.id);
          t.item = { ...t.item, ...(answer as Item) };
          t.cancelled = true;
        } catch (error) {
          if (!(error instanceof CliError)) throw error;
          ctx.report(`${named(t)} could not be cancelled: ${error.message}`);
        }
      }),
  );
}

/** The summary's state info is cut here: Mistral repeats each nested failure's text in its parent's. */
const MAX_SUMMARY = 1000;

/** Mistral's state info spans lines (task, then action); a CI log wants one line per execution. */
export function oneLine(info: unknown): string {
  const text = typeof info === 'string' ? info : '';
  return text.split('\n').map((line) => line.trim()).filter(Boolean).join(' ') || 'no state info';
}

/** The exit code and stderr lines for how the wait ended. */
export function concludeWait(ctx: RunContext, tracked: Tracked[], outcome: WaitOutcome, settings: WaitSettings): number {
  const failed = tracked.filter((t) => !t.cancelled && (t.error || t.lost || stateOf(t) === 'ERROR' || stateOf(t) === 'CANCELLED'));
  const running = tracked.filter((t) => !isOver(t));
  if (outcome.kind === 'interrupted') {
    const why = outcome.signal === 'SIGINT' ? 'interrupted' : `interrupted by ${outcome.signal}`;
    for (const t of running) ctx.report(`${why}: stopped waiting; ${named(t)} is still ${stateOf(t)} on the server (see: mistral execution-get ${t.id})`);
    return exitForSignal(outcome.signal);
  }
  for (const t of failed) {
    if (t.error) ctx.report(`${named(t)} was not started: ${t.error}`);
    else if (t.lost) ctx.report(`${named(t)} could not be read: ${t.lost}; it may still be running (see: mistral execution-get ${t.id})`);
    else ctx.report(`${named(t)} ended in ${stateOf(t)}: ${cutShort(oneLine(t.item?.state_info), MAX_SUMMARY)}`);
  }
  for (const t of tracked.filter((c) => c.cancelled)) ctx.report(`${named(t)} was still running after ${String(settings.timeoutGiven)} s (--wait-timeout); it was cancelled (--cancel-on-timeout), now ${stateOf(t)}`);
  for (const t of running) ctx.report(`${named(t)} is still ${stateOf(t)} after ${String(settings.timeoutGiven)} s (--wait-timeout); it was left running`);
  // A definite failure outweighs an unknown end.
  if (failed.length) return EXIT_FAILED;
  return running.length || tracked.some((t) => t.cancelled) ? EXIT_STILL_RUNNING : 0;
}
