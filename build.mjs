// Bundles src/ into dist/ with esbuild, then records the answers bin/mistral.js gives without
// loading the program (build/answers.mjs). Start-up pays only for what a command uses (STYLE.md §6):
// - every package is bundled: no package resolution, and bin/code-cache.js compiles all of it from
//   V8's code cache. commander and the part of undici the client uses (build/undici-subset.mjs);
//   undici goes to a file of its own (dist/undici.js), loaded with the connection; yaml and dotenv,
//   which only some commands need, go to chunks of their own, loaded by the code that imports them
//   (loaded from node_modules, uncached, yaml alone took 85 ms of CPU: every clouds.yaml user's
//   command paid it);
// - node builtins the bundled packages require but the client never uses are left out (unusedBuiltin);
// - the output is CommonJS (dist/package.json), loaded by require(): node's ES module loader (its
//   resolver, translators and module jobs, a dozen internal modules of its own) costs 30 to 50 ms of
//   CPU per command. esbuild splits only ES modules into chunks, so the program is bundled as ES
//   modules first (a temporary directory) and each file is then turned into CommonJS as it is, its
//   `import()` into `require()` and its source map carried through. bin/code-cache.js then
//   compiles these files from V8's code cache of an earlier run.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { recordAnswers } from './build/answers.mjs';
import { snapshotBlobName } from './build/snapshot-name.mjs';

// Tests that run the bin build a private copy elsewhere (test/helpers/built-bin.ts), so that no
// other test's build rewrites the files under them.
const OUT = process.env.MISTRAL_BUILD_OUT ?? 'dist';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

/**
 * `require(builtin)` from a package whose path matches `importer` gets `module.exports = {}` (or,
 * with `missing`, a module that throws, as when node lacks it) instead of the builtin and the
 * dozen internal modules it loads.
 */
function unusedBuiltin(builtin, importer, { missing = false } = {}) {
  return {
    name: `unused-${builtin}`,
    setup(b) {
      b.onResolve({ filter: new RegExp(`^${builtin}$`) }, (args) => (importer.test(args.importer) ? { path: builtin, namespace: 'unused-builtin' } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'unused-builtin' }, () => ({ contents: missing ? `throw new Error('${builtin} left out of the bundle')` : 'module.exports = {};', loader: 'js' }));
    },
  };
}

/**
 * undici takes two things from node:http, which loads a dozen internal modules (about 8 ms of CPU)
 * for them: `http.maxHeaderSize`, the default limit of a Client that is given none (read when
 * lib/dispatcher/client.js loads; every Agent of src/auth/tls.ts gives its own), and
 * `IncomingMessage`, to tell a node:http response among the streams it destroys (lib/core/util.js
 * destroy; the client hands undici strings, never a node:http stream). It gets node's default
 * limit and a class of its own in place of IncomingMessage, which no stream of this client is.
 */
const undiciHttp = {
  name: 'undici-http',
  setup(b) {
    b.onResolve({ filter: /^node:http$/ }, (args) => (/node_modules\/undici\//.test(args.importer) ? { path: 'node:http', namespace: 'undici-http' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'undici-http' }, () => ({
      contents: 'module.exports = { IncomingMessage: class NotAnyStreamOfThisClient {}, maxHeaderSize: 16384 };',
      loader: 'js',
    }));
  },
};

/**
 * yaml and dotenv are CommonJS. Imported by import(), each is split into a chunk of its own, and
 * esbuild's ES module output gives such a chunk only a default export: the names the sources take
 * from them are re-exported by name instead (a name the sources use that is missing here fails the
 * tests that run the bin, test/unit/lazy-loading.test.ts).
 */
const LAZY_PACKAGES = { yaml: ['LineCounter', 'parse', 'parseDocument', 'stringify'], dotenv: ['parse'] };
const lazyPackages = {
  name: 'lazy-packages',
  setup(b) {
    b.onResolve({ filter: /^(yaml|dotenv)$/ }, (args) => (args.namespace === 'lazy-package' ? undefined : { path: args.path, namespace: 'lazy-package' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (args) => ({
      contents: `export { ${LAZY_PACKAGES[args.path].join(', ')} } from '${args.path}';`,
      loader: 'js',
      resolveDir: import.meta.dirname,
    }));
  },
};

mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'package.json'), '{\n  "type": "commonjs"\n}\n');

await build({
  ...common,
  format: 'cjs',
  entryPoints: ['build/undici-subset.mjs'],
  outfile: join(OUT, 'undici.js'),
  // HTTP/2 is never asked for (allowH2 is off); undici runs without node:http2 when node lacks it
  // (lib/dispatcher/client-h2.js catches the failed require).
  plugins: [unusedBuiltin('node:http2', /node_modules\/undici\//, { missing: true }), undiciHttp],
});

const esm = mkdtempSync(join(tmpdir(), 'mistral-build-'));
await build({
  ...common,
  format: 'esm',
  entryPoints: ['src/cli.ts'],
  outdir: esm,
  splitting: true,
  plugins: [
    // commander spawns executable subcommands with child_process; the program declares none.
    unusedBuiltin('node:child_process', /node_modules\/commander\//),
    lazyPackages,
    {
      name: 'undici-subset',
      setup(b) {
        // Every chunk lives in dist/, next to undici.js.
        b.onResolve({ filter: /^undici$/ }, () => ({ path: './undici.js', external: true }));
      },
    },
  ],
});
await build({
  ...common,
  bundle: false,
  format: 'cjs',
  entryPoints: readdirSync(esm).filter((f) => f.endsWith('.js')).map((f) => join(esm, f)),
  outdir: OUT,
  // import() of a chunk becomes require(): one loader for everything. The
  // bundled packages' require() of node builtins, left free by the first pass, is the module's own.
  supported: { 'dynamic-import': false },
});
// The chunks of earlier builds (their names hash their content), removed after the new ones are
// written so that a program running meanwhile finds its files.
const built = new Set(['undici.js', ...readdirSync(esm).filter((f) => f.endsWith('.js'))]);
rmSync(esm, { recursive: true, force: true });
for (const file of readdirSync(OUT)) if (/\.js(\.map)?$/.test(file) && !built.has(file.replace(/\.map$/, ''))) rmSync(join(OUT, file));

writeFileSync(join(OUT, 'answers.json'), await recordAnswers(pathToFileURL(resolve(OUT, 'cli.js'))));

// The start-up snapshot (bin/snapshot.js) for the node running this build, named as bin/mistral.js
// looks for it (build/snapshot-name.mjs). Written under a temporary name and renamed; the blobs of
// other nodes are removed, as their chunks are.
const snapshotDir = join(OUT, 'snapshot');
mkdirSync(snapshotDir, { recursive: true });
const blob = snapshotBlobName(process.execPath);
const temporary = join(snapshotDir, `.${blob}.${process.pid}.tmp`);
try {
  // Its stderr only when it fails: Node warns about every builtin a builder script loads that it
  // has not verified (node:module, node:vm, node:async_hooks), which bin/snapshot.js accounts for.
  const builder = spawnSync(process.execPath, ['--snapshot-blob', temporary, '--build-snapshot', join(import.meta.dirname, 'bin', 'snapshot.js'), OUT, join(OUT, '..', 'bin')], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (builder.status !== 0) throw new Error(`the start-up snapshot was not built (exit ${builder.status ?? builder.signal}):\n${builder.stderr}`);
  renameSync(temporary, join(snapshotDir, blob));
} finally {
  rmSync(temporary, { force: true });
}
for (const file of readdirSync(snapshotDir)) if (file !== blob) rmSync(join(snapshotDir, file), { force: true });
