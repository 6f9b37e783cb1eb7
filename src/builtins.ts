// Node builtins loaded when first used, not when the module importing them loads. A static
// `import ... from 'node:crypto'` loads crypto and the twenty internal modules it pulls in (about
// 8 ms of CPU) in every command whose bundle chunk holds the import, used or not; node:http
// (about 8 ms) likewise. Most commands never hash, make a UUID or look up a reason phrase, so
// these run on first call instead. `require` exists in the CommonJS bundle but not in the ES
// modules vitest runs, so the loader is made here: for a builtin the path it is made from is never
// read (README, Speed: bench/RESULTS.md measures the difference).
import { createRequire } from 'node:module';

const requireBuiltin = createRequire('/');

let crypto: typeof import('node:crypto') | undefined;
let http: typeof import('node:http') | undefined;

/** node:crypto, loaded on first call. */
export function nodeCrypto(): typeof import('node:crypto') {
  crypto ??= requireBuiltin('node:crypto') as typeof import('node:crypto');
  return crypto;
}

/** The reason phrase node:http gives an HTTP status (`Not Found` for 404), or '' for one it does not know. */
export function reasonPhrase(status: number): string {
  http ??= requireBuiltin('node:http') as typeof import('node:http');
  return http.STATUS_CODES[status] ?? '';
}
