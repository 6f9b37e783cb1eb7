// execution-wait, and the end of execution-create --wait: wait for executions on their clouds
// (src/commands/wait.ts does the polling), then show them.
import { CliError } from '../errors.js';
import { executions } from './execution-resource.js';
import { defineCommand, type CloudRef, type CommandResult, type RunContext } from './spec.js';
import { concludeWait, waitedResult, waitForExecutions, waitOptions, waitSettings, type Tracked } from './wait.js';

/** Waits for what was started (or found), then shows it: one exit code for them all. */
export async function finishWait(ctx: RunContext, tracked: Tracked[], values: { wait_timeout: number | undefined }, wait: ReturnType<typeof waitSettings>): Promise<CommandResult> {
  const outcome = await waitForExecutions(ctx, executions, tracked, wait);
  const exitCode = concludeWait(ctx, tracked, outcome, values.wait_timeout);
  // Interrupted: nothing on stdout, the executions go on.
  if (outcome === 'interrupted') return { text: '', exitCode };
  return waitedResult(ctx, executions, tracked, exitCode, true);
}

/**
 * With several target clouds an execution id is looked up on each (an execution belongs to the
 * project it was started in); the cloud that knows it owns it.
 */
async function locate(ctx: RunContext, clouds: CloudRef[], id: string): Promise<Tracked> {
  if (clouds.length === 1) return { cloud: clouds[0], id };
  const found = await Promise.all(clouds.map(async (cloud) => {
    try {
      return { cloud, id, item: await (await ctx.manager(executions, cloud)).get(id) };
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      return undefined;
    }
  }));
  const owner = found.find((t) => t !== undefined);
  return owner ?? { cloud: clouds[0], id, error: `not found on any of the target clouds ${clouds.map((c) => c.name).join(', ')}` };
}

export const waitCommand = defineCommand({
  name: 'execution-wait',
  summary: 'Wait until executions end, then show them; exit 1 unless all succeeded.',
  kind: 'show',
  fanOut: true,
  args: [{ name: 'id', help: 'Execution ID(s)', variadic: true, complete: 'execution' }],
  options: waitOptions,
  async run(ctx, values) {
    const settings = waitSettings(values);
    const clouds = await ctx.clouds();
    const ids = [...new Set(values.id)];
    const tracked = await Promise.all(ids.map((id) => locate(ctx, clouds, id)));
    return finishWait(ctx, tracked, values, settings);
  },
});

