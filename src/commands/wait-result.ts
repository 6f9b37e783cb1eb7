// What a wait prints on stdout (README "Waiting"): one execution as execution-get shows it (an
// object in -f json), several as one row each; with --print-output the output instead, as
// execution-get-output prints it, and several outputs labelled by cloud (or by id).
import type { Json } from '../api/client.js';
import { parsedJson, pythonIndentedJson, pythonJson } from '../output/json-text.js';
import type { Cell } from '../output/types.js';
import { executionDuration } from './cells.js';
import type { CommandResult, ResourceSpec, RunContext } from './spec.js';
import { perCloudColumns } from './execution-resource.js';
import { jsonFieldText, showRow } from './verbs.js';
import { stateOf, type Tracked } from './wait-tracked.js';

/** One execution (create at home or on one target, or one id): as execution-get prints it. Several: one row each. */
export function waitedResult(ctx: RunContext, resource: ResourceSpec, tracked: Tracked[], exitCode: number): CommandResult {
  if (tracked.length === 1 && tracked[0].item) return { show: showRow(resource, tracked[0].item, ctx.clock()), exitCode };
  return { list: executionRows(ctx, tracked, true), exitCode };
}

export function executionRows(ctx: RunContext, tracked: Tracked[], withDuration: boolean): { columns: string[]; rows: Cell[][] } {
  // The columns the command declares before any request (execution-resource.ts), so -c is checked against these.
  const columns = perCloudColumns(withDuration);
  const rows = tracked.map((t) => {
    const item = t.item ?? {};
    const row: Cell[] = [t.cloud.name, t.id, (item.workflow_name as Cell) ?? null, stateOf(t), (t.error ?? (item.state_info as Cell)) ?? null, (item.created_at as Cell) ?? null];
    if (withDuration) row.push(executionDuration(item, ctx.clock()));
    return row;
  });
  return { columns, rows };
}

/**
 * --print-output: the output of one execution exactly as execution-get-output prints it; of
 * several, each under a `==> label <==` line (head's way of labelling files), or with -f json one
 * object keyed by label (null for one not started). The label is the cloud when each execution is
 * on a cloud of its own (fan-out), else the execution id.
 */
export function outputResult(tracked: Tracked[], exitCode: number, format: { json: boolean; noindent: boolean }): CommandResult {
  if (tracked.length === 1) return { text: jsonFieldText(tracked[0].item?.output), exitCode };
  const byCloud = new Set(tracked.map((t) => t.cloud.name)).size === tracked.length;
  const label = (t: Tracked) => (byCloud ? t.cloud.name : t.id);
  if (format.json) {
    const object = Object.fromEntries(tracked.map((t) => [label(t), parsed(t.item?.output)]));
    return { text: `${format.noindent ? pythonJson(object) : pythonIndentedJson(object)}\n`, exitCode };
  }
  return { text: tracked.map((t) => `==> ${label(t)} <==\n${jsonFieldText(t.item?.output).replace(/(?<!\n)$/, '\n')}`).join(''), exitCode };
}

/** Mistral gives the output as JSON text; a text that is not JSON stays a string. */
function parsed(output: Json | undefined): Json {
  const json = parsedJson(output);
  return json ? (json.json as Json) : (output ?? null);
}
