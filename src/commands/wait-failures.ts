// Why a waited execution failed, on stderr, so that a CI log holds the reason without another
// command: the failed tasks as execution-get-report finds them (GET /v2/executions/<id>/report,
// errors only, sub-workflows at every depth), each with its state info and the error result of
// its failed actions (their output's `result`, where std.fail and every failing action put it).
// Bounded: a few tasks, each text cut short. The lines go through ctx.report, which masks secrets
// (src/text/redact.ts) and shows control characters as escapes (src/text/sanitize.ts).
import type { Item, Json } from '../api/client.js';
import { segment } from '../api/manager.js';
import { CliError } from '../errors.js';
import { isMapping } from '../values.js';
import { actionExecutions } from './action-executions.js';
import type { ResourceSpec, RunContext } from './spec.js';
import { cutShort, named, stateOf, type Tracked } from './wait-tracked.js';

/** At most this many failed tasks are described; the rest are counted. */
export const MAX_FAILED_TASKS = 5;
/** Each state info or error result is cut to this many characters. */
export const MAX_TEXT = 300;

interface FailedTask {
  /** The task's name, after those of the tasks whose sub-workflows hold it (`outer > inner`). */
  path: string;
  stateInfo: unknown;
  actions: Item[];
}

/** One line of a server's text, cut short. */
function shortLine(value: unknown): string {
  const text = (typeof value === 'string' ? value : JSON.stringify(value) ?? '').replace(/\s*\n\s*/g, ' ').trim();
  return cutShort(text, MAX_TEXT);
}

/** The tasks in ERROR of a report's workflow tree, depth first, in the report's order. */
function failedTasks(workflow: Item | undefined, parents: string[], into: FailedTask[]): FailedTask[] {
  for (const task of (workflow?.task_executions ?? []) as Item[]) {
    const path = [...parents, String(task.name ?? '?')];
    const subWorkflows = (task.workflow_executions ?? []) as Item[];
    const actions = ((task.action_executions ?? []) as Item[]).filter((a) => a.state === 'ERROR');
    // A task whose only failure is its sub-workflow's is described by the sub-workflow's tasks.
    if (task.state === 'ERROR' && !(subWorkflows.length && !actions.length)) into.push({ path: path.join(' > '), stateInfo: task.state_info, actions });
    for (const sub of subWorkflows) failedTasks(sub, path, into);
  }
  return into;
}

/** The error result of a failed action: its output's `result` (Mistral's Action.fail), else its state info. */
async function errorResult(ctx: RunContext, t: Tracked, action: Item): Promise<string> {
  try {
    const full = await (await ctx.manager(actionExecutions, t.cloud)).get(String(action.id));
    const output = typeof full.output === 'string' ? (JSON.parse(full.output) as Json) : full.output;
    const result = isMapping(output) && 'result' in output ? output.result : output;
    return shortLine(result ?? action.state_info ?? 'no error result');
  } catch (error) {
    if (error instanceof CliError || error instanceof SyntaxError) return shortLine(action.state_info ?? 'no error result');
    throw error;
  }
}

/** Lines on stderr for each execution of `tracked` that ended in ERROR (nothing with -q). */
export async function reportFailures(ctx: RunContext, resource: ResourceSpec, tracked: Tracked[]): Promise<void> {
  if (ctx.quiet) return;
  for (const t of tracked.filter((one) => !one.error && !one.lost && stateOf(one) === 'ERROR')) {
    let report: Item;
    try {
      report = (await (await ctx.manager(resource, t.cloud)).fetch(`${segment(t.id)}/report`, [['errors_only', 'True']])) as Item;
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      ctx.report(`${named(t)}: its failed tasks could not be read: ${error.message}`);
      continue;
    }
    const failed = failedTasks(report?.root_workflow_execution as Item | undefined, [], []);
    for (const task of failed.slice(0, MAX_FAILED_TASKS)) {
      ctx.report(`${named(t)}: task ${task.path} failed: ${shortLine(task.stateInfo ?? 'no state info')}`);
      for (const action of task.actions.slice(0, MAX_FAILED_TASKS)) {
        ctx.report(`${named(t)}: task ${task.path}: action ${String(action.name ?? '?')} failed with: ${await errorResult(ctx, t, action)}`);
      }
    }
    if (failed.length > MAX_FAILED_TASKS) ctx.report(`${named(t)}: ${failed.length - MAX_FAILED_TASKS} more failed tasks (see: mistral execution-get-report ${t.id})`);
  }
}
