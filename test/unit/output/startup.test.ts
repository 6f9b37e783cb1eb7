import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIST_FORMATS, SHOW_FORMATS } from '../../../src/output/format.js';

const OUTPUT_DIR = join(import.meta.dirname, '../../../src/output');

describe('output module loading', () => {
  it('never imports the yaml or cli-table3 packages statically', () => {
    for (const file of readdirSync(OUTPUT_DIR).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(join(OUTPUT_DIR, file), 'utf8');
      expect(source, file).not.toMatch(/^\s*import\s[^;]*from\s+['"](yaml|cli-table3)['"]/m);
      expect(source, file).not.toMatch(/^\s*import\s+['"](yaml|cli-table3)['"]/m);
    }
  });

  it('loads each formatter module only when it prints', () => {
    const source = readFileSync(join(OUTPUT_DIR, 'format.ts'), 'utf8');
    for (const module of ['table', 'json', 'yaml', 'csv', 'value', 'shell']) {
      expect(source).not.toMatch(new RegExp(`^import[^;]*from '\\./${module}\\.js'`, 'm'));
      expect(source).toContain(`await import('./${module}.js')`);
    }
  });

  it('offers the -f choices alphabetically', () => {
    expect(LIST_FORMATS).toEqual(['csv', 'json', 'table', 'value', 'yaml']);
    expect(SHOW_FORMATS).toEqual(['json', 'shell', 'table', 'value', 'yaml']);
  });
});
