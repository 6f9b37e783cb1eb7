// `node --import ./test/helpers/import-logger.mjs bin/mistral.js ...` logs every specifier the ESM
// loader resolves, one `<specifier>\t<resolved URL>` line each, to the file named by
// MISTRAL_IMPORT_LOG. The bundle keeps dependencies external, so `undici`, `yaml` and `cli-table3`
// show up by name when (and only when) something imports them.
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

// Loaded with --import this runs on the main thread and registers itself; the hooks below then
// run in the loader's own thread, where this branch is skipped.
if (isMainThread) register(import.meta.url, { data: { log: process.env.MISTRAL_IMPORT_LOG } });

let logFile;

export async function initialize(data) {
  logFile = data?.log;
}

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (logFile) appendFileSync(logFile, `${specifier}\t${result.url}\n`);
  return result;
}
