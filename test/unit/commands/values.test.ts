// Command values (src/commands/spec.ts ValuesOf, src/commands/engine.ts declareCommand): the
// engine keeps each value under one key, argparse's dest, and a command's `run` and its builder
// callbacks read them with the types their own declarations give. The `@ts-expect-error` lines and
// `expectTypeOf` calls are checked by `npm run typecheck` (tsconfig.json includes test/): a
// misspelt key or a wrongly typed read that compiled would fail it.
import { Command } from 'commander';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ItemList } from '../../../src/api/list-answer.js';
import { declareCommand, optionKey, type Invocation } from '../../../src/commands/engine.js';
import { commandOptions } from '../../../src/commands/options.js';
import {
  defineCommand, type ArgSpec, type CommandSpec, type ExecutionPaginationValues, type ListFormatterValues,
  type ListPaginationValues, type OptionValues, type RunContext, type ShowFormatterValues, type Values, type ValuesOf,
} from '../../../src/commands/spec.js';
import { getCommand, listCommand, maxDepthOption, namespaceOption, publicOption } from '../../../src/commands/verbs.js';
import { workflows } from '../../../src/commands/workflows.js';

/** Parses `words` as commander does for the CLI and gives the values the engine hands `run`. */
async function parsed(spec: CommandSpec, words: string[], env: Record<string, string> = {}): Promise<Invocation['values']> {
  const program = new Command('mistral').exitOverride();
  let values: Invocation['values'] | undefined;
  declareCommand(program, spec, env, async (invocation) => {
    values = invocation.values;
  });
  await program.parseAsync([spec.name, ...words], { from: 'user' });
  if (!values) throw new Error('the command did not run');
  return values;
}

const reportLike = defineCommand({
  name: 'values-probe',
  summary: 'A show command with one option of each form.',
  kind: 'show',
  args: [
    { name: 'id', help: 'one word' },
    { name: 'input', help: 'optional', optional: true },
  ],
  options: [
    { flags: '-d, --description <DESCRIPTION>', help: 'string with a default', default: '' },
    { flags: '-s [SOURCE_EXECUTION_ID]', dest: 'source_execution_id', help: 'value optional, no default' },
    { flags: '--run-sync', dest: 'run_sync', help: 'flag with its dest', default: false },
    { flags: '--wait', help: 'flag', default: false },
    { flags: '--count <integer>', int: true, help: 'number, no default' },
    { flags: '--state <STATE>', help: 'choices', choices: ['RUNNING', 'PAUSED'] },
    { flags: '--errors-only', dest: 'errors_only', help: 'true by default', default: true },
    { flags: '--no-errors-only', dest: 'errors_only', negate: true, help: 'its negation' },
    { flags: '--tag <TAG>', help: 'repeatable', repeat: true },
    maxDepthOption,
    publicOption,
    namespaceOption('a namespace'),
  ],
  async run(_ctx, values) {
    expectTypeOf(values.id).toEqualTypeOf<string>();
    expectTypeOf(values.input).toEqualTypeOf<string | undefined>();
    expectTypeOf(values.description).toEqualTypeOf<string>();
    expectTypeOf(values.source_execution_id).toEqualTypeOf<string | null | undefined>();
    expectTypeOf(values.run_sync).toEqualTypeOf<boolean>();
    expectTypeOf(values.count).toEqualTypeOf<number | undefined>();
    expectTypeOf(values.state).toEqualTypeOf<'RUNNING' | 'PAUSED' | undefined>();
    expectTypeOf(values.errors_only).toEqualTypeOf<boolean>();
    expectTypeOf(values.tag).toEqualTypeOf<string[] | undefined>();
    expectTypeOf(values.max_depth).toEqualTypeOf<number | null>();
    expectTypeOf(values.public).toEqualTypeOf<boolean>();
    expectTypeOf(values.namespace).toEqualTypeOf<string | null | undefined>();
    // A show command's formatter values are there, under their snake_case keys only.
    expectTypeOf(values.max_width).toEqualTypeOf<number>();
    // @ts-expect-error a misspelt key does not compile
    void values.max_depht;
    // @ts-expect-error nor does commander's camelCase spelling of a key
    void values.maxWidth;
    // @ts-expect-error nor a list command's formatter value on a show command
    void values.sort_column;
    // @ts-expect-error a number is not read as a string
    const depth: string = values.max_depth;
    void depth;
    return { text: '' };
  },
});

