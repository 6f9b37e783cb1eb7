// Python's str()/repr() for the cell types, since every formatter of the reference prints values
// through them (`None`, `True`, `1e+16`, `['Nope']`, `{'p': 1}`).
import type { Cell } from './types.js';

/**
 * repr() of a Python float. The digits are the same shortest round-trip digits JavaScript picks;
 * only the choice of notation differs: Python switches to exponent form below 1e-4 and from 1e16
 * on, and writes the exponent with at least two digits.
 */
export function pyFloatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = n.toExponential().split('e');
  const exp = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const expSign = exp < 0 ? '-' : '+';
    return `${sign}${digits[0]}${frac}e${expSign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const fracPart = digits.slice(exp + 1) || '0';
  return `${sign}${intPart}.${fracPart}`;
}

/**
 * str() of a number. A JSON number reaches us without Python's int/float distinction, so an
 * integral value prints as an int (what the API's JSON integers become in Python).
 */
export function pyNumberStr(n: number): string {
  if (Number.isInteger(n)) return BigInt(n).toString();
  return pyFloatRepr(n);
}

/**
 * Python str() of a cell: None, True/False, numbers Python-style, strings unchanged, a dict or
 * list as its repr.
 */
export function pyStr(value: Cell): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pyNumberStr(value);
  if (typeof value === 'string') return value;
  return pyRepr(value);
}

/**
 * Python repr() of a cell: what str() of a dict or list shows of its items, e.g.
 * `{'p': 1, 'q': [True, None, 'x']}` (keys in their order, ', ' and ': ' separators).
 */
export function pyRepr(value: Cell): string {
  if (typeof value === 'string') return pyStrRepr(value);
  if (value === null || typeof value !== 'object') return pyStr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${pyStrRepr(k)}: ${pyRepr(v)}`)
    .join(', ')}}`;
}

const NON_PRINTABLE = /[\p{C}\p{Zl}\p{Zp}\p{Zs}]/u;

/** repr() of a Python str: single quotes unless the text holds ' and no ". */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch !== ' ' && (cp < 0x20 || cp === 0x7f || NON_PRINTABLE.test(ch))) {
      if (cp < 0x100) out += `\\x${cp.toString(16).padStart(2, '0')}`;
      else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
      else out += `\\U${cp.toString(16).padStart(8, '0')}`;
    } else out += ch;
  }
  return out + quote;
}

/** repr() of a Python list of str: `['Name', 'Scope']`. */
export function pyListRepr(items: readonly string[]): string {
  return `[${items.map(pyStrRepr).join(', ')}]`;
}

/** Python's default string ordering: by code point (JavaScript's `<` compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}
