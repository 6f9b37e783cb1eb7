// The option sets a command's kind calls for (cliff's formatter options, python-mistralclient's
// pagination options) and every option a command takes, by help group. Parsing (engine.ts), help and
// completion (src/completion/) all read commandOptions, so they cannot disagree; this module imports
// no engine, so completion stays cheap.
import type { Io } from '../io.js';
import { LIST_FORMATS, SHOW_FORMATS } from '../output/format.js';
import type { CommandSpec, OptionSpec } from './spec.js';

function formatterOptions(spec: CommandSpec, env: Io['env']): OptionSpec[] {
  if (spec.kind === 'plain') return [];
  const list = spec.kind === 'list';
  const formats = list ? LIST_FORMATS : SHOW_FORMATS;
  const options: OptionSpec[] = [
    // A show command that may print one row per cloud says which formatter needs one execution.
    { flags: '-f, --format <FORMATTER>', help: spec.fanOut && !list ? 'the output format (shell: one execution only, not one row for each of several)' : 'the output format', choices: [...formats], default: 'table' },
    { flags: '-c, --column <COLUMN>', help: 'specify the column(s) to include, can be repeated to show multiple columns', repeat: true },
  ];
  if (list) options.push({ flags: '--quote <QUOTE_MODE>', help: 'when to include quotes (csv formatter)', choices: ['all', 'minimal', 'none', 'nonnumeric'], default: 'nonnumeric' });
  options.push({ flags: '--noindent', help: 'whether to disable indenting the JSON', default: false });
  if (!list) {
    options.push({ flags: '--prefix <PREFIX>', help: 'add a prefix to all variable names (shell formatter)', default: '' });
    options.push({ flags: '--variable <VARIABLE>', help: 'shell variable to print', repeat: true, hidden: true });
  }
  options.push(
    { flags: '--max-width <integer>', help: 'Maximum display width, <1 to disable. You can also use the CLIFF_MAX_TERM_WIDTH environment variable, but the parameter takes precedence.', int: true, default: Number(env.CLIFF_MAX_TERM_WIDTH ?? 0) || 0 },
    { flags: '--fit-width', help: 'Fit the table to the display width. Implied if --max-width greater than 0. Set the environment variable CLIFF_FIT_WIDTH=1 to always enable', default: env.CLIFF_FIT_WIDTH === '1' },
    { flags: '--print-empty', help: 'Print empty table if there is no data to show.', default: false },
  );
  if (list) {
    options.push(
      { flags: '--sort-column <SORT_COLUMN>', help: 'specify the column(s) to sort the data (columns specified first have a priority, non-existing columns are ignored), can be repeated', repeat: true },
      { flags: '--sort-ascending', help: 'sort the column(s) in ascending order', default: false },
      { flags: '--sort-descending', help: 'sort the column(s) in descending order', default: false },
    );
  }
  return options;
}

function paginationOptions(spec: CommandSpec): OptionSpec[] {
  if (!spec.pagination) return [];
  const execution = spec.pagination === 'execution';
  const options: OptionSpec[] = [
    { flags: '--marker [MARKER]', help: 'The last execution uuid of the previous page, displays list of executions after "marker".', default: '' },
    { flags: '--limit [LIMIT]', help: 'Maximum number of entries to return in a single result. ', int: true, ...(execution ? { default: 100 } : {}) },
    { flags: '--sort_keys [SORT_KEYS]', help: 'Comma-separated list of sort keys to sort results by. Default: created_at. Example: mistral execution-list --sort_keys=id,description', default: 'created_at' },
    { flags: '--sort_dirs [SORT_DIRS]', help: 'Comma-separated list of sort directions. Default: asc. Example: mistral execution-list --sort_keys=id,description --sort_dirs=asc,desc', default: 'asc', complete: ['asc', 'desc'] },
    { flags: '--filter <FILTERS>', help: 'Filters. Can be repeated.', repeat: true },
  ];
  if (execution) options.push({ flags: '--oldest', help: 'Display the executions starting from the oldest entries instead of the newest', default: false });
  return options;
}

/**
 * Every command that prints what a server holds may print it unmasked (README "Output formats":
 * only the request's own tokens are masked, and the command says so on stderr).
 */
const UNMASK_OPTION: OptionSpec = { flags: '--unmask', help: 'Print the tokens that Mistral echoes back from the request as the server holds them, instead of <redacted>.', default: false };

/**
 * Every option a command takes, by help group: its own, then the pagination and formatter options
 * its kind calls for. Parsing, help and completion all read this.
 */
export function commandOptions(spec: CommandSpec, env: Io['env']): Array<[string, readonly OptionSpec[]]> {
  return [
    ['Options:', spec.options ?? []],
    ['Pagination and filters:', paginationOptions(spec)],
    ['Output formatters:', formatterOptions(spec, env)],
    ['Output:', spec.offline ? [] : [UNMASK_OPTION]],
  ];
}
