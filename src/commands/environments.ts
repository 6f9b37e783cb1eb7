// environment-*: the 5 environment commands of python-mistralclient 4.5.0 (commands/v2/environments.py).
import type { Item, Json } from '../api/client.js';
import { parsedJson, pythonIndentedJson, pythonJson } from '../output/json-text.js';
import { isMapping } from '../values.js';
import { cell, field, orNone } from './cells.js';
import { ensureNotEmpty } from './required.js';
import { isEmptyValue, loadContent, loadFileOrContent, requireMapping } from './input.js';
import { defineCommand, type CommandSpec, type ResourceSpec } from './spec.js';
import { deleteCommand, listCommand, showColumns, showOutput, showRow } from './verbs.js';

/** The `Environment` resource turns the API's variables text into a dict. */
function variables(env: Item): Json | undefined {
  const parsed = parsedJson(env.variables);
  // The reference fails on text that is not JSON; show it as it is instead.
  return parsed ? (parsed.json as Json) : env.variables;
}

/** Guarded fields: `<none>` when falsy, None when the server left them out. */
const guarded = (field: string) => (env: Item) => (field in env ? orNone(env[field]) : null);

export const environments: ResourceSpec = {
  path: '/environments',
  listKey: 'environments',
  noun: 'environment',
  // The list asks for the variables too, though it does not show them.
  listFields: ['name', 'description', 'variables', 'scope', 'created_at', 'updated_at'],
  columns: [
    field('Name', 'name'),
    { heading: 'Description', value: guarded('description') },
    // json.dumps(variables, indent=4): a multi-line cell.
    { heading: 'Variables', value: (e) => pythonIndentedJson(variables(e) ?? null), showOnly: true },
    field('Scope', 'scope'),
    field('Created at', 'created_at'),
    { heading: 'Updated at', value: guarded('updated_at') },
  ],
};

/** environment-get --export: the keys environment-create reads back. */
const EXPORT_COLUMNS = ['name', 'description', 'scope', 'variables'];

const get = defineCommand({
  name: 'environment-get',
  summary: 'Show specific environment.',
  kind: 'show',
  args: [{ name: 'environment', help: 'Environment name', complete: 'environment' }],
  options: [{ flags: '--export', help: 'Export the environment suitable for import', default: false }],
  output: (values) => ({ columns: values.export ? EXPORT_COLUMNS : showColumns(environments) }),
  async run(ctx, values) {
    ensureNotEmpty('Environment', { name: values.environment });
    const env = await (await ctx.manager(environments)).get(values.environment);
    if (!values.export) return { show: showRow(environments, env, ctx.now) };
    // The form environment-create reads back: raw description, compact JSON variables.
    return {
      show: {
        columns: EXPORT_COLUMNS,
        values: [cell(env.name), cell(env.description), cell(env.scope), pythonJson(variables(env) ?? null)],
      },
    };
  },
});

/** load_content of the file; a `file` key makes the manager load the environment from that file instead. */
export async function loadEnvironment(text: string, cwd: string): Promise<Record<string, unknown>> {
  const what = 'the environment file';
  let data = await loadContent(text, what);
  if (isMapping(data) && typeof data.file === 'string') {
    // get_contents_if_file: a readable path gives its contents, anything else is the content itself
    // (the reference would also fetch a URL).
    data = await loadFileOrContent(data.file, what, cwd);
  }
  return requireMapping(data, what);
}

function upload(method: 'create' | 'update'): CommandSpec {
  const create = method === 'create';
  return defineCommand({
    name: `environment-${method}`,
    summary: create ? 'Create new environment.' : 'Update environment.',
    kind: 'show',
    args: [{ name: 'file', help: 'Environment configuration file in JSON or YAML', file: true }],
    output: showOutput(environments),
    async run(ctx, values) {
      const data = await loadEnvironment(values.file, ctx.cwd);
      if (create) {
        ensureNotEmpty('Environment', { name: data.name, variables: data.variables });
        if (isMapping(data.variables)) data.variables = pythonJson(data.variables);
      } else {
        ensureNotEmpty('Environment', { name: data.name });
        if (!isEmptyValue(data.variables) && isMapping(data.variables)) data.variables = pythonJson(data.variables);
      }
      const manager = await ctx.manager(environments);
      const answer = create ? await manager.create({ body: data }) : await manager.update({ body: data });
      return { show: showRow(environments, answer as Item, ctx.now) };
    },
  });
}

export const environmentCommands: CommandSpec[] = [
  upload('create'),
  deleteCommand(environments, {
    name: 'environment-delete',
    summary: 'Delete environment.',
    arg: { name: 'environment', help: 'Name of environment(s).', complete: 'environment' },
    success: (name) => `Request to delete environment ${name} has been accepted.`,
    failure: 'Unable to delete the specified environment(s).',
  }),
  upload('update'),
  listCommand(environments, { name: 'environment-list', summary: 'List all environments.', sendFields: true }),
  get,
];
