// Waiting for executions to end, for execution-create --wait and execution-wait: polling that
// starts fast and backs off, one session (one login per cloud, kept-alive connections) for the
// whole wait, progress on stderr only, and an exit code a CI job can trust (README "Waiting").
import type { Item } from '../api/client.js';
import { CliError } from '../errors.js';
import type { Cell } from '../output/types.js';
import { stateStyle, type Span } from '../terminal/terminal.js';
import { executionDuration, timedelta } from './cells.js';
import { parseSeconds } from '../settings/gather.js';
import type { CloudRef, CommandResult, OptionSpec, ResourceSpec, RunContext, Values } from './spec.js';
import { showRow } from './verbs.js';

/** Exit codes of a wait: 0 every execution SUCCESS, 1 any ERROR/CANCELLED (or not started). */
export const EXIT_FAILED = 1;
/** The wait timed out with executions still running (neither 0, 1 nor 2, which is a usage error). */
export const EXIT_STILL_RUNNING = 3;
/** Ctrl-C while waiting, as a shell reports SIGINT. */
export const EXIT_INTERRUPTED = 130;

const FINAL_STATES = new Set(['SUCCESS', 'ERROR', 'CANCELLED']);
const FIRST_POLL_MS = 500;

export const waitOptions: OptionSpec[] = [
  { flags: '--wait-timeout <SECONDS>', dest: 'wait_timeout', number: true, help: `Stop waiting after this many seconds; executions still running are left running (exit ${EXIT_STILL_RUNNING}).` },
  { flags: '--interval <SECONDS>', number: true, default: 5, help: 'Longest pause between two polls; polling starts at 0.5 s and doubles up to it (default: 5).' },
];

/** One execution being waited for, on the cloud it belongs to. */
export interface Tracked {
  cloud: CloudRef;
  id: string;
  /** The execution as Mistral last answered. */
  item?: Item;
  /** Why it could not be started or read; it counts as failed. */
  error?: string;
  /** The last state reported on stderr. */
  reported?: string;
  /** Tasks done and in all (only fetched for a live terminal line). */
  tasks?: { done: number; total: number };
}

export type WaitOutcome = 'done' | 'timeout' | 'interrupted';

interface WaitSettings {
  intervalMs: number;
  timeoutMs?: number;
}

export function waitSettings(values: Values): WaitSettings {
  const ms = (name: string, value: unknown) => (value === undefined || value === null ? undefined : parseSeconds(value as number, name));
  return { intervalMs: ms('--interval', values.interval) ?? 5000, timeoutMs: ms('--wait-timeout', values.wait_timeout) };
}

const stateOf = (t: Tracked): string => (t.error ? 'NOT STARTED' : String(t.item?.state ?? 'UNKNOWN'));
const isOver = (t: Tracked): boolean => Boolean(t.error) || FINAL_STATES.has(stateOf(t));

/** "execution 1234 on target cloud 'stack-b'" (the cloud only when there is a target). */
function named(t: Tracked): string {
  return `execution ${t.id || '(none)'}${t.cloud.index >= 0 ? ` on the ${t.cloud.label}` : ''}`;
}

function elapsed(ctx: RunContext, since: Date): string {
  return timedelta(Math.floor((ctx.clock().getTime() - since.getTime()) / 1000));
}

/** Polls until every execution has ended, the timeout passes or Ctrl-C; reports progress on stderr. */
export async function waitForExecutions(ctx: RunContext, resource: ResourceSpec, tracked: Tracked[], settings: WaitSettings): Promise<WaitOutcome> {
  const started = ctx.clock();
  const interrupt = new AbortController();
  const release = ctx.onInterrupt(() => interrupt.abort());
  const live = ctx.terminal.live && !ctx.quiet;
  const report = () => reportChanges(ctx, tracked, started);
  const redraw = () => live && ctx.progress(liveLine(ctx, tracked, started), { live: true });
  let delay = FIRST_POLL_MS;
  try {
    // An execution just created is RUNNING: say so, then sleep before the first poll.
    report();
    for (let first = true; ; first = false) {
      const pending = tracked.filter((t) => !isOver(t));
      if (!pending.length) return 'done';
      if (!first || pending.some((t) => !t.item)) {
        await Promise.all(pending.map((t) => poll(ctx, resource, t, live)));
        report();
        if (tracked.every(isOver)) return 'done';
      }
      const spent = ctx.clock().getTime() - started.getTime();
      if (settings.timeoutMs !== undefined && spent >= settings.timeoutMs) return 'timeout';
      const pause = Math.min(delay, settings.timeoutMs === undefined ? delay : settings.timeoutMs - spent);
      // A live line shows the seconds going by, so it is redrawn every second while sleeping.
      const slice = live ? 1000 : pause;
      for (let slept = 0; slept < pause && !interrupt.signal.aborted; slept += slice) {
        redraw();
        await ctx.sleep(Math.min(slice, pause - slept), interrupt.signal);
      }
      if (interrupt.signal.aborted) return 'interrupted';
      delay = Math.min(delay * 2, settings.intervalMs);
    }
  } finally {
    release();
    // The live line is cleared, so what follows starts on a clean row.
    if (live) ctx.progress('', { live: true });
  }
}

