// A port of PyYAML 6.0's Emitter for nested block collections (the empty ones in flow style), with
// SafeDumper's settings (indent 2, width 80, allow_unicode off): scalar analysis, style choice, and
// the plain, single- and double-quoted writers with their line folding.

export type Tag = 'str' | 'int' | 'float' | 'bool' | 'null';

export interface ScalarNode {
  kind: 'scalar';
  tag: Tag;
  value: string;
  /** The serializer's implicit[0]: the plain text would read back with this tag. */
  plainImplicit: boolean;
}
export interface SequenceNode {
  kind: 'sequence';
  /** An array, or (a list's rows) items made one at a time as the emitter reaches them. */
  items: Iterable<YamlNode> & { readonly length: number };
}
export interface MappingNode {
  kind: 'mapping';
  pairs: [YamlNode, YamlNode][];
}
export type YamlNode = ScalarNode | SequenceNode | MappingNode;

// PyYAML's character classes, as comparisons: `'\n\x85\u2028\u2029'.includes(ch)` for every
// character of every scalar was a third of the emitter's time.
const isBreak = (ch: string) => ch === '\n' || ch === '\x85' || ch === '\u2028' || ch === '\u2029';
const isSpaceOrBreak = (ch: string) => ch === ' ' || isBreak(ch);
/** PyYAML's `'\0 \t\r\n\x85\u2028\u2029'`: whitespace, a break or the end. */
const isWhitespaceOrEnd = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\0' || isBreak(ch);

/**
 * A scalar's characters as PyYAML indexes them (code points). Text without surrogates is its own
 * code-point sequence, so it is kept as the string itself: splitting every scalar of a 10,000-row
 * list into an array of one-character strings cost more than the rest of the emitter.
 */
type Chars = string | readonly string[];

const SURROGATE = /[\uD800-\uDFFF]/;

function charsOf(text: string): Chars {
  return SURROGATE.test(text) ? Array.from(text) : text;
}

const BREAK = /[\n\x85\u2028\u2029]/;
const hasBreak = (chars: Chars) => (typeof chars === 'string' ? BREAK.test(chars) : chars.some(isBreak));

/** chars[start:end] as text. */
function piece(chars: Chars, start: number, end: number): string {
  return typeof chars === 'string' ? chars.slice(start, end) : chars.slice(start, end).join('');
}

interface Analysis {
  scalar: Chars;
  empty: boolean;
  multiline: boolean;
  allowFlowPlain: boolean;
  allowBlockPlain: boolean;
  allowSingleQuoted: boolean;
}

// A list repeats its column names as keys in every row, and many values (states, names, empty
// strings): their analyses are kept, up to a bound, since an Analysis never changes.
const ANALYSES_KEPT = 4096;
const SHORT_TEXT = 128;
const analyses = new Map<string, Analysis>();

function analyzeScalar(text: string): Analysis {
  if (text.length > SHORT_TEXT) return analyze(text);
  let a = analyses.get(text);
  if (a === undefined) {
    a = analyze(text);
    if (analyses.size < ANALYSES_KEPT) analyses.set(text, a);
  }
  return a;
}

