// workflow-*: the 7 workflow commands of python-mistralclient 4.5.0 (commands/v2/workflows.py).
import { cutInList, field, tags } from './cells.js';
import type { CommandSpec, ResourceSpec } from './spec.js';
import {
  deleteCommand, fieldCommand, getCommand, listCommand, namespace, namespaceOption,
  publicOption, scope, uploadCommand, validateCommand, alwaysNamespace,
} from './verbs.js';

export const workflows: ResourceSpec = {
  path: '/workflows',
  listKey: 'workflows',
  noun: 'workflow',
  listFields: ['id', 'name', 'namespace', 'project_id', 'tags', 'input', 'scope', 'created_at', 'updated_at'],
  columns: [
    field('ID', 'id'),
    field('Name', 'name'),
    field('Namespace', 'namespace'),
    field('Project ID', 'project_id'),
    { heading: 'Tags', value: (w) => tags(w) },
    cutInList('Input', 'input'),
    field('Scope', 'scope'),
    field('Created at', 'created_at'),
    field('Updated at', 'updated_at'),
  ],
};

const definitionArg = { name: 'definition', help: 'Workflow definition file.', file: true } as const;

/** workflow-create and workflow-update print a list table of every workflow in the file. */
function upload(method: 'create' | 'update'): CommandSpec {
  const create = method === 'create';
  return uploadCommand(workflows, {
    name: `workflow-${method}`,
    summary: create ? 'Create new workflow.' : 'Update workflow.',
    method,
    arg: create ? definitionArg : { ...definitionArg, help: 'Workflow definition' },
    options: [
      ...(create ? [] : [{ flags: '--id <ID>', help: 'Workflow ID.' } as const]),
      namespaceOption(create ? 'Namespace to create the workflow within.' : 'Namespace of the workflow.'),
      { ...publicOption, help: 'With this flag workflow will be marked as "public".' },
    ],
    output: 'list',
    // Both always sent; update sends namespace first, as the reference does.
    query: (values) => (create
      ? [['scope', scope(values)], ['namespace', namespace(values) ?? '']]
      : [['namespace', namespace(values) ?? ''], ['scope', scope(values)]]),
    id: (values) => values.id || undefined,
  });
}

export const workflowCommands: CommandSpec[] = [
  listCommand(workflows, { name: 'workflow-list', summary: 'List all workflows.', sendFields: true }),
  getCommand(workflows, {
    name: 'workflow-get',
    summary: 'Show specific workflow.',
    arg: { name: 'workflow', help: 'Workflow ID or name.', complete: 'workflow' },
    options: [namespaceOption('Namespace to get the workflow from.')],
    query: alwaysNamespace,
  }),
  upload('create'),
  deleteCommand(workflows, {
    name: 'workflow-delete',
    summary: 'Delete workflow.',
    arg: { name: 'workflow', help: 'Name or ID of workflow(s).', complete: 'workflow' },
    options: [namespaceOption('Namespace to delete the workflow from.', { defaultEmpty: false })],
    query: (values) => [['namespace', namespace(values)]],
    success: (id) => `Request to delete workflow ${id} has been accepted.`,
    failure: 'Unable to delete the specified workflow(s).',
  }),
  upload('update'),
  fieldCommand(workflows, {
    name: 'workflow-get-definition',
    summary: 'Show workflow definition.',
    arg: { name: 'identifier', help: 'Workflow ID or name.', complete: 'workflow' },
    options: [namespaceOption('Namespace to get the workflow from.')],
    field: 'definition',
    as: 'raw',
    query: alwaysNamespace,
  }),
  validateCommand(workflows, { name: 'workflow-validate', summary: 'Validate workflow.', help: 'Workflow definition file' }),
];
