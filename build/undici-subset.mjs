// The part of undici this client uses: `Agent` (src/auth/tls.ts) and `request` (src/http/transport.ts).
// undici's index.js loads and initialises all of undici to export it (every dispatcher, the mocks,
// the caches with node:sqlite, fetch with its WebIDL converters, WebSocket, EventSource): a node
// process requiring it takes 148 ms of CPU, one requiring the three modules below 65 (`node -e 0`:
// 28). They are what its `request` and `Agent` are built from. build.mjs bundles this file in
// place of `undici` and vitest.config.ts aliases `undici` to it, so the tests run the same code as
// the bin; a name the sources take from `undici` that is not exported here fails those tests.
// undici is pinned (package.json): the paths below are its internal layout at that version.
import Agent from 'undici/lib/dispatcher/agent.js';
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import dispatcherRequest from 'undici/lib/api/api-request.js';

// What index.js does for every API method (`Object.assign(Dispatcher.prototype, api)`), for the one used.
Dispatcher.prototype.request = dispatcherRequest;

/**
 * undici's top-level `request(url, options)` for absolute URLs (index.js's makeDispatcher): split
 * the URL into the origin and the path with its query, and ask the given dispatcher.
 */
export function request(url, options) {
  const { origin, pathname, search } = new URL(url);
  const { dispatcher, ...rest } = options;
  return dispatcher.request({ ...rest, origin, path: `${pathname}${search}`, method: rest.method || (rest.body ? 'PUT' : 'GET') });
}

export { Agent };
