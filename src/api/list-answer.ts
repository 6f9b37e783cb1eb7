// A list answer (`{"executions": [{...}, ...], "next": "..."}`) read one item at a time. Parsing a
// 10,000-item answer whole made every item an object that lived until the command's end: the
// garbage collector copied them all from the young generation to the old one, and they were most
// of the heap at its peak (bench/RESULTS.md, the large lists). Here the answer stays one string,
// the items' places in it are found first, and each item is parsed when a formatter asks for it,
// so it dies young, with the row made of it.
//
// Only answers of the shape Mistral sends are read so: the list's key first, its items JSON
// objects without nested objects (a `}` in an item ends it, outside strings). Anything else is
// parsed whole, as before (parsedPage). Each item is still parsed by JSON.parse, which
// checks it; one that is not JSON is found only when it is reached, after the rows before it were
// printed, and the command ends there with an error that says so (ItemList).
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

// One item without a nested object: `{`, then anything but `"`, `{` and `}`, or whole JSON
// strings, up to the first `}` outside them. An item holding an object does not match, and its
// page is parsed whole. Sticky, so that it matches where an item has to start and nowhere else.
const FLAT_ITEM = /\{[^"{}]*(?:"[^"\\]*(?:\\.[^"\\]*)*"[^"{}]*)*\}/y;
// The answer's start up to its list's first item: `{"executions": [`, the key without escapes.
const LIST_HEAD = /^[ \t\n\r]*\{[ \t\n\r]*"([A-Za-z_]+)"[ \t\n\r]*:[ \t\n\r]*\[[ \t\n\r]*/;
const BETWEEN_ITEMS = /[ \t\n\r]*(,|\])[ \t\n\r]*/y;

/**
 * The page read lazily, or undefined when it does not have Mistral's shape: then the caller
 * parses it whole. What is outside the list (the `next` link) is parsed here, whole, with the list
 * left out, and must be a JSON object without a second list of the same key.
 */
export function scanPage(text: string, key: string): ListPage | undefined {
  const head = LIST_HEAD.exec(text);
  if (!head || head[1] !== key) return undefined;
  const spans: number[] = [];
  let at = head[0].length;
  if (text[at] === ']') {
    at++;
  } else {
    for (;;) {
      FLAT_ITEM.lastIndex = at;
      if (!FLAT_ITEM.test(text)) return undefined;
      spans.push(at, FLAT_ITEM.lastIndex);
      BETWEEN_ITEMS.lastIndex = FLAT_ITEM.lastIndex;
      const between = BETWEEN_ITEMS.exec(text);
      if (!between) return undefined;
      at = BETWEEN_ITEMS.lastIndex;
      if (between[1] === ']') break;
    }
  }
  const rest = restOf(text.slice(at));
  if (!rest || Object.hasOwn(rest, key)) return undefined;
  return { items: new TextItems(text, spans), next: rest.next };
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

class TextItems implements PageItems {
  readonly length: number;

  constructor(
    private readonly text: string,
    private readonly spans: number[],
  ) {
    this.length = spans.length / 2;
  }

  item(index: number): Item {
    const source = this.text.slice(this.spans[2 * index], this.spans[2 * index + 1]);
    let item: Json;
    try {
      item = JSON.parse(source) as Json;
    } catch {
      throw new ItemNotJsonError();
    }
    return asItem(item);
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
