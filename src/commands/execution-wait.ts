// execution-wait, and the end of execution-create --wait: wait for executions on their clouds
// (src/commands/wait.ts does the polling), then show them, or their output.
import { CliError, UsageError } from '../errors.js';
import { executions } from './execution-resource.js';
import { defineCommand, type CloudRef, type CommandResult, type RunContext, type ShowFormatterValues } from './spec.js';
import { cancelRunning, concludeWait, waitForExecutions, waitOptions, waitSettings, type Tracked, type WaitSettings } from './wait.js';
import { reportFailures } from './wait-failures.js';
import { outputResult, waitedResult } from './wait-result.js';

/** The formatter values a wait's result depends on. */
type Formatting = Pick<ShowFormatterValues, 'format' | 'noindent' | 'column'>;

/**
 * The wait's options with the formatter's, checked before anything is started: --print-output
 * prints JSON text, so a column choice has no meaning with it.
 */
export function finishSettings(values: Parameters<typeof waitSettings>[0] & Formatting): WaitSettings {
  const settings = waitSettings(values);
  if (settings.printOutput && values.column?.length) throw new UsageError('-c/--column has no meaning with --print-output, which prints the output as JSON');
  return settings;
}

/** Waits for what was started (or found), then shows it: one exit code for them all. */
export async function finishWait(ctx: RunContext, tracked: Tracked[], settings: WaitSettings, formatting: Formatting): Promise<CommandResult> {
  const outcome = await waitForExecutions(ctx, executions, tracked, settings);
  if (outcome.kind === 'timeout' && settings.cancelOnTimeout) await cancelRunning(ctx, executions, tracked);
  const exitCode = concludeWait(ctx, tracked, outcome, settings);
  // Interrupted: nothing on stdout, the executions go on.
  if (outcome.kind === 'interrupted') return { text: '', exitCode };
  await reportFailures(ctx, executions, tracked);
  if (settings.printOutput) return outputResult(tracked, exitCode, { json: formatting.format === 'json', noindent: formatting.noindent });
  return waitedResult(ctx, executions, tracked, exitCode);
}

/**
 * Finds an execution before the wait: its state is then known from the first line on. With
 * several target clouds it is looked up on each (an execution belongs to the project it was
 * started in); the cloud that knows it owns it. Not found: a lookup error, as execution-get's.
 */
async function locate(ctx: RunContext, clouds: CloudRef[], id: string): Promise<Tracked> {
  const found = await Promise.all(clouds.map(async (cloud) => {
    const manager = await ctx.manager(executions, cloud);
    // On one cloud a 404 is execution-get's error; on several, that cloud is not the owner.
    const item = clouds.length > 1 ? await manager.find(id) : await manager.get(id);
    return item && { cloud, id, item };
  }));
  const owner = found.find((t) => t !== undefined);
  if (!owner) throw new CliError(`execution ${id} not found on any of the target clouds ${clouds.map((c) => c.name).join(', ')}`);
  return owner;
}

export const waitCommand = defineCommand({
  name: 'execution-wait',
  summary: 'Wait until executions end, then show them; exit 1 unless all succeeded.',
  kind: 'show',
  fanOut: true,
  args: [{ name: 'id', help: 'Execution ID(s)', variadic: true, complete: 'execution' }],
  options: waitOptions,
  async run(ctx, values) {
    const settings = finishSettings(values);
    const clouds = await ctx.clouds();
    const ids = [...new Set(values.id)];
    const tracked = await Promise.all(ids.map((id) => locate(ctx, clouds, id)));
    return finishWait(ctx, tracked, settings, values);
  },
});
