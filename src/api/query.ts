// Query strings as python-mistralclient builds them: pairs in a fixed order, skipped when empty,
// values encoded like Python's urllib.parse.urlencode (quote_plus: space → '+', ',' → '%2C').

export type QueryPairs = Array<[string, string | number | undefined | null]>;

export function quotePlus(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** Pairs whose value is undefined or null are left out; empty strings are kept (`namespace=`). */
export function buildQuery(pairs: QueryPairs): string {
  const parts = pairs
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => `${quotePlus(key)}=${quotePlus(String(value))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
