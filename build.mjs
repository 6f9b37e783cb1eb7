// Bundles src/ into dist/ with esbuild, then records the answers bin/mistral.js gives without
// loading the program (build/answers.mjs). Start-up pays only for what a command uses (STYLE.md §6):
// - the packages every command needs, commander and the part of undici the client uses
//   (build/undici-subset.mjs), are bundled: no package resolution, no CommonJS wrappers, no export
//   scanning at start-up; undici goes to a file of its own (dist/undici.js), loaded with the connection;
// - packages only some commands need (yaml, dotenv) stay external, imported by the code that needs them;
// - node builtins the bundled packages require but the client never uses are left out (unusedBuiltin).
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { recordAnswers } from './build/answers.mjs';

// Tests that run the bin build a private copy elsewhere (test/helpers/built-bin.ts), so that no
// other test's build rewrites the files under them.
const OUT = process.env.MISTRAL_BUILD_OUT ?? 'dist';

// The bundled packages are CommonJS: their require() of node builtins needs a real require.
const requireBanner = { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" };
const common = { bundle: true, platform: 'node', target: 'node20', format: 'esm', banner: requireBanner, sourcemap: true, logLevel: 'warning' };

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

await build({
  ...common,
  entryPoints: ['build/undici-subset.mjs'],
  outfile: join(OUT, 'undici.js'),
  // HTTP/2 is never asked for (allowH2 is off); undici runs without node:http2 when node lacks it
  // (lib/dispatcher/client-h2.js catches the failed require).
  plugins: [unusedBuiltin('node:http2', /node_modules\/undici\//, { missing: true })],
});

await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  outdir: OUT,
  splitting: true,
  external: ['yaml', 'dotenv'],
  plugins: [
    // commander spawns executable subcommands with child_process; the program declares none.
    unusedBuiltin('node:child_process', /node_modules\/commander\//),
    {
      name: 'undici-subset',
      setup(b) {
        // Every chunk lives in dist/, next to undici.js.
        b.onResolve({ filter: /^undici$/ }, () => ({ path: './undici.js', external: true }));
      },
    },
  ],
});

writeFileSync(join(OUT, 'answers.json'), await recordAnswers(pathToFileURL(resolve(OUT, 'cli.js'))));