describe('the values a command receives', () => {
  it('keeps each value under its argparse dest only, never under commander\'s camelCase name', async () => {
    const values = await parsed(reportLike, ['abc', '-s', '--run-sync', '--count', '3', '--tag', 'a', '--tag', 'b', '--max-width', '40', '--fit-width', '--no-errors-only']);
    expect(values).toEqual({
      id: 'abc',
      input: undefined,
      description: '',
      source_execution_id: null,
      run_sync: true,
      wait: false,
      count: 3,
      state: undefined,
      errors_only: false,
      tag: ['a', 'b'],
      max_depth: -1,
      public: false,
      namespace: '',
      format: 'table',
      column: undefined,
      noindent: false,
      prefix: '',
      variable: undefined,
      max_width: 40,
      fit_width: true,
      print_empty: false,
      unmask: false,
    });
  });

  it('names each formatter and pagination value as the types the commands read them by', async () => {
    // Each object names exactly the keys of its type (satisfies refuses a missing or an extra one).
    const listFormatter = { format: 1, column: 1, quote: 1, noindent: 1, max_width: 1, fit_width: 1, print_empty: 1, sort_column: 1, sort_ascending: 1, sort_descending: 1 } satisfies Record<keyof ListFormatterValues, 1>;
    const showFormatter = { format: 1, column: 1, noindent: 1, prefix: 1, variable: 1, max_width: 1, fit_width: 1, print_empty: 1 } satisfies Record<keyof ShowFormatterValues, 1>;
    const listPagination = { marker: 1, limit: 1, sort_keys: 1, sort_dirs: 1, filter: 1 } satisfies Record<keyof ListPaginationValues, 1>;
    const executionPagination = { ...listPagination, oldest: 1 } satisfies Record<keyof ExecutionPaginationValues, 1>;
    const keys = (spec: CommandSpec, group: string) => (commandOptions(spec, {}).find(([name]) => name === group)?.[1] ?? []).map(optionKey).sort();
    const spec = (kind: CommandSpec['kind'], pagination?: CommandSpec['pagination']): CommandSpec => ({ name: 'x', summary: '', kind, pagination, run: async () => ({ text: '' }) });
    expect(keys(spec('list'), 'Output formatters:')).toEqual(Object.keys(listFormatter).sort());
    expect(keys(spec('show'), 'Output formatters:')).toEqual(Object.keys(showFormatter).sort());
    expect(keys(spec('list', 'list'), 'Pagination and filters:')).toEqual(Object.keys(listPagination).sort());
    expect(keys(spec('list', 'execution'), 'Pagination and filters:')).toEqual(Object.keys(executionPagination).sort());
  });

  it('rejects --sort-ascending with --sort-descending, read under their snake_case keys', async () => {
    const list = listCommand(workflows, { name: 'values-list', summary: '' });
    await expect(parsed(list, ['--sort-ascending', '--sort-descending'])).rejects.toThrow('argument --sort-descending: not allowed with argument --sort-ascending');
    const values = await parsed(list, ['--sort-descending', '--sort-column', 'Name', '--limit']);
    expect([values.sort_ascending, values.sort_descending, values.sort_column, values.limit]).toEqual([false, true, ['Name'], null]);
  });

  it('gives the verbs\' callbacks the values of their own declarations', async () => {
    const list = listCommand(workflows, {
      name: 'values-list',
      summary: '',
      pagination: 'execution',
      args: [{ name: 'workflow_execution', help: '', optional: true }],
      options: [{ flags: '--task [TASK]', help: '' }, namespaceOption('')],
      after: (values) => {
        expectTypeOf(values.workflow_execution).toEqualTypeOf<string | undefined>();
        expectTypeOf(values.task).toEqualTypeOf<string | null | undefined>();
        // @ts-expect-error a misspelt key does not compile in a callback either
        void values.namespce;
        return [['task_execution_id', values.task || undefined], ['namespace', values.namespace]];
      },
    });
    getCommand(workflows, {
      name: 'values-get',
      summary: '',
      arg: { name: 'workflow', help: '' },
      options: [namespaceOption('')],
      query: (values) => {
        expectTypeOf(values.workflow).toEqualTypeOf<string>();
        // @ts-expect-error the argument is named `workflow`
        void values.identifier;
        return [];
      },
    });
    const wide: ArgSpec = { name: 'workflow', help: '' };
    // @ts-expect-error an argument whose name lost its literal type would make every key a string
    getCommand(workflows, { name: 'values-get', summary: '', arg: wide });
    // The engine parses the keys the callback reads, and the query is built from them (an
    // execution list with default paging asks for the newest page: sort_dirs=desc).
    const values = await parsed(list, ['--task', '--namespace', 'ns', '--limit', '5']);
    expect([values.task, values.namespace, values.oldest]).toEqual([null, 'ns', false]);
    const asked: unknown[] = [];
    const ctx = { now: new Date(0), manager: async () => ({ list: async (pairs: unknown, _suffix: unknown, reading: unknown) => (asked.push(pairs, reading), new ItemList([], undefined)) }) } as unknown as RunContext;
    await list.run(ctx, values);
    // A table (the default format) holds every row, but only as text: its page is read item by
    // item (src/output/rows.ts); yaml is parsed whole.
    expect(asked).toEqual([[['limit', 5], ['sort_keys', 'created_at'], ['sort_dirs', 'desc'], ['namespace', 'ns']], { lazily: true }]);
    asked.length = 0;
    await list.run(ctx, { ...values, format: 'yaml' });
    expect(asked[1]).toEqual({ lazily: false });
  });

  it('gives an option that lost its literal type no key at all, so reading it fails', () => {
    const wide: { flags: string; help: string } = { flags: '--wide <W>', help: '' };
    type Read = OptionValues<[typeof wide, typeof publicOption]>;
    expectTypeOf<Read>().toEqualTypeOf<{ public: boolean }>();
    type Flat<T> = { [K in keyof T]: T[K] };
    expectTypeOf<Flat<ValuesOf<'plain', [{ name: 'a'; help: '' }], []>>>().toEqualTypeOf<{ a: string }>();
    // Every run of the table accepts the engine's values: the erasure is CommandSpec.run.
    expectTypeOf<Values>().toExtend<Parameters<CommandSpec['run']>[1]>();
    expect(optionKey(wide)).toBe('wide');
  });
});
