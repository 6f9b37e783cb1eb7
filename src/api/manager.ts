// One generic manager for every Mistral resource (STYLE.md §1): the resource table gives the base
// path and the key of the list in the response; the verbs are the same for all.
import { ApiError } from '../errors.js';
import type { Item, Json, MistralClient } from './client.js';
import type { QueryPairs } from './query.js';

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

/** Path segments are encoded; python-mistralclient pasted them raw, which broke names with spaces. */
export function segment(value: string): string {
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

/**
 * JSON text the way Python's json.dumps writes it (", " and ": " separators, non-ASCII escaped),
 * so request bodies are byte-identical to python-mistralclient's.
 */
export function pythonJson(value: unknown): string {
  const compact = JSON.stringify(value, null, 0);
  return respace(compact).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function respace(json: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    out += c;
    if (inString) {
      if (c === '\\') out += json[++i];
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ',' || c === ':') out += ' ';
  }
  return out;
}
