// The shell formatter: `<prefix><name>="<value>"` lines a POSIX shell can eval.
import { pyStr } from './pystr.js';
import type { Cell } from './types.js';

export function renderShell(columns: string[], values: Cell[], prefix: string, variables: string[]): string {
  let out = '';
  columns.forEach((column, i) => {
    // --variable matches the name before ':' and '-' become '_' (cliff filters first).
    const name = column.toLowerCase().replace(/ /g, '_');
    if (variables.length > 0 && !variables.includes(name)) return;
    const value = values[i];
    // Only the double quote of a str is escaped; newlines, '$' and '`' go out as they are, and a
    // dict or list goes out as its repr, its double quotes unescaped (cliff escapes str values only).
    const text = typeof value === 'string' ? value.replace(/"/g, '\\"') : pyStr(value);
    out += `${prefix}${name.replace(/[:-]/g, '_')}="${text}"\n`;
  });
  return out;
}
