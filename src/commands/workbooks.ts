// workbook-*: the 7 workbook commands of python-mistralclient 4.5.0 (commands/v2/workbooks.py).
import type { QueryPairs } from '../api/query.js';
import { field, tags } from './cells.js';
import type { CommandSpec, ResourceSpec } from './spec.js';
import {
  deleteCommand, fieldCommand, getCommand, listCommand, namespaceIfSet, namespaceOption, publicOption,
  scope, uploadCommand, validateCommand, type NamespaceValues,
} from './verbs.js';

export const workbooks: ResourceSpec = {
  path: '/workbooks',
  listKey: 'workbooks',
  noun: 'workbook',
  // No listFields: the reference's workbook manager drops `fields` from the list query.
  columns: [
    field('Name', 'name'),
    field('Namespace', 'namespace'),
    { heading: 'Tags', value: (w) => tags(w) },
    field('Scope', 'scope'),
    field('Created at', 'created_at'),
    field('Updated at', 'updated_at'),
  ],
};

const definitionArg = { name: 'definition', help: 'Workbook definition file' } as const;
const workbookPublic = { ...publicOption, help: 'With this flag workbook will be marked as "public".' };
/** `?namespace=` only when set, as every workbook URL is built. */
const namespaceQuery = (values: NamespaceValues): QueryPairs => [['namespace', namespaceIfSet(values)]];
/** Create and update always send the scope, then the namespace when set. */
const uploadQuery = (values: NamespaceValues & { public: boolean }): QueryPairs => [['scope', scope(values)], ['namespace', namespaceIfSet(values)]];

export const workbookCommands: CommandSpec[] = [
  listCommand(workbooks, { name: 'workbook-list', summary: 'List all workbooks.' }),
  getCommand(workbooks, {
    name: 'workbook-get',
    summary: 'Show specific workbook.',
    arg: { name: 'workbook', help: 'Workbook name' },
    options: [namespaceOption('Namespace to get the workbook from.')],
    query: namespaceQuery,
  }),
  uploadCommand(workbooks, {
    name: 'workbook-create',
    summary: 'Create new workbook.',
    method: 'create',
    arg: definitionArg,
    options: [workbookPublic, namespaceOption('Namespace to create the workbook within.')],
    output: 'show',
    query: uploadQuery,
  }),
  deleteCommand(workbooks, {
    name: 'workbook-delete',
    summary: 'Delete workbook.',
    arg: { name: 'workbook', help: 'Name of workbook(s).' },
    options: [namespaceOption('Namespace to delete the workbook(s) from.', { defaultEmpty: false })],
    query: namespaceQuery,
    success: (name) => `Request to delete workbook ${name} has been accepted.`,
    failure: 'Unable to delete the specified workbook(s).',
  }),
  uploadCommand(workbooks, {
    name: 'workbook-update',
    summary: 'Update workbook.',
    method: 'update',
    arg: definitionArg,
    options: [namespaceOption('Namespace to update the workbook in.', { defaultEmpty: false }), workbookPublic],
    output: 'show',
    query: uploadQuery,
  }),
  fieldCommand(workbooks, {
    name: 'workbook-get-definition',
    summary: 'Show workbook definition.',
    arg: { name: 'name', help: 'Workbook name' },
    field: 'definition',
    as: 'raw',
  }),
  validateCommand(workbooks, { name: 'workbook-validate', summary: 'Validate workbook.', help: 'Workbook definition file' }),
];
