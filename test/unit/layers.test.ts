// The layer order of README "Layout", held as a table: every module of src/ belongs to one layer, and
// imports (static, re-exports, dynamic import() and `import type` alike) run only to its own layer or
// to a lower one, and no module reaches itself again through its imports (no cycle). A new file or
// directory of src/ must be given a layer here, so the table cannot fall behind the tree.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** Lowest first. A module may import its own layer and any layer before it. */
const LAYERS: Array<{ layer: string; modules: string[] }> = [
  { layer: 'base', modules: ['errors.ts', 'io.ts', 'files.ts', 'values.ts', 'builtins.ts', 'text/'] },
  { layer: 'output', modules: ['output/'] },
  { layer: 'terminal', modules: ['terminal/'] },
  { layer: 'settings', modules: ['settings/'] },
  { layer: 'http', modules: ['http/'] },
  { layer: 'auth', modules: ['auth/'] },
  { layer: 'api', modules: ['api/'] },
  { layer: 'commands', modules: ['commands/'] },
  { layer: 'completion', modules: ['completion/', 'help.ts'] },
  { layer: 'context', modules: ['context.ts'] },
  { layer: 'cli', modules: ['cli.ts'] },
];

type Graph = Map<string, string[]>;

function layerOf(module: string): number {
  return LAYERS.findIndex(({ modules }) => modules.some((m) => (m.endsWith('/') ? module.startsWith(m) : module === m)));
}

const layerName = (module: string) => LAYERS[layerOf(module)]?.layer ?? 'no layer';

// `from './x.js'`, `import './x.js'`, `import('./x.js')`: the project's own modules are the relative ones.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;

/** The modules (relative to src/, as .ts) that `text`, the source of `module`, imports. */
function importsIn(module: string, text: string): string[] {
  return [...text.matchAll(SPECIFIER)].map((m) => join(dirname(module), m[1]).replace(/\.js$/, '.ts'));
}

function upwardImports(graph: Graph): string[] {
  return [...graph].flatMap(([file, imports]) =>
    imports.filter((target) => layerOf(target) > layerOf(file)).map((target) => `${file} (${layerName(file)}) -> ${target} (${layerName(target)})`),
  );
}

/** Each cycle as the path that closes it, found by a depth-first walk from every module. */
function cycles(graph: Graph): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      found.push([...path.slice(path.indexOf(file)), file].join(' -> '));
      return;
    }
    state.set(file, 'open');
    for (const target of graph.get(file) ?? []) visit(target, [...path, file]);
    state.set(file, 'done');
  };
  [...graph.keys()].forEach((file) => visit(file, []));
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(SRC, path)] : [];
  });
}

const FILES = sourceFiles(SRC).sort();
const GRAPH: Graph = new Map(FILES.map((file) => [file, importsIn(file, readFileSync(join(SRC, file), 'utf8'))]));

describe('src/ layers (README "Layout")', () => {
  it('every module has a layer', () => {
    expect(FILES.length).toBeGreaterThan(50);
    expect(FILES.filter((file) => layerOf(file) === -1)).toEqual([]);
  });

  it('every import names a module that exists (so none is missed by the checks below)', () => {
    const edges = [...GRAPH.values()].flat();
    expect(edges.length).toBeGreaterThan(200);
    expect([...GRAPH].flatMap(([file, imports]) => imports.filter((target) => !GRAPH.has(target)).map((target) => `${file} -> ${target}`))).toEqual([]);
  });

  it('imports run only down the layers', () => {
    expect(upwardImports(GRAPH)).toEqual([]);
  });

  it('no module imports itself back through others (no cycle)', () => {
    expect(cycles(GRAPH)).toEqual([]);
  });
});

describe('the checks find what they are for', () => {
  it('every form of import is read, and only the project\'s own modules', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "export { c } from './c.js';",
      "export * from './f.js';",
      "const d = await import('./d.js');",
      "import './e.js';",
      "import x from 'node:fs';",
      "import { y } from 'undici';",
    ].join('\n');
    expect(importsIn('commands/engine.ts', text)).toEqual(['commands/a.ts', 'b.ts', 'commands/c.ts', 'commands/f.ts', 'commands/d.ts', 'commands/e.ts']);
  });

  it('an upward import in a made-up graph is reported with both layers', () => {
    const graph: Graph = new Map([
      ['http/transport.ts', ['text/redact.ts', 'api/session.ts']],
      ['text/redact.ts', []],
      ['api/session.ts', ['http/transport.ts']],
    ]);
    expect(upwardImports(graph)).toEqual(['http/transport.ts (http) -> api/session.ts (api)']);
  });

  it('a cycle in a made-up graph is reported as the path that closes it', () => {
    const graph: Graph = new Map([
      ['commands/a.ts', ['commands/b.ts']],
      ['commands/b.ts', ['commands/c.ts']],
      ['commands/c.ts', ['commands/a.ts', 'errors.ts']],
      ['errors.ts', []],
    ]);
    expect(cycles(graph)).toEqual(['commands/a.ts -> commands/b.ts -> commands/c.ts -> commands/a.ts']);
    expect(cycles(new Map([['errors.ts', []], ['io.ts', ['errors.ts']]]))).toEqual([]);
  });

  it('a module outside the table has no layer', () => {
    expect(layerOf('plugins/x.ts')).toBe(-1);
    expect(layerOf('text/sanitize.ts')).toBeLessThan(layerOf('http/transport.ts'));
  });
});