function analyze(text: string): Analysis {
  const s = charsOf(text);
  if (s.length === 0) {
    return { scalar: s, empty: true, multiline: false, allowFlowPlain: false, allowBlockPlain: true, allowSingleQuoted: true };
  }
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  if (text.startsWith('---') || text.startsWith('...')) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  let followedByWhitespace = s.length === 1 || isWhitespaceOrEnd(s[1]);
  let previousSpace = false;
  let previousBreak = false;
  for (let index = 0; index < s.length; ) {
    const ch = s[index];
    if (index === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
        flowIndicators = true;
        blockIndicators = true;
      }
      if (ch === '?' || ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (ch === '-' && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else {
      if (',?[]{}'.includes(ch)) flowIndicators = true;
      if (ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (ch === '#' && precededByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    }
    if (isBreak(ch)) lineBreaks = true;
    const cp = ch.codePointAt(0)!;
    // Without allow_unicode, anything but printable ASCII and '\n' needs double quotes.
    if (!(ch === '\n' || (cp >= 0x20 && cp <= 0x7e))) special = true;
    if (ch === ' ') {
      if (index === 0) leadingSpace = true;
      if (index === s.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(ch)) {
      if (index === 0) leadingBreak = true;
      if (index === s.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    index += 1;
    precededByWhitespace = isWhitespaceOrEnd(ch);
    followedByWhitespace = index + 1 >= s.length || isWhitespaceOrEnd(s[index + 1]);
  }
  let allowFlowPlain = true;
  let allowBlockPlain = true;
  let allowSingleQuoted = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) allowFlowPlain = allowBlockPlain = false;
  if (breakSpace) allowFlowPlain = allowBlockPlain = allowSingleQuoted = false;
  if (spaceBreak || special) allowFlowPlain = allowBlockPlain = allowSingleQuoted = false;
  if (lineBreaks) allowFlowPlain = allowBlockPlain = false;
  if (flowIndicators) allowFlowPlain = false;
  if (blockIndicators) allowBlockPlain = false;
  return { scalar: s, empty: false, multiline: lineBreaks, allowFlowPlain, allowBlockPlain, allowSingleQuoted };
}

const ESCAPE_REPLACEMENTS: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\x08': 'b',
  '\x09': 't',
  '\x0A': 'n',
  '\x0B': 'v',
  '\x0C': 'f',
  '\x0D': 'r',
  '\x1B': 'e',
  '"': '"',
  '\\': '\\',
  '\x85': 'N',
  '\xA0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

const hex = (cp: number, digits: number) => cp.toString(16).toUpperCase().padStart(digits, '0');

interface NodeContext {
  mapping?: boolean;
  simpleKey?: boolean;
}

/** Characters the emitter collects before handing them on. */
const FLUSH_AT = 1 << 13;

export class Emitter {
  private out = '';
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent: number | null = null;
  private readonly indents: (number | null)[] = [];
  private flowLevel = 0;
  private mappingContext = false;
  private simpleKeyContext = false;
  private readonly bestIndent = 2;
  private readonly bestWidth = 80;

  /** The text goes to `sink` in pieces as it is made. */
  constructor(private readonly sink: (text: string) => void) {}

  dump(root: YamlNode): void {
    // The document start is implicit (no '---') for a collection at the root.
    this.node(root, {});
    this.writeIndent();
    this.sink(this.out);
    this.out = '';
  }

  private write(data: string): void {
    this.out += data;
    if (this.out.length < FLUSH_AT) return;
    this.sink(this.out);
    this.out = '';
  }

  private increaseIndent(flow: boolean, indentless = false): void {
    this.indents.push(this.indent);
    if (this.indent === null) this.indent = flow ? this.bestIndent : 0;
    else if (!indentless) this.indent += this.bestIndent;
  }

  private node(node: YamlNode, ctx: NodeContext): void {
    this.mappingContext = !!ctx.mapping;
    this.simpleKeyContext = !!ctx.simpleKey;
    if (node.kind === 'scalar') {
      this.increaseIndent(true);
      this.scalar(node);
      this.indent = this.indents.pop()!;
    } else if (node.kind === 'sequence') {
      if (this.flowLevel || node.items.length === 0) this.flowCollection('[', ']');
      else this.blockSequence(node);
    } else if (this.flowLevel || node.pairs.length === 0) this.flowCollection('{', '}');
    else this.blockMapping(node);
  }

  /** Only ever empty here: `[]` or `{}`. */
  private flowCollection(open: string, close: string): void {
    this.writeIndicator(open, true, true);
    this.flowLevel += 1;
    this.increaseIndent(true);
    this.indent = this.indents.pop()!;
    this.flowLevel -= 1;
    this.writeIndicator(close, false);
  }

  private blockSequence(node: SequenceNode): void {
    const indentless = this.mappingContext && !this.indention;
    this.increaseIndent(false, indentless);
    for (const item of node.items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, {});
    }
    this.indent = this.indents.pop()!;
  }

  private blockMapping(node: MappingNode): void {
    this.increaseIndent(false);
    for (const [key, value] of node.pairs) {
      this.writeIndent();
      if (this.checkSimpleKey(key)) {
        this.node(key, { mapping: true, simpleKey: true });
        this.writeIndicator(':', false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.node(key, { mapping: true });
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(value, { mapping: true });
    }
    this.indent = this.indents.pop()!;
  }

  private checkSimpleKey(key: YamlNode): boolean {
    if (key.kind !== 'scalar') return false; // never reached: keys are column names or dict keys
    const analysis = analyzeScalar(key.value);
    // The length counts the tag the emitter prepared ('!!str') though it is never written.
    const length = analysis.scalar.length + `!!${key.tag}`.length;
    return length < 128 && !analysis.empty && !analysis.multiline;
  }

  private chooseStyle(node: ScalarNode, a: Analysis): '' | "'" | '"' {
    if (node.plainImplicit) {
      const plainAllowed = this.flowLevel ? a.allowFlowPlain : a.allowBlockPlain;
      if (!(this.simpleKeyContext && (a.empty || a.multiline)) && plainAllowed) return '';
    }
    if (a.allowSingleQuoted && !(this.simpleKeyContext && a.multiline)) return "'";
    return '"';
  }

  private scalar(node: ScalarNode): void {
    const a = analyzeScalar(node.value);
    const style = this.chooseStyle(node, a);
    const split = !this.simpleKeyContext;
    if (style === '"') this.writeDoubleQuoted(a.scalar, split);
    else if (style === "'") this.writeSingleQuoted(a.scalar, split);
    else this.writePlain(a.scalar, split);
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, whitespace = false, indention = false): void {
    const data = this.whitespace || !needWhitespace ? indicator : ` ${indicator}`;
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
    this.column += data.length;
    this.write(data);
  }

  private writeIndent(): void {
    const indent = this.indent ?? 0;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) {
      this.writeLineBreak();
    }
    if (this.column < indent) {
      this.whitespace = true;
      this.write(' '.repeat(indent - this.column));
      this.column = indent;
    }
  }

  private writeLineBreak(data = '\n'): void {
    this.whitespace = true;
    this.indention = true;
    this.column = 0;
    this.write(data);
  }

  private writeText(chars: Chars, start: number, end: number): void {
    this.column += end - start;
    this.write(piece(chars, start, end));
  }

  private writeBreaks(text: Chars, start: number, end: number): void {
    for (let i = start; i < end; i++) this.writeLineBreak(text[i]);
  }

  private writePlain(text: Chars, split: boolean): void {
    if (text.length === 0) return;
    if (!this.whitespace) {
      this.column += 1;
      this.write(' ');
    }
    this.whitespace = false;
    this.indention = false;
    // A plain scalar never holds a break (analyze() allows plain style only without), and it folds
    // only at a space past the width: text that ends within it is written whole.
    if (!split || this.column + text.length <= this.bestWidth) {
      this.writeText(text, 0, text.length);
      return;
    }
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : null;
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > this.bestWidth && split) {
            this.writeIndent();
            this.whitespace = false;
            this.indention = false;
          } else this.writeText(text, start, end);
          start = end;
        }
      } else if (breaks) {
        if (ch === null || !isBreak(ch)) {
          if (text[start] === '\n') this.writeLineBreak();
          this.writeBreaks(text, start, end);
          this.writeIndent();
          this.whitespace = false;
          this.indention = false;
          start = end;
        }
      } else if (ch === null || isSpaceOrBreak(ch)) {
        this.writeText(text, start, end);
        start = end;
      }
      if (ch !== null) {
        spaces = ch === ' ';
        breaks = isBreak(ch);
      }
    }
  }

  private writeSingleQuoted(text: Chars, split: boolean): void {
    this.writeIndicator("'", true);
    // Without a quote to double or a break to write, text that ends within the width is written whole.
    if (!text.includes("'") && !hasBreak(text) && (!split || this.column + text.length <= this.bestWidth)) {
      this.writeText(text, 0, text.length);
      this.writeIndicator("'", false);
      return;
    }
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : null;
      if (spaces) {
        if (ch === null || ch !== ' ') {
          if (start + 1 === end && this.column > this.bestWidth && split && start !== 0 && end !== text.length) {
            this.writeIndent();
          } else this.writeText(text, start, end);
          start = end;
        }
      } else if (breaks) {
        if (ch === null || !isBreak(ch)) {
          if (text[start] === '\n') this.writeLineBreak();
          this.writeBreaks(text, start, end);
          this.writeIndent();
          start = end;
        }
      } else if (ch === null || isSpaceOrBreak(ch) || ch === "'") {
        if (start < end) {
          this.writeText(text, start, end);
          start = end;
        }
      }
      if (ch === "'") {
        this.column += 2;
        this.write("''");
        start = end + 1;
      }
      if (ch !== null) {
        spaces = ch === ' ';
        breaks = isBreak(ch);
      }
    }
    this.writeIndicator("'", false);
  }

  private writeDoubleQuoted(text: Chars, split: boolean): void {
    this.writeIndicator('"', true);
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : null;
      const cp = ch === null ? -1 : ch.codePointAt(0)!;
      if (ch === null || '"\\\x85\u2028\u2029\uFEFF'.includes(ch) || !(cp >= 0x20 && cp <= 0x7e)) {
        if (start < end) {
          this.writeText(text, start, end);
          start = end;
        }
        if (ch !== null) {
          let data: string;
          if (ch in ESCAPE_REPLACEMENTS) data = `\\${ESCAPE_REPLACEMENTS[ch]}`;
          else if (cp <= 0xff) data = `\\x${hex(cp, 2)}`;
          else if (cp <= 0xffff) data = `\\u${hex(cp, 4)}`;
          else data = `\\U${hex(cp, 8)}`;
          this.column += data.length;
          this.write(data);
          start = end + 1;
        }
      }
      if (end > 0 && end < text.length - 1 && (ch === ' ' || start >= end) && this.column + (end - start) > this.bestWidth && split) {
        const data = `${piece(text, start, end)}\\`;
        if (start < end) start = end;
        this.column += Array.from(data).length;
        this.write(data);
        this.writeIndent();
        this.whitespace = false;
        this.indention = false;
        if (text[start] === ' ') {
          this.column += 1;
          this.write('\\');
        }
      }
    }
    this.writeIndicator('"', false);
  }
}
