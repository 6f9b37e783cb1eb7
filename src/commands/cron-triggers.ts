// cron-trigger-*: the 4 cron trigger commands of python-mistralclient 4.5.0 (commands/v2/cron_triggers.py).
import { asItem } from '../api/manager.js';
import { pythonJson } from '../output/json-text.js';
import { CliError, UsageError } from '../errors.js';
import { pyStrRepr } from '../output/pystr.js';
import { field } from './cells.js';
import { isEmptyValue, isUuidLike, loadJson } from './input.js';
import { defineCommand, type CommandSpec, type ResourceSpec } from './spec.js';
import { deleteCommand, getCommand, listCommand, showOutput, showRow } from './verbs.js';

export const cronTriggers: ResourceSpec = {
  path: '/cron_triggers',
  listKey: 'cron_triggers',
  noun: 'cron trigger',
  listFields: ['name', 'workflow_name', 'workflow_params', 'pattern', 'next_execution_time', 'remaining_executions', 'created_at', 'updated_at'],
  columns: [
    field('Name', 'name'),
    field('Workflow', 'workflow_name'),
    field('Params', 'workflow_params'),
    field('Pattern', 'pattern'),
    field('Next execution time', 'next_execution_time'),
    field('Remaining executions', 'remaining_executions'),
    field('Created at', 'created_at'),
    field('Updated at', 'updated_at'),
  ],
};

// datetime.strptime(text, '%Y-%m-%d %H:%M'): Python's own patterns for these fields (one or two
// digits accepted, any run of whitespace for the space), anchored at the start only.
const FIRST_TIME = /^(\d{4})-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\d|0[1-9]|[1-9]| [1-9])\s+(2[0-3]|[0-1]\d|\d):([0-5]\d|\d)/i;

/**
 * A --first-time that is not a date and time: a usage error naming the format, before anything is
 * sent (the reference prints Python's strptime message and exits 1).
 */
function badFirstTime(text: string, reason?: string): UsageError {
  return new UsageError(`argument --first-time: ${pyStrRepr(text)} ${reason ? `is not a date: ${reason}` : 'is not a date and time in the format YYYY-MM-DD HH:MM (for example 2030-01-31 09:30)'}`);
}

/**
 * `--first-time` without `--utc`: local time to UTC, with the offset in force now rather than the
 * one of the given date (the reference's `time.altzone`/`time.timezone` choice), same format out.
 */
export function localTimeToUtc(text: string, now: Date): string {
  const match = FIRST_TIME.exec(text);
  if (!match || match[0].length < text.length) throw badFirstTime(text);
  const [year, month, day, hour, minute] = match.slice(1).map((n) => Number(n.trim()));
  if (year < 1) throw badFirstTime(text, `year ${year} is out of range`);
  const local = new Date(Date.UTC(2000, month - 1, day, hour, minute));
  local.setUTCFullYear(year);
  if (local.getUTCDate() !== day) throw badFirstTime(text, 'day is out of range for month');
  const utc = new Date(local.getTime() + now.getTimezoneOffset() * 60_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${utc.getUTCFullYear()}-${two(utc.getUTCMonth() + 1)}-${two(utc.getUTCDate())} ${two(utc.getUTCHours())}:${two(utc.getUTCMinutes())}`;
}

const create = defineCommand({
  name: 'cron-trigger-create',
  summary: 'Create new trigger.',
  kind: 'show',
  args: [
    { name: 'name', help: 'Cron trigger name' },
    { name: 'workflow_identifier', help: 'Workflow name or ID', complete: 'workflow' },
    { name: 'workflow_input', help: 'Workflow input', optional: true, complete: 'file' },
  ],
  options: [
    { flags: '--params <PARAMS>', help: 'Workflow params', complete: 'file' },
    { flags: '--pattern <* * * * *>', help: 'Cron trigger pattern' },
    { flags: '--first-time <YYYY-MM-DD HH:MM>', dest: 'first_time', help: 'Date and time of the first execution. Time is treated as local time unless --utc is also specified' },
    { flags: '--count <integer>', int: true, help: 'Number of wanted executions' },
    { flags: '--utc', help: 'All times specified should be treated as UTC', default: false },
  ],
  output: showOutput(cronTriggers),
  async run(ctx, values) {
    const input = values.workflow_input ? await loadJson(values.workflow_input, 'workflow input', ctx) : {};
    const params = values.params ? await loadJson(values.params, 'params', ctx) : {};
    let firstTime = values.first_time ?? null;
    if (firstTime && !values.utc) firstTime = localTimeToUtc(firstTime, ctx.now);
    const name = values.name;
    const workflow = values.workflow_identifier;
    if (!name) throw new CliError('CronTrigger is missing field "name"');
    if (!workflow) throw new CliError('CronTrigger is missing field "workflow_identifier"');
    // Key order and nulls as the reference builds the body.
    const body: Record<string, unknown> = {
      name,
      pattern: values.pattern ?? null,
      first_execution_time: firstTime,
      remaining_executions: values.count ?? null,
      [isUuidLike(workflow) ? 'workflow_id' : 'workflow_name']: workflow,
    };
    if (!isEmptyValue(input)) body.workflow_input = pythonJson(input);
    if (!isEmptyValue(params)) body.workflow_params = pythonJson(params);
    const manager = await ctx.manager(cronTriggers);
    return { show: showRow(cronTriggers, asItem(await manager.create({ body })), ctx.now) };
  },
});

export const cronTriggerCommands: CommandSpec[] = [
  listCommand(cronTriggers, { name: 'cron-trigger-list', summary: 'List all cron triggers.', sendFields: true }),
  getCommand(cronTriggers, { name: 'cron-trigger-get', summary: 'Show specific cron trigger.', arg: { name: 'cron_trigger', help: 'Cron trigger name' } }),
  create,
  deleteCommand(cronTriggers, {
    name: 'cron-trigger-delete',
    summary: 'Delete trigger.',
    arg: { name: 'cron_trigger', help: 'Name of cron trigger(s).' },
    success: (name) => `Request to delete cron trigger ${name} has been accepted.`,
    failure: 'Unable to delete the specified cron trigger(s).',
  }),
];
