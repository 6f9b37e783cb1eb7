// dynamic-action-*: the 5 dynamic action commands of python-mistralclient 4.5.0 (commands/v2/dynamic_actions.py).
import type { Item } from '../api/client.js';
import { field } from './cells.js';
import { ensureNotEmpty, ensuringArg } from './required.js';
import { isUuidLike } from './input.js';
import { defineCommand, type CommandSpec, type ResourceSpec } from './spec.js';
import { alwaysNamespace, deleteCommand, getCommand, listCommand, namespace, namespaceOption, publicOption, scope, showOutput, showRow } from './verbs.js';

export const dynamicActions: ResourceSpec = {
  path: '/dynamic_actions',
  listKey: 'dynamic_actions',
  noun: 'dynamic action',
  listFields: ['id', 'name', 'class_name', 'code_source_id', 'code_source_name', 'project_id', 'scope', 'created_at', 'updated_at'],
  columns: [
    field('ID', 'id'),
    field('Name', 'name'),
    field('Class', 'class_name'),
    field('Code source ID', 'code_source_id'),
    field('Code source name', 'code_source_name'),
    field('Project ID', 'project_id'),
    field('Scope', 'scope'),
    field('Created at', 'created_at'),
    field('Updated at', 'updated_at'),
  ],
};


/** A code source travels as `code_source_id` when UUID-like, else as `code_source_name`. */
function codeSourceKey(codeSource: string): string {
  return isUuidLike(codeSource) ? 'code_source_id' : 'code_source_name';
}

const create = defineCommand({
  name: 'dynamic-action-create',
  summary: 'Create new action.',
  kind: 'show',
  output: showOutput(dynamicActions),
  args: [
    { name: 'name', help: 'Dynamic action name' },
    { name: 'class_name', help: 'Dynamic action class name' },
    { name: 'code_source', help: 'Code source ID or name' },
  ],
  options: [{ ...publicOption, help: 'With this flag an action will be marked as "public".' }, namespaceOption('Namespace to create the action within.')],
  async run(ctx, values) {
    const codeSource = values.code_source;
    ensureNotEmpty('DynamicAction', { name: values.name, class_name: values.class_name, code_source: codeSource });
    // Key order as the reference builds the body; the namespace is always sent, even empty.
    const body = {
      name: values.name,
      class_name: values.class_name,
      scope: scope(values),
      namespace: namespace(values) ?? '',
      [codeSourceKey(codeSource)]: codeSource,
    };
    const manager = await ctx.manager(dynamicActions);
    return { show: showRow(dynamicActions, (await manager.create({ body })) as Item, ctx.now) };
  },
});

const update = defineCommand({
  name: 'dynamic-action-update',
  summary: 'Update dynamic action.',
  kind: 'show',
  output: showOutput(dynamicActions),
  args: [{ name: 'identifier', help: 'Dynamic action identifier (ID or name)' }],
  options: [
    { flags: '--class-name [CLASS_NAME]', dest: 'class_name', help: 'Dynamic action class name.' },
    { flags: '--code-source [CODE_SOURCE]', dest: 'code_source', help: 'Code source identifier (ID or name).' },
    { ...publicOption, help: 'With this flag action will be marked as "public".' },
    namespaceOption('Namespace of the action.'),
  ],
  async run(ctx, values) {
    const identifier = values.identifier;
    ensureNotEmpty('DynamicAction', { identifier });
    // The scope is always sent: leaving out --public makes the action private.
    const body: Record<string, unknown> = { scope: scope(values), namespace: namespace(values) ?? '' };
    body[isUuidLike(identifier) ? 'id' : 'name'] = identifier;
    if (values.class_name) body.class_name = values.class_name;
    const codeSource = values.code_source;
    if (codeSource) body[codeSourceKey(codeSource)] = codeSource;
    const manager = await ctx.manager(dynamicActions);
    return { show: showRow(dynamicActions, (await manager.update({ body })) as Item, ctx.now) };
  },
});

export const dynamicActionCommands: CommandSpec[] = [
  create,
  ensuringArg(
    getCommand(dynamicActions, {
      name: 'dynamic-action-get',
      summary: 'Show specific dynamic action.',
      arg: { name: 'identifier', help: 'Dynamic action identifier (name or ID)' },
      options: [namespaceOption('Namespace to create the dynamic action within.')],
      query: alwaysNamespace,
    }),
    'DynamicAction',
    'identifier',
  ),
  update,
  listCommand(dynamicActions, {
    name: 'dynamic-action-list',
    summary: 'List all dynamic actions.',
    sendFields: true,
    options: [namespaceOption('Namespace of dynamic actions.')],
    // After the filters, and only when non-empty.
    after: (values) => [['namespace', namespace(values) || undefined]],
  }),
  deleteCommand(dynamicActions, {
    name: 'dynamic-action-delete',
    summary: 'Delete action.',
    arg: { name: 'identifier', help: 'Dynamic action name or ID (can be repeated multiple times).' },
    options: [namespaceOption('Namespace of the dynamic action(s).')],
    query: alwaysNamespace,
    success: (id) => `Request to delete dynamic action(s) ${id} has been accepted.`,
    failure: 'Unable to delete the specified dynamic action(s).',
  }),
];
