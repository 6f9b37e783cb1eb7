// Python 3.11's textwrap.fill(text, width) with default options, which prettytable uses to wrap
// cells wider than their column: tabs expanded, whitespace turned into spaces, breaks on spaces and
// after hyphens of compound words, words longer than the width cut. Lengths count code points,
// as Python's len() does.

const TEXTWRAP_WHITESPACE = /[\t\n\x0b\x0c\r]/g;

// Python's `\w` for str patterns is Unicode-aware; JavaScript's is ASCII-only even with /u.
const W = String.raw`[\p{L}\p{N}_]`;
const WS = String.raw`[\t\n\x0b\x0c\r ]`;
const NWS = String.raw`[^\t\n\x0b\x0c\r ]`;
const WORD_PUNCT = String.raw`[\p{L}\p{N}_!"'&.,?]`;
const LETTER = String.raw`[\p{L}\p{Nl}\p{No}_]`; // [^\d\W]
const WORDSEP = new RegExp(
  `(${WS}+` +
    `|(?<=${WORD_PUNCT})-{2,}(?=${W})` +
    `|${NWS}+?(?:` +
    `-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))(?=${LETTER}-?${LETTER})` +
    `|(?=${WS}|$)` +
    `|(?<=${WORD_PUNCT})(?=-{2,}${W})` +
    `))`,
  'u',
);

// str.isspace(): what str.strip() removes.
const PY_SPACE = /^[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/u;

const len = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

function expandTabs(text: string, tabsize = 8): string {
  let out = '';
  let column = 0;
  for (const ch of text) {
    if (ch === '\t') {
      const spaces = tabsize - (column % tabsize);
      out += ' '.repeat(spaces);
      column += spaces;
    } else {
      out += ch;
      column = ch === '\n' || ch === '\r' ? 0 : column + 1;
    }
  }
  return out;
}

function splitChunks(text: string): string[] {
  const munged = expandTabs(text).replace(TEXTWRAP_WHITESPACE, ' ');
  return munged.split(WORDSEP).filter((c) => c);
}

function handleLongWord(reversed: string[], curLine: string[], curLen: number, width: number): void {
  const spaceLeft = width < 1 ? 1 : width - curLen;
  const chunk = Array.from(reversed[reversed.length - 1]);
  let end = spaceLeft;
  if (chunk.length > spaceLeft) {
    const hyphen = chunk.slice(0, spaceLeft).lastIndexOf('-');
    if (hyphen > 0 && chunk.slice(0, hyphen).some((c) => c !== '-')) end = hyphen + 1;
  }
  curLine.push(chunk.slice(0, end).join(''));
  reversed[reversed.length - 1] = chunk.slice(end).join('');
}

export function wrap(text: string, width: number): string[] {
  if (width <= 0) throw new Error(`invalid width ${width} (must be > 0)`);
  const chunks = splitChunks(text).reverse();
  const lines: string[] = [];
  const isBlank = (s: string) => PY_SPACE.test(s);
  while (chunks.length) {
    const curLine: string[] = [];
    let curLen = 0;
    if (isBlank(chunks[chunks.length - 1]) && lines.length) chunks.pop();
    while (chunks.length) {
      const l = len(chunks[chunks.length - 1]);
      if (curLen + l > width) break;
      curLine.push(chunks.pop()!);
      curLen += l;
    }
    if (chunks.length && len(chunks[chunks.length - 1]) > width) {
      handleLongWord(chunks, curLine, curLen, width);
      curLen = curLine.reduce((n, c) => n + len(c), 0);
    }
    if (curLine.length && isBlank(curLine[curLine.length - 1])) {
      curLen -= len(curLine[curLine.length - 1]);
      curLine.pop();
    }
    if (curLine.length) lines.push(curLine.join(''));
  }
  return lines;
}

/** textwrap.fill(text, width). */
export function fill(text: string, width: number): string {
  return wrap(text, width).join('\n');
}
