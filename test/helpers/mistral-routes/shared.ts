// What the fake Mistral's resources answer alike: the special identifiers of the transcripts' mock,
// the empty list of `--filter name=empty`, the list/create/get/update/delete replies and the
// validation reply. Each resource's own file (one per command group, as src/commands/) uses them.
import type { RecordedRequest, Reply } from '../server.js';

/** A route: a reply, or undefined when the request is not its own. `parts`: the path after `/v2`, split. */
export type Route = (req: RecordedRequest, parts: string[], query: Array<[string, string]>) => Reply | undefined;

/**
 * As in the transcripts' mock: `missing` → 404 with a faultstring, `boom` → 500 HTML, `hdrerr` →
 * 409 with a Server-Error-Message header, `jsonnofault` → 500 JSON without a faultstring,
 * `emptybody` → 503 empty body, `empty500` → 500 empty body, `traceback` → 500 with a multi-line
 * faultstring.
 */
export function special(id: string): Reply | undefined {
  switch (decodeURIComponent(id)) {
    case 'missing':
      return { status: 404, body: { faultstring: `Object not found [name=missing]`, debuginfo: null } };
    case 'boom':
      return { status: 500, headers: { 'Content-Type': 'text/html' }, body: '<html>Internal Server Error</html>' };
    case 'hdrerr':
      return { status: 409, headers: { 'Server-Error-Message': 'Header error message' }, body: { faultstring: 'Body error message' } };
    case 'jsonnofault':
      return { status: 500, body: { debuginfo: null } };
    case 'emptybody':
      return { status: 503, body: '' };
    case 'traceback':
      return { status: 500, body: { faultstring: 'ValueError: Action x is already completed\n    raise ValueError(\nValueError: Action x is already completed\n', debuginfo: null } };
    case 'empty500':
      return { status: 500, body: '' };
    default:
      return undefined;
  }
}

/** `--filter name=empty`: the list is empty. */
export function asksForEmpty(query: Array<[string, string]>): boolean {
  return query.some(([k, v]) => k === 'name' && v === 'empty');
}

/** The items of a list: none for `--filter name=empty`. */
export function listOf<T>(query: Array<[string, string]>, ...items: T[]): T[] {
  return asksForEmpty(query) ? [] : items;
}

/** The answer to a validate POST: a definition containing `invalid` is invalid. */
export function validation(body: string): Reply {
  return { status: 200, body: body.includes('invalid') ? { valid: false, error: 'Invalid DSL: bad thing' } : { valid: true, error: null } };
}

/** GET (and, with `put`, PUT) of one item answer the item, DELETE nothing; the special ids fail. */
export function itemReply(method: string, id: string, item: object, { put }: { put: boolean }): Reply | undefined {
  const failure = special(id);
  if (failure) return failure;
  if (method === 'GET' || (put && method === 'PUT')) return { status: 200, body: item };
  if (method === 'DELETE') return { status: 204 };
  return undefined;
}

export interface CollectionVerbs {
  /** PUT on the collection (an update from a definition file) answers the item. */
  putCollection: boolean;
  /** PUT on an item answers the item. */
  putItem: boolean;
}

/** `/<key>`: list (GET) and create (POST); `/<key>/<id>`: get, delete and the PUTs `verbs` allow. */
export function collection(key: string, item: object, verbs: CollectionVerbs): Route {
  return (req, parts, query) => {
    if (parts[0] !== key || parts.length > 2) return undefined;
    const [, id] = parts;
    const m = req.method;
    if (id) return itemReply(m, id, item, { put: verbs.putItem });
    if (m === 'GET') return { status: 200, body: { [key]: listOf(query, item) } };
    if (m === 'POST') return { status: 201, body: item };
    if (m === 'PUT' && verbs.putCollection) return { status: 200, body: item };
    return undefined;
  };
}
