// A list answer (`{"executions": [{...}, ...], "next": "..."}`) read one item at a time. Parsing a
// 10,000-item answer whole made every item an object that lived until the command's end: the
// garbage collector copied them all from the young generation to the old one, and they were most
// of the heap at its peak (bench/RESULTS.md, the large lists). Here the answer stays the bytes it
// came as, the items' places in them are found first, and each item is decoded and parsed (with
// the few after it: ByteItems) when a formatter asks for it, so it dies young, with the row made
// of it. Reading the bytes rather than their text leaves out the answer's copy as a string (and
// the buffer it was decoded from, which stayed until the end as garbage the collector never
// reached): 2.6 to 3.0 MB off the peak of a 10,000-row list in json, value or csv, for the same
// CPU (README, Speed).
//
// Only answers of the shape Mistral sends are read so: the list's key first, its items JSON
// objects without nested objects (a `}` in an item ends it, outside strings). Anything else is
// parsed whole, as before (parsedPage). Each item is still parsed by JSON.parse, which
// checks it; one that is not JSON is found only when it is reached, after the rows before it were
// printed, and the command ends there with an error that says so (ItemList). The places are found
// on bytes, and every byte that marks one (quotes, braces, brackets, the comma, the backslash,
// white space) is ASCII, which UTF-8 never uses inside a character: an item's bytes decode to the
// same text as they do inside the whole answer.
import { ApiError } from '../errors.js';
import { isMapping } from '../values.js';
import type { Item, Json } from './json.js';

/** The items of one page, each parsed when asked for. */
export interface PageItems {
  readonly length: number;
  item(index: number): Item;
}

export interface ListPage {
  items: PageItems;
  /** The answer's `next` link, undefined when it has none. */
  next: Json | undefined;
}

/** A page parsed whole: its items are objects already. */
export function parsedPage(body: Json, key: string): ListPage {
  const items = itemsOf(body, key);
  return { items: { length: items.length, item: (i) => items[i] }, next: isMapping(body) ? body.next : undefined };
}

export function itemsOf(body: Json, key: string): Item[] {
  const list = isMapping(body) ? body[key] : undefined;
  if (!Array.isArray(list)) throw new ApiError(`Mistral's answer has no '${key}' list`, 200);
  return list.map(asItem);
}

export function asItem(body: Json): Item {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError('Mistral answered with something that is not an object', 200);
  return body;
}

// The bytes of the answer's grammar.
const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** Past JSON's white space (space, tab, line feed, carriage return) from `at`. */
function skipSpace(bytes: Buffer, at: number): number {
  let i = at;
  for (let b = bytes[i]; b === SPACE || b === LINE_FEED || b === CARRIAGE_RETURN || b === TAB; b = bytes[i]) i++;
  return i;
}

