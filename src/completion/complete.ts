// `mistral __complete <word>... <current word>`: the hidden entry the scripts of `mistral
// completion` call, in cobra's protocol (spf13/cobra completions.go, as gh uses it): one candidate
// a line, optionally `\t` and a description, then `:<directive>`. Everything is read from the
// command table and GLOBAL_OPTIONS, so a new command or option completes with no code here. It
// never reads settings: only the opt-in server lookups (remote.ts) do, through the normal command path.
import { commandOptions } from '../commands/options.js';
import type { CommandSpec, OptionSpec, ValueCompletion } from '../commands/spec.js';
import type { Io } from '../io.js';
import { HELP_SUMMARY } from '../help.js';
import { GLOBAL_OPTIONS, PROGRAM_OPTIONS } from '../settings/options.js';
import { insertable, remoteCandidates, type RunCli } from './remote.js';

/** The values of cobra's ShellCompDirective that mistral answers with. */
export const Directive = {
  /** cobra's Default (no bit set): with no candidates the shell offers file names. */
  files: 0,
  /** Something failed: the shell offers nothing. */
  error: 1,
  /** The candidates, and no file names when there are none. */
  noFileComp: 4,
} as const;

export interface Candidate {
  word: string;
  description?: string;
}

export interface Answer {
  candidates: Candidate[];
  directive: number;
}

/** One option as completion sees it: spellings offered, aliases only recognised, and its value. */
interface Flag {
  names: string[];
  aliases: string[];
  help: string;
  value: 'none' | 'required' | 'optional';
  repeat: boolean;
  complete?: ValueCompletion;
  /** A global option: passed on to the server lookup (the same cloud as the command would use). */
  global: boolean;
}

/** Commander flags: '-d, --description <DESCRIPTION>', '--namespace [NAMESPACE]', '--public'. */
function fromOptionSpec(spec: OptionSpec): Flag {
  const names = spec.flags.split(/[\s,]+/).filter((w) => w.startsWith('-'));
  const value = spec.flags.includes('<') ? 'required' : spec.flags.includes('[') ? 'optional' : 'none';
  // Hidden options (--variable) still take their value; they are only not offered.
  return { names: spec.hidden ? [] : names, aliases: spec.hidden ? names : [], help: spec.help, value, repeat: Boolean(spec.repeat), complete: spec.choices ?? spec.complete, global: false };
}

/** The global options whose value is a cloud of clouds.yaml. */
const CLOUD_NAME_OPTIONS = new Set(['cloud', 'targetCloud']);

/**
 * The cloud names of the clouds.yaml found, as the command would find it (read only now: nothing
 * is loaded for other words). A file that cannot be read offers nothing.
 */
async function cloudCandidates(io: Io): Promise<Candidate[]> {
  const { cloudNamesFound } = await import('../settings/clouds-yaml.js');
  const names = await cloudNamesFound({ env: (name) => io.env[name] || undefined, cwd: io.cwd, homeDir: io.homeDir ?? io.env.HOME ?? '/' }).catch(() => []);
  return names.filter(insertable).map((word) => ({ word }));
}

const GLOBAL_FLAGS: Flag[] = [
  ...PROGRAM_OPTIONS.map((o): Flag => ({ names: o.flags, aliases: [], help: o.help, value: 'none', repeat: Boolean(o.repeat), global: false })),
  ...GLOBAL_OPTIONS.map((o): Flag => ({
    names: o.flags.slice(0, 1),
    aliases: o.flags.slice(1),
    help: o.help,
    value: o.kind === 'flag' ? 'none' : 'required',
    repeat: o.kind === 'list',
    complete: o.choices ?? (o.file ? 'file' : CLOUD_NAME_OPTIONS.has(o.key) ? 'cloud' : undefined),
    global: true,
  })),
];

/** The options valid at this point: the command's (own, pagination, formatter) before the global ones. */
function flagsOf(spec: CommandSpec, env: Io['env']): Flag[] {
  return [...commandOptions(spec, env).flatMap(([, options]) => options.map(fromOptionSpec)), ...GLOBAL_FLAGS];
}

function firstSentence(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/(\.)\s.*$/, '$1');
}

function matching(candidates: Candidate[], prefix: string): Candidate[] {
  return candidates.filter((c) => c.word.startsWith(prefix));
}

/** What the words before the current one say: the command, its positional count, an option awaiting its value. */
interface Line {
  command?: CommandSpec | 'help' | 'unknown';
  /** The options valid on this line (the command's once it is known). */
  flags: Flag[];
  positionals: number;
  /** The option just before the current word, when that word is (or may be) its value. */
  pending?: Flag;
  used: Set<Flag>;
  /** Global options with their values, in the order typed. */
  globalWords: string[];
  /** After `--`: every word is an argument. */
  onlyArguments: boolean;
}

