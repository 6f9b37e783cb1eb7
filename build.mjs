// Bundles src/ into dist/ with esbuild. Dependencies stay external and are imported lazily by the
// modules that need them, so `mistral --version` and `--help` never load undici, yaml or cli-table3.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
