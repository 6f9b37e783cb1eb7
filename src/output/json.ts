// The json formatter: Python's json.dump(obj, indent=2 or None) with ensure_ascii, as cliff calls it.
// Dicts and lists inside cells nest as json.dump nests them.
import { pyFloatRepr } from './pystr.js';
import type { Cell, Rows, Write } from './types.js';

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

const ESCAPED = /[^ -~]|["\\]/;
const EVERY_ESCAPED = new RegExp(ESCAPED.source, 'g');

/** json.dumps of a str with ensure_ascii: everything outside ' '..'~' escaped, in UTF-16 units. */
function jsonString(s: string): string {
  if (!ESCAPED.test(s)) return `"${s}"`;
  return `"${s.replace(EVERY_ESCAPED, (ch) => ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

function jsonNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return Number.isInteger(n) ? BigInt(n).toString() : pyFloatRepr(n);
}

/**
 * json.dumps of a value at nesting `level`: with an indent each item of a non-empty dict or list on
 * its own line (items joined by ','), without one on a single line (joined by ', ').
 */
function jsonValue(value: Cell, indent: string | null, level: number): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return jsonNumber(value);
  if (typeof value === 'string') return jsonString(value);
  if (Array.isArray(value)) {
    return container('[', ']', value.map((v) => jsonValue(v, indent, level + 1)), indent, level);
  }
  const items = Object.entries(value).map(([k, v]) => `${jsonString(k)}: ${jsonValue(v, indent, level + 1)}`);
  return container('{', '}', items, indent, level);
}

function container(open: string, close: string, items: string[], indent: string | null, level: number): string {
  if (items.length === 0) return open + close;
  if (indent === null) return `${open}${items.join(', ')}${close}`;
  const inner = '\n' + indent.repeat(level + 1);
  return `${open}${inner}${items.join(',' + inner)}\n${indent.repeat(level)}${close}`;
}

/**
 * The Python dict of a row built from (name, value) pairs, as a layout shared by every row: each
 * key (dumped, with its ': ') and the position of its value. A repeated name keeps its first place
 * and its last value, as Map.set keeps them.
 */
function dictLayout(columns: string[]): Array<[string, number]> {
  const last = new Map<string, number>();
  columns.forEach((name, i) => last.set(name, i));
  return [...last].map(([name, i]) => [`${jsonString(name)}: `, i]);
}

/**
 * json.dumps of a row's dict at nesting `level`, as `container` lays it out, with each key's
 * text (the separator and indent before it, the key dumped and its ': ') made once for all rows:
 * a row is then one string built by concatenation, without an array per row.
 */
function objectDumper(layout: Array<[string, number]>, indent: string | null, level: number): (values: Cell[]) => string {
  if (layout.length === 0) return () => '{}';
  const inner = indent === null ? '' : '\n' + indent.repeat(level + 1);
  const heads = layout.map(([key], j) => (j === 0 ? '{' : indent === null ? ', ' : ',') + inner + key);
  const positions = layout.map(([, i]) => i);
  const close = indent === null ? '}' : `\n${indent.repeat(level)}}`;
  return (values) => {
    let text = '';
    for (let j = 0; j < heads.length; j++) text += heads[j] + jsonValue(values[positions[j]], indent, level + 1);
    return text + close;
  };
}

/** json.dump of the list of rows, as `container` lays it out, one row at a time. */
export function renderJsonList(columns: string[], rows: Rows, noindent: boolean, write: Write): void {
  if (rows.length === 0) {
    write('[]\n');
    return;
  }
  const indent = noindent ? null : '  ';
  const separator = indent === null ? ', ' : `,\n${indent}`;
  const dump = objectDumper(dictLayout(columns), indent, 1);
  write(indent === null ? '[' : `[\n${indent}`);
  let first = true;
  for (const row of rows) {
    write(first ? dump(row) : separator + dump(row));
    first = false;
  }
  write(indent === null ? ']\n' : '\n]\n');
}

export function renderJsonShow(columns: string[], values: Cell[], noindent: boolean): string {
  return `${objectDumper(dictLayout(columns), noindent ? null : '  ', 0)(values)}\n`;
}
