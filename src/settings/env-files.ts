// openrc and .env files, read without running them: the client never runs shell code. A line is
// read only where the shell would give it the same meaning, so that what is sent is what `source`
// would have set:
//   NAME=value and `export NAME=value`, the value a plain word, 'single-quoted' or "double-quoted"
//     without $ or backticks (decoded by the `dotenv` package's parser); in double quotes a
//     backslash means what it means to bash there: before \ $ ` " it stands for that character,
//     before anything else (Horizon's \! and \') it stays, as bash keeps it;
//   comments, blank lines, `export NAME`, `unset NAME`, `echo ...` (prints only);
//   `read [-sr] NAME` (the variable is typed at a prompt: it counts as unset, and so does a value
//     that is only a reference to it, like Horizon's `OS_PASSWORD=$OS_PASSWORD_INPUT`);
//   Horizon's `if [ -z "$NAME" ]; then unset NAME; fi` (an empty value counts as unset anyway).
// Anything else (a value the shell would build: $(...), backticks, ${X:-y}, $VAR; shell logic such
// as an if/else whose branches only the shell can choose) is refused naming the file and the line.
// Horizon's openrc (openstack_dashboard/dashboards/project/api_access/templates/api_access/
// openrc.sh.template, and its copy written by stack/start.sh) reads in full.
import { resolve } from 'node:path';
import { CliError, UsageError } from '../errors.js';
import { readFailure, readFileLimited } from '../files.js';

export interface EnvFile {
  path: string;
  variables: Record<string, string>;
}

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const ASSIGNMENT = new RegExp(`^(?:export[ \\t]+)?(${NAME})=(.*)$`, 's');
const EXPORT_ONLY = new RegExp(`^export(?:[ \\t]+${NAME})+$`);
const UNSET = new RegExp(`^unset(?:[ \\t]+-v)?((?:[ \\t]+${NAME})+)$`);
const READ = new RegExp(`^read(?:[ \\t]+-[A-Za-z]+)*((?:[ \\t]+${NAME})+)$`);
/** Horizon's "Don't leave a blank variable, unset it if it was empty". */
const UNSET_IF_EMPTY = new RegExp(`^if[ \\t]+\\[[ \\t]+-z[ \\t]+"?\\$\\{?(${NAME})\\}?"?[ \\t]+\\];[ \\t]*then[ \\t]+unset[ \\t]+(${NAME});[ \\t]*fi$`);
/** A value that is only a reference to a variable typed at a prompt: `$X`, `${X}`, `"$X"`. */
const PROMPT_REFERENCE = new RegExp(`^("?)\\$(?:\\{(${NAME})\\}|(${NAME}))\\1[ \\t]*(?:#.*)?$`);
/** Horizon names the variable its `read -sr` fills; a file that only references it counts it as prompted too. */
const HORIZON_PROMPT = 'OS_PASSWORD_INPUT';

const SHELL_WORDS = new Set(['if', 'then', 'elif', 'else', 'fi', 'case', 'esac', 'for', 'while', 'until', 'do', 'done', 'function', 'select', 'source', '.', 'eval', 'exec', 'set', 'alias', 'declare', 'typeset', 'local', 'readonly', '[', '[[', 'test', 'return', 'exit', 'shift', 'trap', 'cd', 'printf']);

/** Why the shell would read a value differently, or undefined when it reads it as written. */
type Problem = string | undefined;

/** `$` outside single quotes: the shell substitutes something (the text after `$` is not shown: it may be a secret). */
function expansion(text: string, at: number): string {
  const next = text[at + 1];
  if (next === '(') return 'a command substitution $(...)';
  if (next === '{') return 'a parameter expansion ${...}';
  if (next !== undefined && /[A-Za-z_]/.test(next)) return 'a variable reference $NAME';
  return "a '$' outside single quotes";
}

/**
 * Scans the value after `NAME=`: 'open' when a quote is still open at the end (the value goes on
 * on the next line), else the problem, if any.
 */
function scanValue(value: string): Problem | 'open' {
  let i = 0;
  let parts = 0;
  for (; i < value.length && !/[ \t]/.test(value[i]); parts += 1) {
    const c = value[i];
    if (c === "'") {
      const end = value.indexOf("'", i + 1);
      if (end < 0) return 'open';
      i = end + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      for (; j < value.length && value[j] !== '"'; j++) {
        if (value[j] === '$') return expansion(value, j);
        if (value[j] === '`') return 'a command substitution in backticks';
        // An escaped character is taken as it is (the quote, a $ or a backtick among them).
        if (value[j] === '\\') j++;
      }
      if (j >= value.length) return 'open';
      i = j + 1;
      continue;
    }
    // An unquoted word, up to the next quote or blank.
    for (; i < value.length && !/[ \t'"]/.test(value[i]); i++) {
      const u = value[i];
      if (u === '$') return expansion(value, i);
      if (u === '`') return 'a command substitution in backticks';
      if (u === '\\') return 'a backslash escape';
      if (u === '~' && i === 0) return "a '~' the shell would turn into a home directory";
      if (u === '#' && i > 0) return "a '#' inside an unquoted value";
      if (';&|<>()'.includes(u)) return `shell syntax ('${u}')`;
    }
  }
  // dotenv reads one quoted string or one plain word; the shell would join `a"b"'c'`.
  if (parts > 1) return 'quoted and unquoted parts joined together';
  const rest = value.slice(i).trim();
  if (rest !== '' && !rest.startsWith('#')) return 'more after the value (an unquoted space?)';
  return undefined;
}

/** echo only prints, unless it runs a command: $(...), backticks, or ; & | < > ( ) outside quotes. */
function echoProblem(line: string): Problem {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = '';
      continue;
    }
    if (c === '\\') i++;
    else if (c === '`') return 'a command substitution in backticks';
    else if (c === '$' && line[i + 1] === '(') return 'a command substitution $(...)';
    else if (c === '"') quote = quote ? '' : '"';
    else if (c === "'" && !quote) quote = "'";
    else if (!quote && ';&|<>()'.includes(c)) return `shell syntax ('${c}')`;
  }
  return undefined;
}

