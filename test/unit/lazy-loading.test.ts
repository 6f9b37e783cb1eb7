// Issue §1: `mistral --version` and `mistral --help` load neither undici nor the YAML or table
// library. The built bin runs in a child process under an ESM hook that logs every resolved
// specifier (test/helpers/import-logger.mjs); dependencies are external in the bundle, so they
// are resolved by name.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMistral, type FakeMistral } from '../helpers/mistral.js';
import { runSubdir } from '../helpers/run-dir.js';
import { useSilentServer } from '../helpers/silent-server.js';
import { recordOutput } from '../helpers/secrets.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HOOK = fileURLToPath(new URL('../helpers/import-logger.mjs', import.meta.url));
const HEAVY = ['undici', 'yaml', 'cli-table3'];

let mistral: FakeMistral;
let runs = 0;

beforeAll(async () => {
  execFileSync(process.execPath, ['build.mjs'], { cwd: ROOT, stdio: 'pipe' });
  mistral = await startMistral();
}, 60_000);
afterAll(async () => {
  await mistral?.close();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Package names (first path segment of bare specifiers) the run resolved. */
  packages: Set<string>;
  /** The bundle's own chunks the run loaded, e.g. `table-XXXX.js` (esbuild names a lazily imported module's chunk after it). */
  chunks: Set<string>;
  /** From start to exit. */
  ms: number;
}

function runBin(argv: string[], env: Record<string, string> = {}): Promise<Run> {
  const log = join(runSubdir('imports'), `${process.pid}-${runs++}.log`);
  rmSync(log, { force: true });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', HOOK, join(ROOT, 'bin/mistral.js'), ...argv], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, MISTRAL_IMPORT_LOG: log, ...env },
    });
    const started = performance.now();
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      recordOutput('stdout', stdout, argv);
      recordOutput('stderr', stderr, argv);
      const specifiers = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t')[0]);
      const packages = new Set(specifiers.filter((s) => !/^(\.|\/|file:|node:)/.test(s)).map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0])));
      const chunks = new Set(specifiers.filter((s) => s.startsWith('./')).map((s) => s.slice(2)));
      resolve({ code, stdout, stderr, packages, chunks, ms: performance.now() - started });
    });
  });
}

describe('start-up', () => {
  for (const argv of [['--version'], ['--help'], ['help'], ['workflow-list', '--help']]) {
    it(`mistral ${argv.join(' ')} loads none of undici, yaml and cli-table3`, async () => {
      const run = await runBin(argv);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).not.toBe('');
      // The hook sees bare specifiers: commander is always there.
      expect(run.packages.has('commander')).toBe(true);
      for (const name of HEAVY) expect(run.packages.has(name), name).toBe(false);
    });
  }
});

describe('commands load what they need', () => {
  it('workflow-list -f yaml against a server loads undici', async () => {
    const run = await runBin(['workflow-list', '-f', 'yaml', '--os-mistral-url', mistral.apiUrl]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  Name: wf1\n');
    expect(run.packages.has('undici')).toBe(true);
  });

  it('execution-update --env with YAML text loads yaml', async () => {
    const run = await runBin(['execution-update', 'e1', '--env', 'k1: yamlval', '-f', 'value', '-c', 'ID', '--os-mistral-url', mistral.apiUrl]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('e1e1e1e1-0000-0000-0000-000000000001\n');
    expect(run.packages.has('yaml')).toBe(true);
    expect(run.packages.has('undici')).toBe(true);
  });

  it('a usage error stops before loading undici', async () => {
    const run = await runBin(['workflow-list', '--os-mistral-url', mistral.apiUrl, '--filter', 'bad']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('ERROR (app) Invalid filter: bad\n');
    expect(run.packages.has('undici')).toBe(false);
  });
});

describe('shell completion (__complete)', () => {
  // The formatters, the session (Keystone, TLS) and the request layer, each a lazily imported chunk.
  const LAZY_CHUNK = /^(table|json|yaml|csv|value|shell|format|session|manager|prompt)-\w+\.js$/;
  const lazyChunks = (run: Run) => [...run.chunks].filter((c) => LAZY_CHUNK.test(c));
  const silent = useSilentServer();

  it('loads none of undici, yaml and cli-table3, no formatter and no session', async () => {
    const run = await runBin(['__complete', '--', 'workflow-list', '-f', '']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('csv\njson\ntable\nvalue\nyaml\n:4\n');
    for (const name of HEAVY) expect(run.packages.has(name), name).toBe(false);
    expect(lazyChunks(run)).toEqual([]);
  });

  it('with MISTRAL_COMPLETE_REMOTE=1 a server lookup loads what a command does', async () => {
    const run = await runBin(['__complete', '--', 'execution-create', 'w'], { MISTRAL_COMPLETE_REMOTE: '1', OS_MISTRAL_URL: mistral.apiUrl });
    expect(run.stdout).toBe('wf1\ta, b=2, a_very_long_param...\n:4\n');
    expect(run.packages.has('undici')).toBe(true);
    expect(lazyChunks(run).map((c) => c.split('-')[0]).sort()).toEqual(['format', 'json', 'manager', 'prompt', 'session']);
  });

  it('a server that never answers: the process prints no candidates and ends after about one second', async () => {
    const run = await runBin(['__complete', '--', 'execution-get', ''], { MISTRAL_COMPLETE_REMOTE: '1', OS_MISTRAL_URL: `${silent.url}/v2` });
    expect(run).toMatchObject({ code: 0, stdout: ':4\n', stderr: '' });
    expect(run.ms).toBeGreaterThanOrEqual(1000);
    expect(run.ms).toBeLessThan(2000);
  });
});
