// The json formatter: Python's json.dump(obj, indent=2 or None) with ensure_ascii, as cliff calls it.
import { pyFloatRepr } from './pystr.js';
import type { Cell } from './types.js';

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** json.dumps of a str with ensure_ascii: everything outside ' '..'~' escaped, in UTF-16 units. */
function jsonString(s: string): string {
  return `"${s.replace(/[^ -~]|["\\]/g, (ch) => ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

function jsonNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return Number.isInteger(n) ? BigInt(n).toString() : pyFloatRepr(n);
}

function jsonValue(value: Cell): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return jsonNumber(value);
  return jsonString(value);
}

/** A Python dict built from (name, value) pairs: a repeated name keeps its first place, last value. */
function toDict(columns: string[], values: Cell[]): Map<string, Cell> {
  const dict = new Map<string, Cell>();
  columns.forEach((name, i) => dict.set(name, values[i]));
  return dict;
}

function dumpObject(dict: Map<string, Cell>, indent: string | null, level: number): string {
  if (dict.size === 0) return '{}';
  const items = [...dict].map(([k, v]) => `${jsonString(k)}: ${jsonValue(v)}`);
  if (indent === null) return `{${items.join(', ')}}`;
  const inner = '\n' + indent.repeat(level + 1);
  return `{${inner}${items.join(',' + inner)}\n${indent.repeat(level)}}`;
}

export function renderJsonList(columns: string[], rows: Cell[][], noindent: boolean): string {
  const indent = noindent ? null : '  ';
  const objects = rows.map((row) => dumpObject(toDict(columns, row), indent, 1));
  if (objects.length === 0) return '[]\n';
  if (indent === null) return `[${objects.join(', ')}]\n`;
  return `[\n${indent}${objects.join(`,\n${indent}`)}\n]\n`;
}

export function renderJsonShow(columns: string[], values: Cell[], noindent: boolean): string {
  return `${dumpObject(toDict(columns, values), noindent ? null : '  ', 0)}\n`;
}
