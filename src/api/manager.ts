// One generic manager for every Mistral resource (STYLE.md §1): the resource table gives the base
// path and the key of the list in the response; the verbs are the same for all.
import { ApiError, UsageError } from '../errors.js';
import type { Item, Json, MistralClient } from './client.js';
import type { QueryPairs } from './query.js';
import { pythonJson } from '../output/json-text.js';

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

  async list(query: QueryPairs = [], suffix?: string): Promise<Item[]> {
    const body = await this.client.request('GET', this.url(suffix), { query, expect: 200 });
    return itemsOf(body, this.resource.listKey);
  }

  async get(id: string, query: QueryPairs = []): Promise<Item> {
    return asItem(await this.client.request('GET', this.url(segment(id)), { query, expect: 200 }));
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

export function itemsOf(body: Json, key: string): Item[] {
  const list = body && typeof body === 'object' && !Array.isArray(body) ? body[key] : undefined;
  if (!Array.isArray(list)) throw new ApiError(`Mistral's answer has no '${key}' list`, 200);
  return list.map(asItem);
}

export function asItem(body: Json): Item {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError('Mistral answered with something that is not an object', 200);
  return body;
}