function readLine(words: string[], commands: CommandSpec[], env: Io['env']): Line {
  const line: Line = { flags: GLOBAL_FLAGS, positionals: 0, used: new Set(), globalWords: [], onlyArguments: false };
  for (const word of words) {
    const pending = line.pending;
    line.pending = undefined;
    if (pending && takesAsValue(pending, word)) {
      if (pending.global) line.globalWords.push(word);
      continue;
    }
    if (!line.onlyArguments && word === '--') {
      line.onlyArguments = true;
      continue;
    }
    if (!line.onlyArguments && word.startsWith('-') && word !== '-') {
      const [name, inline] = splitInline(word);
      const flag = line.flags.find((f) => f.names.includes(name) || f.aliases.includes(name));
      if (!flag) continue;
      line.used.add(flag);
      if (flag.global) line.globalWords.push(word);
      if (inline === undefined && flag.value !== 'none') line.pending = flag;
      continue;
    }
    if (!line.command) {
      const spec = commands.find((c) => c.name === word);
      line.command = word === 'help' ? 'help' : spec ?? 'unknown';
      if (spec) line.flags = flagsOf(spec, env);
      continue;
    }
    line.positionals += 1;
  }
  return line;
}

/** argparse and commander alike: an optional value is taken only when it does not look like an option. */
function takesAsValue(flag: Flag, word: string): boolean {
  return flag.value === 'required' || !word.startsWith('-');
}

/** `--format=json` → ['--format', 'json']; only long options take an inline value. */
function splitInline(word: string): [string, string | undefined] {
  const at = word.indexOf('=');
  return word.startsWith('--') && at > 0 ? [word.slice(0, at), word.slice(at + 1)] : [word, undefined];
}

function commandCandidates(commands: CommandSpec[]): Candidate[] {
  return [...commands.filter((c) => !c.hidden).map((c) => ({ word: c.name, description: c.summary })), { word: 'help', description: HELP_SUMMARY }];
}

/** The options that may still be given: each spelling of each, once unless repeatable. */
function optionCandidates(flags: Flag[], used: Set<Flag>): Candidate[] {
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  for (const flag of flags) {
    if (used.has(flag) && !flag.repeat) continue;
    for (const name of flag.names) {
      // A spelling both the command and the program declare (commander allows it) is offered once.
      if (seen.has(name)) continue;
      seen.add(name);
      candidates.push({ word: name, description: firstSentence(flag.help) });
    }
  }
  return candidates;
}

/** What to offer for a value; `prefix` is what the shell must keep in front (`--format=`). */
async function valueAnswer(complete: ValueCompletion | undefined, current: string, prefix: string, context: { line: Line; io: Io; run: RunCli }): Promise<Answer> {
  if (complete === 'file') return { candidates: [], directive: Directive.files };
  let candidates: Candidate[] = [];
  if (Array.isArray(complete)) candidates = (complete as readonly string[]).map((word) => ({ word }));
  else if (complete === 'cloud') candidates = await cloudCandidates(context.io);
  else if (typeof complete === 'string') candidates = await remoteCandidates(complete, context.line.globalWords, context.io, context.run);
  return { candidates: matching(candidates, current).map((c) => ({ ...c, word: `${prefix}${c.word}` })), directive: Directive.noFileComp };
}

/** The answer for the last word of `words` (the one being typed, '' after a space). */
export async function answer(words: string[], io: Io, commands: CommandSpec[], run: RunCli): Promise<Answer> {
  const current = words.length ? words[words.length - 1] : '';
  const line = readLine(words.slice(0, -1), commands, io.env);
  const spec = typeof line.command === 'object' ? line.command : undefined;
  const context = { line, io, run };
  const none: Answer = { candidates: [], directive: Directive.noFileComp };

  if (line.pending && takesAsValue(line.pending, current)) return valueAnswer(line.pending.complete, current, '', context);
  if (current.startsWith('-') && !line.onlyArguments) {
    const [name, inline] = splitInline(current);
    if (inline !== undefined) {
      const flag = line.flags.find((f) => f.value !== 'none' && (f.names.includes(name) || f.aliases.includes(name)));
      return flag ? valueAnswer(flag.complete, inline, `${name}=`, context) : none;
    }
    return { candidates: matching(optionCandidates(line.flags, line.used), current), directive: Directive.noFileComp };
  }
  if (!line.command || (line.command === 'help' && line.positionals === 0)) {
    return { candidates: matching(commandCandidates(commands), current), directive: Directive.noFileComp };
  }
  if (!spec) return none;
  const args = spec.args ?? [];
  const last = args[args.length - 1];
  const arg = args[line.positionals] ?? (last?.variadic ? last : undefined);
  if (!arg) return none;
  return valueAnswer(arg.file ? 'file' : arg.complete, current, '', context);
}

/** Prints the answer in cobra's format and returns the exit code (0: the scripts read the directive). */
export async function complete(words: string[], io: Io, commands: CommandSpec[], run: RunCli): Promise<number> {
  let result: Answer;
  try {
    // The scripts put `--` first (src/commands/completion-scripts.ts says why); the words typed follow it.
    result = await answer(words[0] === '--' ? words.slice(1) : words, io, commands, run);
  } catch {
    result = { candidates: [], directive: Directive.error };
  }
  // One line each: a description from the server could hold a tab or a newline, and zsh and fish
  // print it in their listing, so no other control character reaches the terminal either.
  const lines = result.candidates.map((c) => (c.description ? `${c.word}\t${c.description.replace(/\s+/g, ' ').replace(/\p{Cc}/gu, '\uFFFD')}` : c.word));
  io.stdout.write([...lines, `:${result.directive}`].map((l) => `${l}\n`).join(''));
  return 0;
}