/**
 * A value that is one double-quoted string holding a backslash, decoded as bash does (dotenv would
 * read `\\n` as a newline and stop at `\\"`); undefined for any other value.
 */
function doubleQuotedWithEscapes(value: string): string | undefined {
  const match = /^"((?:[^"\\]|\\[\s\S])*)"[ \t]*(?:#.*)?$/.exec(value.trim());
  if (!match || !match[1].includes('\\')) return undefined;
  return match[1].replace(/\\([\\$`"\n])/g, (_all, c: string) => (c === '\n' ? '' : c));
}

function refuse(path: string, line: number, what: string, advice = ''): never {
  throw new UsageError(`${path}:${line}: ${what}, and mistral never runs shell code${advice ? `: ${advice}` : ''}`);
}

/** The file's variables, in order: a later assignment wins, unset removes, a prompted variable is unset. */
async function readVariables(text: string, path: string): Promise<Record<string, string>> {
  const { parse } = await import('dotenv');
  const variables = new Map<string, string>();
  const prompted = new Set([HORIZON_PROMPT]);
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  for (let index = 0; index < lines.length; index++) {
    const number = index + 1;
    // Blanks at the end belong to a value whose quote goes on over the next line.
    const start = lines[index].trimStart();
    const line = start.trimEnd();
    if (line === '' || line.startsWith('#')) continue;
    const assignment = ASSIGNMENT.exec(start);
    if (assignment) {
      const name = assignment[1];
      let value = assignment[2];
      let problem = scanValue(value);
      // A quoted value may go on over the next lines, as in the shell and in dotenv.
      while (problem === 'open' && index + 1 < lines.length) {
        value += `\n${lines[++index]}`;
        problem = scanValue(value);
      }
      const reference = PROMPT_REFERENCE.exec(value.trim());
      if (reference && prompted.has(reference[2] ?? reference[3])) {
        variables.delete(name);
        continue;
      }
      if (problem === 'open') throw new UsageError(`${path}:${number}: the value of ${name} opens a quote that is never closed`);
      if (problem) refuse(path, number, `the value of ${name} would be built by the shell (${problem})`, 'write the value itself, in single quotes if it holds $, #, \\ or spaces');
      const escaped = doubleQuotedWithEscapes(value);
      const parsed = escaped === undefined ? parse(`${name}=${value}`) : { [name]: escaped };
      variables.set(name, Object.hasOwn(parsed, name) ? parsed[name] : '');
      continue;
    }
    if (EXPORT_ONLY.test(line)) continue;
    const unset = UNSET.exec(line);
    if (unset) {
      for (const name of unset[1].trim().split(/[ \t]+/)) variables.delete(name);
      continue;
    }
    const read = READ.exec(line);
    if (read) {
      for (const name of read[1].trim().split(/[ \t]+/)) {
        prompted.add(name);
        variables.delete(name);
      }
      continue;
    }
    const unsetIfEmpty = UNSET_IF_EMPTY.exec(line);
    if (unsetIfEmpty && unsetIfEmpty[1] === unsetIfEmpty[2]) {
      if (variables.get(unsetIfEmpty[1]) === '') variables.delete(unsetIfEmpty[1]);
      continue;
    }
    if (/^echo(?:[ \t]|$)/.test(line)) {
      const problem = echoProblem(line);
      if (problem) refuse(path, number, `an echo that runs a command (${problem})`);
      continue;
    }
    // The first word is shown only when it is a word of the shell's own: anything else may be a secret pasted on a line.
    const word = /^[^ \t;&|<>()]+/.exec(line)?.[0] ?? '';
    if (['if', 'then', 'elif', 'else', 'fi', 'case', 'esac'].includes(word)) {
      refuse(path, number, `shell logic ('${word}') whose branches only the shell can choose`, 'keep only the assignments that apply');
    }
    refuse(path, number, SHELL_WORDS.has(word) ? `a shell command ('${word}')` : 'a line that is not NAME=value');
  }
  // Empty counts as unset, as for the real environment. fromEntries defines keys: `__proto__` stays a key.
  return Object.fromEntries([...variables].filter(([, value]) => value !== ''));
}

export async function readEnvFile(file: string, cwd: string, givenBy: string): Promise<EnvFile> {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = readFileLimited(path, 'settings', `${givenBy} '${file}'`).toString('utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = readFailure(error);
    throw new UsageError(`cannot read ${givenBy} '${file}': ${code === 'ENOENT' ? 'no such file' : code}`);
  }
  return { path, variables: await readVariables(text, path) };
}
