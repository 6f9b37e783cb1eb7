// `node --import ./test/helpers/import-logger.mjs bin/mistral.js ...` logs every module the run
// loads to the file named by MISTRAL_IMPORT_LOG, one `<specifier>\t<resolved URL>` line each: ES
// modules as the ESM loader resolves them (dist chunks, packages imported by name, node builtins),
// and, when the process exits, every CommonJS module in require's cache as `(require)\t<URL>` (the
// bin itself, dist/answers.json, dist/undici.cjs and the files of CommonJS packages such as
// commander). Node 20's loader hooks do not see require(), hence the second list; and, last, the
// node builtins loaded on the main thread (process.moduleLoadList) as `(builtin)\tnode:<name>`.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';

// Loaded with --import this runs on the main thread and registers itself; the hooks below then
// run in the loader's own thread, where this branch is skipped.
if (isMainThread && process.env.MISTRAL_IMPORT_LOG) {
  const log = process.env.MISTRAL_IMPORT_LOG;
  register(import.meta.url, { data: { log } });
  const { cache } = createRequire(import.meta.url);
  process.on('exit', () => {
    appendFileSync(log, Object.keys(cache).map((file) => `(require)\t${pathToFileURL(file).href}\n`).join(''));
    const builtins = process.moduleLoadList.filter((entry) => entry.startsWith('NativeModule ')).map((entry) => entry.slice('NativeModule '.length));
    appendFileSync(log, builtins.map((name) => `(builtin)\tnode:${name}\n`).join(''));
  });
}

let logFile;

export async function initialize(data) {
  logFile = data?.log;
}

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (logFile) appendFileSync(logFile, `${specifier}\t${result.url}\n`);
  return result;
}
