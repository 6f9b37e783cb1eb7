// Bundles src/ into dist/ with esbuild, then records the answers bin/mistral.js gives without
// loading the program (STYLE.md §6). Dependencies stay external and are imported lazily by the
// modules that need them, so `mistral --version` and `--help` never load undici or yaml; undici is
// the exception: its index loads all of undici, so `undici` is bundled as the few modules the client
// uses (build/undici-subset.mjs) into one file, dist/undici.cjs.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { recordAnswers } from './build/answers.mjs';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

// CommonJS, as undici is: its require() of node builtins stays a plain require, and node's ESM
// loader finds the named exports (esbuild marks them for its CommonJS lexer).
await build({ ...common, entryPoints: ['build/undici-subset.mjs'], outfile: 'dist/undici.cjs', format: 'cjs' });

await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  splitting: true,
  format: 'esm',
  packages: 'external',
  plugins: [
    {
      name: 'undici-subset',
      setup(b) {
        // Every chunk lives in dist/, next to undici.cjs.
        b.onResolve({ filter: /^undici$/ }, () => ({ path: './undici.cjs', external: true }));
      },
    },
  ],
});

writeFileSync('dist/answers.json', await recordAnswers(new URL('./dist/cli.js', import.meta.url)));
