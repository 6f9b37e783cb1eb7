// code-source-*: the 6 code source commands of python-mistralclient 4.5.0 (commands/v2/code_sources.py).
import type { Item } from '../api/client.js';
import { field } from './cells.js';
import { ensureNotEmpty, ensuringArg } from './required.js';
import { defineCommand, type CommandSpec, type ResourceSpec } from './spec.js';
import { alwaysNamespace, deleteCommand, fieldCommand, getCommand, listCommand, namespace, namespaceOption, publicOption, scope, showOutput, showRow } from './verbs.js';

export const codeSources: ResourceSpec = {
  path: '/code_sources',
  listKey: 'code_sources',
  noun: 'code source',
  listFields: ['id', 'name', 'namespace', 'project_id', 'scope', 'created_at', 'updated_at'],
  columns: [
    field('ID', 'id'),
    field('Name', 'name'),
    field('Namespace', 'namespace'),
    field('Project ID', 'project_id'),
    field('Scope', 'scope'),
    field('Created at', 'created_at'),
    field('Updated at', 'updated_at'),
  ],
};

const identifierArg = { name: 'identifier', help: 'Code source ID or name.' } as const;
/** get and get-content always send `namespace=`, empty or not. */

/** create and update send the file text as text/plain, with name or identifier, scope and namespace always in the query. */
function upload(method: 'create' | 'update'): CommandSpec {
  const create = method === 'create';
  const key = create ? 'name' : 'identifier';
  return defineCommand({
    name: `code-source-${method}`,
    summary: create ? 'Create new code source.' : 'Update workflow.',
    kind: 'show',
    args: create
      ? [{ name: 'name', help: 'Code source name.' }, { name: 'content', help: 'Code source content file.', file: true }]
      : [{ name: 'identifier', help: 'Code source identifier (name or ID).' }, { name: 'content', help: 'Code source content', file: true }],
    options: create
      ? [namespaceOption('Namespace to create the code source within.'), { ...publicOption, help: 'With this flag the code source will be marked as "public".' }] as const
      : [
          // Accepted and ignored, as by the reference.
          { flags: '--id <ID>', help: 'Workflow ID.' },
          namespaceOption('Namespace of the workflow.'),
          { ...publicOption, help: 'With this flag workflow will be marked as "public".' },
        ] as const,
    output: showOutput(codeSources),
    async run(ctx, values) {
      // The first argument: `name` for create, `identifier` for update.
      const first = 'name' in values ? values.name : values.identifier;
      ensureNotEmpty('CodeSource', { [key]: first, content: values.content });
      const query: [string, string][] = [[key, first], ['scope', scope(values)], ['namespace', namespace(values) ?? '']];
      const manager = await ctx.manager(codeSources);
      const text = values.content;
      const answer = create ? await manager.create({ text, query }) : await manager.update({ text, query });
      return { show: showRow(codeSources, answer as Item, ctx.now) };
    },
  });
}

export const codeSourceCommands: CommandSpec[] = [
  upload('create'),
  ensuringArg(
    getCommand(codeSources, {
      name: 'code-source-get',
      summary: 'Show specific code source.',
      arg: identifierArg,
      options: [namespaceOption('Namespace to get the code source from.')],
      query: alwaysNamespace,
    }),
    'CodeSource',
    'identifier',
  ),
  upload('update'),
  listCommand(codeSources, { name: 'code-source-list', summary: 'List all workflows.', sendFields: true }),
  deleteCommand(codeSources, {
    name: 'code-source-delete',
    summary: 'Delete workflow.',
    arg: { name: 'identifier', help: 'Code source name or ID (can be repeated multiple times).' },
    options: [namespaceOption('Namespace to delete the code source(s) from.', { defaultEmpty: false })],
    // Sent only when non-empty.
    query: (values) => [['namespace', namespace(values) || undefined]],
    success: (id) => `Request to delete code source '${id}' has been accepted.`,
    failure: 'Unable to delete the specified code source(s).',
  }),
  ensuringArg(
    fieldCommand(codeSources, {
      name: 'code-source-get-content',
      summary: 'Show workflow definition.',
      arg: identifierArg,
      options: [namespaceOption('Namespace to get the code source from.')],
      field: 'content',
      as: 'raw',
      query: alwaysNamespace,
    }),
    'CodeSource',
    'identifier',
  ),
];