function isKeyByte(b: number): boolean {
  return (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f;
}

/**
 * Where the list's first item (or its `]`) is: after `{`, the key (letters and `_`, written
 * without escapes), `:` and `[`, white space allowed around each; -1 when the answer does not
 * start so or names another key.
 */
function listStart(bytes: Buffer, key: string): number {
  let at = skipSpace(bytes, 0);
  if (bytes[at] !== OPEN_BRACE) return -1;
  at = skipSpace(bytes, at + 1);
  if (bytes[at] !== QUOTE) return -1;
  const name = at + 1;
  for (at = name; at < bytes.length && isKeyByte(bytes[at]); at++);
  if (at === name || bytes[at] !== QUOTE || bytes.toString('latin1', name, at) !== key) return -1;
  at = skipSpace(bytes, at + 1);
  if (bytes[at] !== COLON) return -1;
  at = skipSpace(bytes, at + 1);
  if (bytes[at] !== OPEN_BRACKET) return -1;
  return skipSpace(bytes, at + 1);
}

/** Whether a line terminator of JavaScript starts at `at`: LF, CR, U+2028 or U+2029 (E2 80 A8/A9). */
function isLineTerminator(bytes: Buffer, at: number): boolean {
  const b = bytes[at];
  return b === LINE_FEED || b === CARRIAGE_RETURN || (b === 0xe2 && bytes[at + 1] === 0x80 && (bytes[at + 2] === 0xa8 || bytes[at + 2] === 0xa9));
}

/**
 * The end (past its `}`) of one item without a nested object that starts at `at`, or -1: `{`,
 * then anything but `"`, `{` and `}`, or whole JSON strings, up to the first `}` outside them. An
 * item holding an object has no such end, and its page is parsed whole. In a string a backslash
 * takes the next character whatever it is, but a line terminator (as `\\.` of the regular
 * expression this replaced, /\{[^"{}]*(?:"[^"\\]*(?:\\.[^"\\]*)*"[^"{}]*)*\}/y, would not).
 */
function flatItemEnd(bytes: Buffer, at: number): number {
  if (bytes[at] !== OPEN_BRACE) return -1;
  const end = bytes.length;
  for (let i = at + 1; i < end; i++) {
    const b = bytes[i];
    if (b === CLOSE_BRACE) return i + 1;
    if (b === OPEN_BRACE) return -1;
    if (b !== QUOTE) continue;
    for (i++; ; i++) {
      if (i >= end) return -1;
      const c = bytes[i];
      if (c === QUOTE) break;
      if (c === BACKSLASH && (++i >= end || isLineTerminator(bytes, i))) return -1;
    }
  }
  return -1;
}

/**
 * The page read lazily, or undefined when it does not have Mistral's shape: then the caller
 * parses it whole. What is outside the list (the `next` link) is parsed here, whole, with the list
 * left out, and must be a JSON object without a second list of the same key. `bytes` is the
 * answer as it came, without a byte order mark (src/http/transport.ts).
 */
export function scanPage(bytes: Buffer, key: string): ListPage | undefined {
  let at = listStart(bytes, key);
  if (at === -1) return undefined;
  const spans: number[] = [];
  if (bytes[at] === CLOSE_BRACKET) {
    at++;
  } else {
    for (;;) {
      const end = flatItemEnd(bytes, at);
      if (end === -1) return undefined;
      spans.push(at, end);
      at = skipSpace(bytes, end);
      const between = bytes[at];
      if (between !== COMMA && between !== CLOSE_BRACKET) return undefined;
      at = skipSpace(bytes, at + 1);
      if (between === CLOSE_BRACKET) break;
    }
  }
  const rest = restOf(bytes.toString('utf8', at));
  if (!rest || Object.hasOwn(rest, key)) return undefined;
  return { items: new ByteItems(bytes, spans), next: rest.next };
}

/**
 * What follows the list (`, "next": "..."}` or `}`) as the object it closes, or undefined when
 * that is not JSON: a comma must be followed by a member, and without one the object must end.
 */
function restOf(tail: string): Record<string, Json> | undefined {
  const comma = /^[ \t\n\r]*,/.exec(tail);
  const members = comma ? tail.slice(comma[0].length) : tail;
  if (/^[ \t\n\r]*\}/.test(members) === Boolean(comma)) return undefined;
  try {
    const rest = JSON.parse(`{${members}`) as Json;
    return isMapping(rest) ? rest : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Items decoded and parsed a batch at a time: the batch's bytes, from its first item to its last,
 * are a JSON array's members (the scanner found only white space and commas between them), so one
 * decode and one JSON.parse serve BATCH items. A JSON.parse of a whole batch succeeds exactly when
 * each of its items would (none holds a `{`, so each object can only end at its own `}`); when one
 * does not, the batch's items are parsed one by one, and the error comes at the first bad item.
 * Measured on 10,000-row lists against one decode and one JSON.parse per item: 4 to 10 ms less CPU
 * in each of table, json, value and csv, for at most 0.5 MB more peak memory (README, Speed).
 */
const BATCH = 32;

class ByteItems implements PageItems {
  readonly length: number;
  private batch = -1;
  private parsed: Json[] | undefined;

  constructor(
    private readonly bytes: Buffer,
    private readonly spans: number[],
  ) {
    this.length = spans.length / 2;
  }

  item(index: number): Item {
    const batch = Math.floor(index / BATCH);
    if (batch !== this.batch) {
      this.batch = batch;
      this.parsed = this.parseBatch(batch * BATCH, Math.min(this.length, (batch + 1) * BATCH));
    }
    return asItem(this.parsed ? this.parsed[index % BATCH] : this.parseOne(index));
  }

  /** The items from `first` to before `end`, or undefined when one of them is not JSON. */
  private parseBatch(first: number, end: number): Json[] | undefined {
    const source = this.bytes.toString('utf8', this.spans[2 * first], this.spans[2 * end - 1]);
    try {
      return JSON.parse(`[${source}]`) as Json[];
    } catch {
      return undefined;
    }
  }

  private parseOne(index: number): Json {
    try {
      return JSON.parse(this.bytes.toString('utf8', this.spans[2 * index], this.spans[2 * index + 1])) as Json;
    } catch {
      throw new ItemNotJsonError();
    }
  }
}

/** An item of a lazily read page that JSON.parse refused; ItemList says where it was. */
class ItemNotJsonError extends Error {}

/**
 * The items of a list over its pages, at most `length` of them, in the server's order or
 * reversed (execution-list fetches the newest and prints them oldest first).
 */
export class ItemList implements Iterable<Item> {
  readonly length: number;

  constructor(
    private readonly pages: readonly PageItems[],
    limit: number | undefined,
    private readonly backwards = false,
    private readonly what = 'list',
  ) {
    const total = pages.reduce((sum, page) => sum + page.length, 0);
    this.length = limit === undefined ? total : Math.min(total, limit);
  }

  reversed(): ItemList {
    return new ItemList(this.pages, this.length, !this.backwards, this.what);
  }

  *[Symbol.iterator](): Iterator<Item> {
    // How many of each page's items are in the list: the limit cuts the last pages short.
    let left = this.length;
    const taken = this.pages.map((page) => {
      const count = Math.min(page.length, left);
      left -= count;
      return count;
    });
    let printed = 0;
    if (!this.backwards) {
      for (const [p, page] of this.pages.entries()) for (let i = 0; i < taken[p]; i++) yield this.read(page, i, printed++);
      return;
    }
    for (let p = this.pages.length - 1; p >= 0; p--) for (let i = taken[p] - 1; i >= 0; i--) yield this.read(this.pages[p], i, printed++);
  }

  private read(page: PageItems, index: number, before: number): Item {
    try {
      return page.item(index);
    } catch (error) {
      if (!(error instanceof ItemNotJsonError)) throw error;
      // Where, not what: an item's text may hold a secret the server echoes back.
      throw new ApiError(`Mistral's ${this.what} holds an item that is not JSON (item ${before + 1} of ${this.length}); nothing from it on was printed`, 200);
    }
  }
}
