// What the program loads before any command runs is the closure of src/cli.ts over static imports
// (an `import ... from` of a value, a side-effect import, an `export ... from`). The packages only
// some commands need, the connection and every formatter must stay out of it: they are imported
// with `await import()` by the code that needs them. The sources are checked here, so a failure
// names the file; test/unit/lazy-loading.test.ts checks the built program at run time.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIST_FORMATS, SHOW_FORMATS } from '../../../src/output/format.js';

const ROOT = join(import.meta.dirname, '../../..');

// `import type` and `export type` load nothing; `import { a }`, `import 'x'` and `export { a } from` do.
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^;'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

/** The specifiers a source file imports statically. */
function staticImports(file: string): string[] {
  return [...readFileSync(join(ROOT, file), 'utf8').matchAll(STATIC_IMPORT)].map((m) => m[1]);
}

/** The closure of `entry` over static imports: the source files it loads, and the packages they import by name (with the first file importing each). */
function staticClosure(entry: string): { files: Set<string>; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of staticImports(file)) {
      if (specifier.startsWith('node:')) continue;
      if (!specifier.startsWith('.')) {
        const name = specifier.split('/')[0];
        if (!packages.has(name)) packages.set(name, file);
        continue;
      }
      const target = relative(ROOT, join(ROOT, dirname(file), specifier)).replace(/\.js$/, '.ts');
      expect(existsSync(join(ROOT, target)), `${file} imports ${specifier}`).toBe(true);
      visit(target);
    }
  };
  visit(entry);
  return { files, packages };
}

const program = staticClosure('src/cli.ts');

describe('what the program loads at start-up', () => {
  it('follows the imports it checks: the command tables and the dispatcher are part of it', () => {
    expect(program.files).toContain('src/commands/workflows.ts');
    expect(program.files).toContain('src/output/format.ts');
  });

  it('imports no package but commander statically (yaml, dotenv and undici load with the commands that use them)', () => {
    expect(Object.fromEntries(program.packages)).toEqual({ commander: 'src/cli.ts' });
  });

  it('holds no formatter: each loads when a command prints with it', () => {
    const formatters = ['table', 'json', 'yaml', 'yaml-emitter', 'csv', 'value', 'shell', 'wcwidth', 'wcwidth-tables'].map((m) => `src/output/${m}.ts`);
    expect(formatters.filter((f) => program.files.has(f))).toEqual([]);
  });

  it('holds nothing of the connection: it loads when a command first talks to a server', () => {
    const connection = [...program.files].filter((f) => /^src\/(auth|http)\//.test(f) || ['src/api/session.ts', 'src/api/client.ts'].includes(f));
    expect(connection).toEqual([]);
  });

  it('offers the -f choices alphabetically', () => {
    expect(LIST_FORMATS).toEqual(['csv', 'json', 'table', 'value', 'yaml']);
    expect(SHOW_FORMATS).toEqual(['json', 'shell', 'table', 'value', 'yaml']);
  });
});
