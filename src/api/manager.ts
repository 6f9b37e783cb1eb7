// One generic manager for every Mistral resource (STYLE.md §1): the resource table gives the base
// path and the key of the list in the response; the verbs are the same for all.
import { ApiError, UsageError } from '../errors.js';
import type { Item, Json, MistralClient } from './client.js';
import { asItem, ItemList, type PageItems } from './list-answer.js';
import type { QueryPairs } from './query.js';
import { pythonJson } from '../output/json-text.js';

export { asItem, itemsOf, type ItemList } from './list-answer.js';

export interface ListReading {
  /**
   * Read each page item by item, each parsed when it is reached (src/api/list-answer.ts): for a
   * caller that walks the items once and keeps none. One that keeps them all (a table) is
   * faster with the page parsed whole.
   */
  lazily?: boolean;
}

export interface ResourcePath {
  /** e.g. '/workflows' */
  path: string;
  /** key of the list in a list response, e.g. 'workflows' */
  listKey: string;
}

export interface SendOptions {
  query?: QueryPairs;
  /** JSON bodies are objects; definition uploads are raw text (text/plain). */
  body?: unknown;
  text?: string;
  /** See RequestOptions.idempotent: only a POST whose body makes a second one harmless says so. */
  idempotent?: boolean;
}

/**
 * One URL path segment from a name or id: encoded, so that spaces, `?` and `#` stay in it
 * (python-mistralclient pasted values raw, which broke names with spaces). Two kinds of value
 * cannot be made one segment, so they are refused: `.` and `..`, which the WHATWG URL parser
 * (undici's) removes even encoded (`%2E%2E` is `..` in an http URL: `environment-delete ..` would
 * address `/v2/`); and a value with a `/`, which Mistral's WSGI server decodes from `%2F` before
 * routing (`workflow-delete <id>/` deleted workflow <id>, test/e2e/path-segments.test.ts).
 */
export function segment(value: string): string {
  if (value === '.' || value === '..') {
    throw new UsageError(`refusing '${value}' as a name or id: a '.' or '..' in a URL path would address something other than the object it names`);
  }
  if (value.includes('/')) {
    throw new UsageError(`refusing '${value}' as a name or id: Mistral reads a '/' in it as a path separator, even encoded, so it would address something other than the object it names`);
  }
  return encodeURIComponent(value);
}

export class ResourceManager {
  constructor(
    private readonly client: MistralClient,
    readonly resource: ResourcePath,
  ) {}

  private url(suffix?: string): string {
    return suffix === undefined ? this.resource.path : `${this.resource.path}/${suffix}`;
  }

  private payload(options: SendOptions) {
    if (options.text !== undefined) return { body: options.text, contentType: 'text/plain' as const };
    if (options.body !== undefined) return { body: pythonJson(options.body), contentType: 'application/json' as const };
    return {};
  }

  /**
   * Every item the query asks for, over as many pages as the server splits them into: a server
   * that caps a page (a proxy, a Mistral with a page limit) answers with a `next` link, which is
   * followed until the list ends or the asked limit is reached. A page that is full at the asked
   * limit carries a `next` link too (Mistral adds one whenever a page holds `limit` items,
   * mistral/api/controllers/resource.py has_next): there the list stops, as python-mistralclient's.
   * Only the link's marker is taken; the request goes to this client's own URL with its own query,
   * so a link naming another host never receives the token.
   */
  async list(query: QueryPairs = [], suffix?: string, { lazily = false }: ListReading = {}): Promise<ItemList> {
    const limit = limitOf(query);
    const pages: PageItems[] = [];
    let count = 0;
    const markers = new Set<string>();
    let pageQuery = query;
    for (;;) {
      const page = await this.client.requestPage(this.url(suffix), { query: pageQuery, expect: 200 }, this.resource.listKey, lazily);
      pages.push(page.items);
      count += page.items.length;
      const marker = nextMarker(page.next, this.resource.path);
      if (marker === undefined || page.items.length === 0 || (limit !== undefined && count >= limit)) {
        return new ItemList(pages, pages.length > 1 ? limit : undefined, false, `list of ${this.resource.listKey}`);
      }
      if (markers.has(marker) || pages.length >= MAX_PAGES) {
        const why = markers.has(marker) ? `repeats the marker ${marker}` : `still has one after ${MAX_PAGES} pages`;
        throw new ApiError(`Mistral's list of ${this.resource.listKey} was cut short: its next link ${why}, so the rest cannot be fetched`, 200);
      }
      markers.add(marker);
      pageQuery = pageOf(query, marker, limit === undefined ? undefined : limit - count);
    }
  }

  async get(id: string, query: QueryPairs = []): Promise<Item> {
    return asItem(await this.client.request('GET', this.url(segment(id)), { query, expect: 200 }));
  }

  /** get(), with a 404 as "there is none": for a command that creates what is absent. */
  async find(id: string, query: QueryPairs = []): Promise<Item | undefined> {
    try {
      return await this.get(id, query);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** A GET below the resource whose answer is not one item (e.g. an execution report). */
  async fetch(suffix: string, query: QueryPairs = []): Promise<Json> {
    return this.client.request('GET', this.url(suffix), { query, expect: 200 });
  }

  async create(options: SendOptions, suffix?: string, expect = 201): Promise<Json> {
    return this.client.request('POST', this.url(suffix), { query: options.query, ...this.payload(options), expect, idempotent: options.idempotent });
  }

  async update(options: SendOptions, id?: string): Promise<Json> {
    return this.client.request('PUT', this.url(id === undefined ? undefined : segment(id)), { query: options.query, ...this.payload(options), expect: 200 });
  }

  async delete(id: string, query: QueryPairs = []): Promise<void> {
    await this.client.request('DELETE', this.url(segment(id)), { query, expect: 204 });
  }
}

/** A hostile server's endless chain of next links ends here (100 items a page: 100 000 items). */
const MAX_PAGES = 1000;

function limitOf(query: QueryPairs): number | undefined {
  const value = query.find(([key]) => key === 'limit')?.[1];
  const limit = Number(value);
  return value !== undefined && value !== null && Number.isInteger(limit) && limit > 0 ? limit : undefined;
}

/** The marker of the answer's `next` link; undefined when it has none. A link without one cannot be followed. */
function nextMarker(next: Json | undefined, path: string): string | undefined {
  if (next === undefined || next === null || next === '') return undefined;
  let marker: string | null = null;
  try {
    marker = typeof next === 'string' ? new URL(next, 'http://mistral.invalid').searchParams.get('marker') : null;
  } catch {
    marker = null;
  }
  if (!marker) throw new ApiError(`Mistral's answer to GET ${path} has a next link without a marker, so the rest of the list cannot be fetched`, 200);
  return marker;
}

/** The caller's query for the page after `marker`: the marker and the remaining limit in place, the rest as asked. */
function pageOf(query: QueryPairs, marker: string, remaining: number | undefined): QueryPairs {
  const rest = query.filter(([key]) => key !== 'marker' && key !== 'limit');
  return [['marker', marker], ...(remaining === undefined ? [] : [['limit', remaining] as [string, number]]), ...rest];
}

