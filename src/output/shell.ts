// The shell formatter: `<prefix><name>="<value>"` lines a POSIX shell can eval.
import { pyStr } from './pystr.js';
import type { Cell } from './types.js';

/**
 * A value inside double quotes that `eval` turns back into exactly the value. Inside "…" only `$`,
 * backtick, `\` and `"` are special (POSIX 2.2.3), and a backslash before any of them stands for
 * the character itself, so those four get one; everything else (newlines, `!`, unicode) is literal
 * there. A deliberate difference: cliff 4.0.0 escapes only the `"` of str values, so
 * `$(…)` and backticks in a description ran under eval, and a dict or list repr went out raw. Values
 * without `$`, backtick or `\` (and reprs without `"`) come out exactly as cliff prints them.
 * `!` needs nothing: history expansion applies to lines typed at an interactive prompt, not to the
 * text eval or `.` reads. A NUL cannot be held by a shell variable at all.
 */
export function shellDoubleQuoted(text: string): string {
  return `"${text.replace(/[$`\\"]/g, '\\$&')}"`;
}

export function renderShell(columns: string[], values: Cell[], prefix: string, variables: string[]): string {
  let out = '';
  columns.forEach((column, i) => {
    // --variable matches the name before ':' and '-' become '_' (cliff filters first).
    const name = column.toLowerCase().replace(/ /g, '_');
    if (variables.length > 0 && !variables.includes(name)) return;
    // A dict or list goes out as its Python repr, as cliff prints it.
    out += `${prefix}${name.replace(/[:-]/g, '_')}=${shellDoubleQuoted(pyStr(values[i]))}\n`;
  });
  return out;
}
