// wcwidth 0.2.5's wcswidth(), which prettytable uses for cell widths: CJK counts 2, combining
// marks 0, and any control character makes the whole string measure -1 (prettytable then pads
// such cells one space too wide; we keep that).
import { WIDE_EASTASIAN, ZERO_WIDTH } from './wcwidth-tables.js';

const ZERO_WIDTH_CF = new Set([
  0, 0x034f, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c,
  0x202d, 0x202e, 0x2060, 0x2061, 0x2062, 0x2063,
]);

function inTable(cp: number, table: readonly number[]): boolean {
  let lo = 0;
  let hi = table.length / 2 - 1;
  if (cp < table[0] || cp > table[table.length - 1]) return false;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp > table[2 * mid + 1]) lo = mid + 1;
    else if (cp < table[2 * mid]) hi = mid - 1;
    else return true;
  }
  return false;
}

export function wcwidth(cp: number): number {
  if (ZERO_WIDTH_CF.has(cp)) return 0;
  if (cp < 32 || (cp >= 0x7f && cp < 0xa0)) return -1;
  if (inTable(cp, ZERO_WIDTH)) return 0;
  return inTable(cp, WIDE_EASTASIAN) ? 2 : 1;
}

export function wcswidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const w = wcwidth(ch.codePointAt(0)!);
    if (w < 0) return -1;
    width += w;
  }
  return width;
}

// prettytable ignores ANSI colour sequences when measuring.
const ANSI = /\x1b\[[0-9;]*m|\x1b\(B/g;
/** Text whose every character is one column wide: most cells, measured without a lookup per character. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** prettytable's _str_block_width. */
export function blockWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  return wcswidth(text.replace(ANSI, ''));
}
