// What a wait says while it waits (README "Waiting"), on stderr only: without a live terminal
// (a CI log) one plain line per state change and per task that ends, as it happens; on a terminal
// one line redrawn in place, naming the tasks that run. Text from the server reaches stderr
// through the context, which shows control characters as escapes.
import { stateStyle, type Span } from '../terminal/terminal.js';
import { timedelta } from './cells.js';
import type { RunContext } from './spec.js';
import { FINAL_STATES, isOver, named, ranFor, stateOf, type Tracked } from './wait-tracked.js';

/** Plain lines for what changed since the last call; on a live terminal only the bookkeeping. */
export function reportChanges(ctx: RunContext, tracked: Tracked[]): void {
  for (const t of tracked) {
    // Not started, or no longer readable: the conclusion says so, once.
    if (t.error || t.lost) continue;
    const seen = (t.reportedTasks ??= new Set());
    for (const task of t.tasks ?? []) {
      if (!FINAL_STATES.has(task.state) || seen.has(task.id)) continue;
      seen.add(task.id);
      if (!ctx.terminal.live) ctx.progress(`${named(t)}: task ${task.name} ${task.state}${task.took ? ` after ${task.took}` : ''}`);
    }
    const state = stateOf(t);
    if (state === t.reported) continue;
    t.reported = state;
    if (ctx.terminal.live) continue;
    const took = isOver(t) ? ranFor(t.item, ctx.clock()) : '';
    ctx.progress(`${named(t)}: ${state}${took ? ` after ${took}` : ''}`);
  }
}

/**
 * A terminal: one line, redrawn in place: the wait's elapsed time, then each execution's state,
 * its tasks ended of those it has so far, and the names of those running. The state is coloured
 * and the line cut to the terminal's width where it is drawn (terminal.ts, liveLineBytes), after
 * its text was made safe.
 */
export function liveLine(ctx: RunContext, tracked: Tracked[], started: Date): Span[] {
  const spans: Span[] = [{ text: `waiting ${timedelta(Math.floor((ctx.clock().getTime() - started.getTime()) / 1000))}  ` }];
  tracked.forEach((t, i) => {
    const who = tracked.length > 1 || t.cloud.index >= 0 ? `${t.cloud.name} ` : '';
    spans.push({ text: `${i > 0 ? ' · ' : ''}${who}` }, { text: stateOf(t), style: stateStyle(stateOf(t)) }, { text: taskSummary(t) });
  });
  return spans;
}

/** " tasks 1/3 so far (running: two)": counted as task-list lists them; "so far" while more may come. */
function taskSummary(t: Tracked): string {
  if (!t.tasks) return '';
  const done = t.tasks.filter((task) => FINAL_STATES.has(task.state)).length;
  const running = t.tasks.filter((task) => !FINAL_STATES.has(task.state)).map((task) => task.name);
  const soFar = isOver(t) ? '' : ' so far';
  return ` tasks ${done}/${t.tasks.length}${soFar}${running.length ? ` (running: ${running.join(', ')})` : ''}`;
}
