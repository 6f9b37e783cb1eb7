// action-*: the 7 ad-hoc action definition commands of python-mistralclient 4.5.0 (commands/v2/actions.py).
import type { QueryPairs } from '../api/query.js';
import { cutInList, field, tags } from './cells.js';
import type { CommandSpec, ResourceSpec } from './spec.js';
import {
  deleteCommand, fieldCommand, getCommand, listCommand, namespace, namespaceIfSet, namespaceOption,
  publicOption, scope, uploadCommand, validateCommand, type ItemPath, type NamespaceValues,
} from './verbs.js';

export const actions: ResourceSpec = {
  path: '/actions',
  listKey: 'actions',
  noun: 'action',
  listFields: ['id', 'name', 'is_system', 'input', 'description', 'tags', 'created_at', 'updated_at'],
  columns: [
    field('ID', 'id'),
    field('Name', 'name'),
    field('Is system', 'is_system'),
    cutInList('Input', 'input'),
    cutInList('Description', 'description'),
    { heading: 'Tags', value: (a) => tags(a) },
    field('Created at', 'created_at'),
    field('Updated at', 'updated_at'),
  ],
};

/** An action is addressed by name (or id) and namespace: `/actions/<name>/<ns>`, a trailing slash when ns is empty. */
const byNamespace: ItemPath<NamespaceValues> = (id, values) => [id, namespace(values) ?? ''];

const definitionArg = { name: 'definition', help: 'Action definition file' } as const;
const actionPublic = { ...publicOption, help: 'With this flag action will be marked as "public".' };

export const actionCommands: CommandSpec[] = [
  listCommand(actions, {
    name: 'action-list',
    summary: 'List all actions.',
    sendFields: true,
    options: [namespaceOption('Namespace of the actions.')],
    // The namespace travels as the last filter.
    after: (values): QueryPairs => [['namespace', namespaceIfSet(values)]],
  }),
  getCommand(actions, {
    name: 'action-get',
    summary: 'Show specific action.',
    arg: { name: 'action', help: 'Action (name or ID)' },
    options: [namespaceOption('Namespace to create the action within.')],
    itemPath: byNamespace,
  }),
  uploadCommand(actions, {
    name: 'action-create',
    summary: 'Create new action.',
    method: 'create',
    arg: definitionArg,
    options: [actionPublic, namespaceOption('Namespace to create the action within.')],
    output: 'list',
    query: (values): QueryPairs => [['scope', scope(values)], ['namespace', namespaceIfSet(values)]],
  }),
  deleteCommand(actions, {
    name: 'action-delete',
    summary: 'Delete action.',
    arg: { name: 'action', help: 'Name or ID of action(s).' },
    options: [namespaceOption('Namespace of the action(s).')],
    itemPath: byNamespace,
    success: (name) => `Request to delete action ${name} has been accepted.`,
    failure: 'Unable to delete the specified action(s).',
  }),
  uploadCommand(actions, {
    name: 'action-update',
    summary: 'Update action.',
    method: 'update',
    arg: definitionArg,
    // As in the reference, --namespace is accepted but not sent, and the answer is a list even with --id.
    options: [{ flags: '--id <ID>', help: 'Action ID.' }, actionPublic, namespaceOption('Namespace of the action.')],
    output: 'list',
    query: (values): QueryPairs => [['scope', scope(values)]],
    id: (values) => values.id || undefined,
  }),
  fieldCommand(actions, {
    name: 'action-get-definition',
    summary: 'Show action definition.',
    arg: { name: 'name', help: 'Action name' },
    options: [namespaceOption('Namespace of the action.')],
    field: 'definition',
    as: 'raw',
    itemPath: byNamespace,
  }),
  validateCommand(actions, { name: 'action-validate', summary: 'Validate action.', help: 'action definition file' }),
];
