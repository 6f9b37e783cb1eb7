// The one engine that runs every table entry: it declares the entry's arguments and options on
// commander, adds the formatter and pagination options its kind calls for, reads file arguments,
// connects lazily on first use and prints the result with the chosen formatter.
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { CliError, UsageError } from '../errors.js';
import { readFileLimited } from '../files.js';
import { readStream, type Io } from '../io.js';
import { selectColumns } from '../output/columns.js';
import { LIST_FORMATS, SHOW_FORMATS } from '../output/format.js';
import type { EchoMask } from '../text/redact.js';
import type { FormatOptions } from '../output/types.js';
import { commandOptions } from './options.js';
import type { ArgSpec, CommandResult, CommandSpec, ListFormatterValues, OptionSpec, RunContext, ShowFormatterValues, Values } from './spec.js';

/** The formatter values this engine declares itself (formatterOptions), present for list and show commands. */
type FormatterInput = Partial<ListFormatterValues & ShowFormatterValues>;

export interface Invocation {
  spec: CommandSpec;
  values: Values & FormatterInput;
}

function parseInt10(value: string): number {
  if (!/^[-+]?\d+$/.test(value.trim())) throw new InvalidArgumentError(`invalid int value: '${value}'`);
  return Number(value);
}

function parseNumber(value: string): number {
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`invalid number: '${value}'`);
  return n;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function toCommanderOption(spec: OptionSpec): Option {
  const option = new Option(spec.flags, spec.help);
  if (spec.choices) option.choices(spec.choices);
  if (spec.int) option.argParser(parseInt10);
  if (spec.number) option.argParser(parseNumber);
  if (spec.repeat) option.argParser(collect);
  // The engine fills in every default itself (declareCommand); commander's is only what help shows:
  // not for booleans and empty strings ('(default: false)'), nor a second time after a help that says it.
  if (spec.default !== undefined && spec.default !== false && spec.default !== '' && !spec.negate && !spec.help.includes('(default: ')) option.default(spec.default);
  if (spec.hidden) option.hideHelp();
  return option;
}

/** argparse's dest, the one key a value is kept under (spec.ts OptionKey): `dest`, else the long flag with '-' → '_'. */
export function optionKey(spec: OptionSpec): string {
  return spec.dest ?? (/--([\w-]+)/.exec(spec.flags)?.[1] ?? '').replace(/-/g, '_');
}

function argumentSyntax(arg: ArgSpec): string {
  const name = `${arg.name}${arg.variadic ? '...' : ''}`;
  return arg.optional ? `[${name}]` : `<${name}>`;
}

export type Execute = (invocation: Invocation) => Promise<void>;

/** Declares one table entry on the program; `execute` runs it once commander has parsed it. */
export function declareCommand(program: Command, spec: CommandSpec, env: Io['env'], execute: Execute): Command {
  const command = program.command(spec.name, { hidden: spec.hidden }).description(spec.summary);
  for (const arg of spec.args ?? []) command.argument(argumentSyntax(arg), arg.help);
  const declared: Array<{ spec: OptionSpec; option: Option }> = [];
  for (const [group, options] of commandOptions(spec, env)) {
    for (const optionSpec of options) {
      const option = toCommanderOption(optionSpec).helpGroup(group);
      command.addOption(option);
      declared.push({ spec: optionSpec, option });
    }
  }
  command.action(async (...params: unknown[]) => {
    const values: Invocation['values'] = {};
    (spec.args ?? []).forEach((arg, i) => (values[arg.name] = params[i]));
    const opts = command.opts();
    for (const { spec: optionSpec, option } of declared) {
      const dest = optionKey(optionSpec);
      let value = opts[option.attributeName()] ?? (optionSpec.negate ? undefined : optionSpec.default);
      // argparse nargs='?': the flag without a value means None.
      if (value === true && option.optional) value = null;
      values[dest] = value;
    }
    if (values.sort_ascending && values.sort_descending) {
      throw new UsageError('argument --sort-descending: not allowed with argument --sort-ascending');
    }
    await execute({ spec, values });
  });
  return command;
}

/** argparse FileType('r'): read each file argument now; '-' is standard input. */
export async function readFileArguments(spec: CommandSpec, values: Values, io: Io): Promise<void> {
  for (const arg of spec.args ?? []) {
    const path = values[arg.name];
    if (!arg.file || typeof path !== 'string') continue;
    if (path === '-') {
      values[arg.name] = await readStream(io.stdin);
      continue;
    }
    try {
      values[arg.name] = readFileLimited(resolve(io.cwd, path), 'input', `argument ${arg.name}: '${path}'`).toString('utf8');
    } catch (error) {
      if (error instanceof CliError) throw error;
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (error as Error).message;
      throw new UsageError(`argument ${arg.name}: can't open '${path}': ${reason}`);
    }
  }
}

export function formatOptions(values: FormatterInput, io: Io, mask?: EchoMask): FormatOptions {
  return {
    mask: mask && ((value) => mask.value(value)),
    format: values.format ?? 'table',
    columns: values.column ?? [],
    maxWidth: values.max_width ?? 0,
    fitWidth: Boolean(values.fit_width),
    isTTY: Boolean(io.stdout.isTTY),
    terminalWidth: io.stdout.columns ?? 80,
    printEmpty: Boolean(values.print_empty),
    noindent: Boolean(values.noindent),
    prefix: values.prefix ?? '',
    variables: values.variable ?? [],
    quote: values.quote ?? 'nonnumeric',
    sortColumns: values.sort_column ?? [],
    sortDescending: Boolean(values.sort_descending),
    onWarning: (line) => io.stderr.write(`${line}\n`),
  };
}

/**
 * -f and -c checked before the first request (cliff checks -c only once it has the answer, after
 * a write took effect): -c with the message cliff gives, and, where a show command prints one row
 * per cloud, a show-only formatter refused as a usage error.
 */
export function checkOutputChoices(spec: CommandSpec, values: Values & FormatterInput, targets: number): void {
  const shape = spec.kind === 'plain' ? undefined : spec.output?.(values, targets);
  if (!shape) return;
  const format = values.format ?? 'table';
  if (shape.rows && !(LIST_FORMATS as readonly string[]).includes(format)) {
    const choices = LIST_FORMATS.filter((f) => (SHOW_FORMATS as readonly string[]).includes(f));
    throw new UsageError(`argument -f/--format: '${format}' prints one execution, and ${spec.name} prints one row for each here: choose one of ${choices.join(', ')}`);
  }
  selectColumns(shape.columns, values.column ?? []);
}

/** Prints a command's result (formatted rows, or its text as-is) and returns its exit code. */
export async function printResult(result: CommandResult, values: FormatterInput, io: Io, mask: EchoMask): Promise<number> {
  if ('text' in result) {
    // Plain text (execution-get-output, task-get-result, …) can hold a token the server echoes back.
    io.stdout.write(mask.text(result.text));
  } else {
    const { writeList, renderShow } = await import('../output/format.js');
    const options = formatOptions(values, io, mask);
    if ('list' in result) await writeList(result.list, options, (text) => io.stdout.write(text));
    else io.stdout.write(await renderShow(result.show, options));
  }
  return result.exitCode ?? 0;
}

export type { RunContext };
