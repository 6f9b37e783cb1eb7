// event-trigger-*: the 4 event trigger commands of python-mistralclient 4.5.0 (commands/v2/event_triggers.py).
import type { Item } from '../api/client.js';
import { pythonJson } from '../output/json-text.js';
import { field } from './cells.js';
import { isEmptyValue, loadJson, type InputSource } from './input.js';
import { ensureNotEmpty, ensuringArg } from './required.js';
import { defineCommand, type CommandSpec, type ResourceSpec } from './spec.js';
import { deleteCommand, getCommand, listCommand, showOutput, showRow } from './verbs.js';

export const eventTriggers: ResourceSpec = {
  path: '/event_triggers',
  listKey: 'event_triggers',
  noun: 'event trigger',
  listFields: ['id', 'name', 'workflow_id', 'workflow_params', 'exchange', 'topic', 'event', 'created_at', 'updated_at'],
  columns: [
    field('ID', 'id'),
    field('Name', 'name'),
    field('Workflow ID', 'workflow_id'),
    field('Params', 'workflow_params'),
    field('Exchange', 'exchange'),
    field('Topic', 'topic'),
    field('Event', 'event'),
    field('Created at', 'created_at'),
    field('Updated at', 'updated_at'),
  ],
};

/** `_get_json_string_or_dict`: JSON text or a JSON file when given, {} otherwise. */
async function jsonOrEmpty(value: string | undefined, what: string, source: InputSource): Promise<unknown> {
  return value ? loadJson(value, what, source) : {};
}

const create = defineCommand({
  name: 'event-trigger-create',
  summary: 'Create new trigger.',
  kind: 'show',
  output: showOutput(eventTriggers),
  args: [
    { name: 'name', help: 'Event trigger name' },
    { name: 'workflow_id', help: 'Workflow ID' },
    { name: 'exchange', help: 'Event trigger exchange' },
    { name: 'topic', help: 'Event trigger topic' },
    { name: 'event', help: 'Event trigger event name' },
    { name: 'workflow_input', help: 'Workflow input', optional: true, complete: 'file' },
  ],
  options: [{ flags: '--params <PARAMS>', help: 'Workflow params', complete: 'file' }],
  async run(ctx, values) {
    const input = await jsonOrEmpty(values.workflow_input, 'workflow input', ctx);
    const params = await jsonOrEmpty(values.params, 'params', ctx);
    ensureNotEmpty('EventTrigger', { name: values.name, workflow_id: values.workflow_id });
    // Key order as the reference builds the body; the workflow is sent as given (no name/ID detection).
    const body: Record<string, unknown> = {
      workflow_id: values.workflow_id,
      name: values.name,
      exchange: values.exchange,
      topic: values.topic,
      event: values.event,
    };
    if (!isEmptyValue(input)) body.workflow_input = pythonJson(input);
    if (!isEmptyValue(params)) body.workflow_params = pythonJson(params);
    const manager = await ctx.manager(eventTriggers);
    return { show: showRow(eventTriggers, (await manager.create({ body })) as Item, ctx.now) };
  },
});

export const eventTriggerCommands: CommandSpec[] = [
  listCommand(eventTriggers, { name: 'event-trigger-list', summary: 'List all event triggers.', sendFields: true }),
  ensuringArg(
    getCommand(eventTriggers, { name: 'event-trigger-get', summary: 'Show specific event trigger.', arg: { name: 'event_trigger', help: 'Event trigger ID' } }),
    'EventTrigger',
    'event_trigger',
    'id',
  ),
  create,
  deleteCommand(eventTriggers, {
    name: 'event-trigger-delete',
    summary: 'Delete trigger.',
    arg: { name: 'event_trigger_id', help: 'ID of event trigger(s).' },
    success: (id) => `Request to delete event trigger ${id} has been accepted.`,
    failure: 'Unable to delete the specified event trigger(s).',
  }),
];