async function poll(ctx: RunContext, resource: ResourceSpec, t: Tracked, withTasks: boolean): Promise<void> {
  try {
    t.item = await (await ctx.manager(resource, t.cloud)).get(t.id);
    if (withTasks) {
      // Only for the live line; a failure here costs the count, never the wait.
      const tasks = await ctx.manager({ path: `${resource.path}/${encodeURIComponent(t.id)}/tasks`, listKey: 'tasks' }, t.cloud);
      const list = await tasks.list([['fields', 'state']]).catch(() => undefined);
      if (list) t.tasks = { done: list.filter((task) => FINAL_STATES.has(String(task.state))).length, total: list.length };
    }
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    t.error = error.message;
  }
}

/** Not a terminal: one plain line per state change, no control characters (CI logs stay readable). */
function reportChanges(ctx: RunContext, tracked: Tracked[], started: Date): void {
  for (const t of tracked) {
    const state = stateOf(t);
    if (state === t.reported) continue;
    t.reported = state;
    if (ctx.terminal.live) continue;
    const when = isOver(t) ? ` after ${elapsed(ctx, started)}` : '';
    ctx.progress(`${named(t)}: ${state}${when}`);
  }
}

/**
 * A terminal: one line, redrawn in place: elapsed time, and state and tasks of each execution.
 * The state is coloured and the line cut to the terminal's width where it is drawn
 * (terminal.ts, liveLineBytes), after its text was made safe.
 */
function liveLine(ctx: RunContext, tracked: Tracked[], started: Date): Span[] {
  const spans: Span[] = [{ text: `waiting ${elapsed(ctx, started)}  ` }];
  tracked.forEach((t, i) => {
    const who = tracked.length > 1 || t.cloud.index >= 0 ? `${t.cloud.name} ` : '';
    const tasks = t.tasks ? ` tasks ${t.tasks.done}/${t.tasks.total}` : '';
    spans.push({ text: `${i > 0 ? ' · ' : ''}${who}` }, { text: stateOf(t), style: stateStyle(stateOf(t)) }, { text: tasks });
  });
  return spans;
}

/** Mistral's state info spans lines (task, then action); a CI log wants one line per execution. */
function oneLine(info: unknown): string {
  const text = typeof info === 'string' ? info : '';
  return text.split('\n').map((line) => line.trim()).filter(Boolean).join(' ') || 'no state info';
}

/** The exit code and stderr lines for how the wait ended. */
export function concludeWait(ctx: RunContext, tracked: Tracked[], outcome: WaitOutcome, waitTimeout?: unknown): number {
  const failed = tracked.filter((t) => t.error || stateOf(t) === 'ERROR' || stateOf(t) === 'CANCELLED');
  const running = tracked.filter((t) => !isOver(t));
  if (outcome === 'interrupted') {
    for (const t of running) ctx.report(`interrupted: stopped waiting; ${named(t)} is still ${stateOf(t)} on the server (see: mistral execution-get ${t.id})`);
    return EXIT_INTERRUPTED;
  }
  for (const t of failed) ctx.report(`${named(t)} ${t.error ? `was not started or could not be read: ${t.error}` : `ended in ${stateOf(t)}: ${oneLine(t.item?.state_info)}`}`);
  for (const t of running) ctx.report(`${named(t)} is still ${stateOf(t)} after ${String(waitTimeout)} s (--wait-timeout); it was left running`);
  // A definite failure outweighs an unknown end.
  if (failed.length) return EXIT_FAILED;
  return running.length ? EXIT_STILL_RUNNING : 0;
}

/** One execution: as execution-get prints it. Several: one row per cloud (and execution). */
export function waitedResult(ctx: RunContext, resource: ResourceSpec, tracked: Tracked[], exitCode: number, withDuration: boolean): CommandResult {
  if (tracked.length === 1 && tracked[0].item) {
    return { show: showRow(resource, tracked[0].item, ctx.clock()), exitCode };
  }
  return { list: executionRows(ctx, tracked, withDuration), exitCode };
}

export function executionRows(ctx: RunContext, tracked: Tracked[], withDuration: boolean): { columns: string[]; rows: Cell[][] } {
  const columns = ['Target cloud', 'ID', 'Workflow name', 'State', 'State info', 'Created at', ...(withDuration ? ['Duration'] : [])];
  const rows = tracked.map((t) => {
    const item = t.item ?? {};
    const row: Cell[] = [t.cloud.name, t.id, (item.workflow_name as Cell) ?? null, stateOf(t), (t.error ?? (item.state_info as Cell)) ?? null, (item.created_at as Cell) ?? null];
    if (withDuration) row.push(executionDuration(item, ctx.clock()));
    return row;
  });
  return { columns, rows };
}
