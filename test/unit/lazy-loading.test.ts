// Start-up pays only for what a command uses (STYLE.md §6), checked on the built program: the bin
// runs in a child process under a hook that logs every module it loads
// (test/helpers/import-logger.mjs). Each loaded dist file is mapped back to the sources bundled in
// it (its source map), so the checks name source modules, not chunk hashes.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startMistral, type FakeMistral } from '../helpers/mistral.js';
import { runSubdir } from '../helpers/run-dir.js';
import { useSilentServer } from '../helpers/silent-server.js';
import { recordOutput } from '../helpers/secrets.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HOOK = fileURLToPath(new URL('../helpers/import-logger.mjs', import.meta.url));

/** The command lines bin/mistral.js answers from dist/answers.json (build/answers.mjs). */
const ANSWERED = ['--version', '-h', '--help', 'help', 'bash-completion'];

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
  /** Files of this repository the run loaded, outside node_modules (e.g. `bin/mistral.js`, `dist/cli.js`). */
  files: string[];
  /** Packages the run loaded a file of from node_modules (none: build.mjs bundles every one). */
  packages: string[];
  /** Packages bundled into the dist files the run loaded (`commander`, `yaml`). */
  bundled: Set<string>;
  /** Source files bundled into the dist files the run loaded (`src/output/table.ts`, `build/undici-subset.mjs`). */
  sources: Set<string>;
  /** Node builtins loaded on the main thread, public and internal (`crypto`, `internal/streams/readable`). */
  builtins: Set<string>;
  /** From start to exit. */
  ms: number;
}

/** The files esbuild bundled into a dist file, from its source map, relative to the repository. */
function bundledFiles(distFile: string): string[] {
  const map = join(ROOT, `${distFile}.map`);
  if (!existsSync(map)) return [];
  const { sources } = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] };
  return sources.map((s) => relative(ROOT, join(ROOT, 'dist', s)));
}
/** The sources of this repository bundled into a dist file. */
const sourcesOf = (distFile: string) => bundledFiles(distFile).filter((s) => !s.includes('node_modules/'));
/** The packages bundled into a dist file. */
const packagesIn = (distFile: string) => bundledFiles(distFile).flatMap((s) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(s)?.[1] ?? []);

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
      const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => line.split('\t')[1]);
      const paths = [...new Set(urls.filter((u) => u.startsWith('file:')).map((u) => relative(ROOT, fileURLToPath(u))))];
      const inModules = paths.filter((p) => p.includes('node_modules/'));
      const files = paths.filter((p) => !p.includes('node_modules/') && p !== relative(ROOT, HOOK)).sort();
      const packages = [...new Set(inModules.map((p) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p)![1]))].sort();
      const sources = new Set(files.filter((f) => f.startsWith('dist/')).flatMap(sourcesOf));
      const bundled = new Set(files.filter((f) => f.startsWith('dist/')).flatMap(packagesIn));
      const builtins = new Set(urls.filter((u) => u.startsWith('node:')).map((u) => u.slice('node:'.length)));
      resolve({ code, stdout, stderr, files, packages, bundled, sources, builtins, ms: performance.now() - started });
    });
  });
}

describe('answered before the program loads', () => {
  it('dist/answers.json holds, for each answered command line, what main() of the sources prints', async () => {
    const recorded = JSON.parse(readFileSync(join(ROOT, 'dist/answers.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(recorded)).toEqual(ANSWERED);
    for (const arg of ANSWERED) {
      const result = await runCli([arg]);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(recorded[arg], arg).toBe(result.stdout);
    }
  });

  for (const arg of ANSWERED) {
    it(`mistral ${arg} loads only the bin and dist/answers.json, and prints what main() prints`, async () => {
      const [run, inProcess] = await Promise.all([runBin([arg]), runCli([arg])]);
      expect(run.files).toEqual(['bin/mistral.js', 'dist/answers.json']);
      expect(run.packages).toEqual([]);
      expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({ code: inProcess.code, stdout: inProcess.stdout, stderr: inProcess.stderr });
    });
  }

  it('anything more on the command line goes to the program', async () => {
    const run = await runBin(['help', 'workflow-list']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: mistral workflow-list');
    expect(run.files).toContain('dist/cli.js');
    expect(run.files).not.toContain('dist/answers.json');
  });
});

/**
 * Modules only some command lines need: the connection (session, Keystone, TLS, the transport,
 * undici), the password prompt and each formatter. `-f` picks one formatter; nothing else of
 * src/output beyond the program's own start-up set may load.
 */
const CONNECTION = ['build/undici-subset.mjs', 'src/api/client.ts', 'src/api/query.ts', 'src/api/session.ts', 'src/auth/catalog.ts', 'src/auth/clouds.ts', 'src/auth/keystone.ts', 'src/auth/tls.ts', 'src/http/transport.ts'];
const FORMATTERS: Record<string, string[]> = {
  table: ['src/output/table.ts', 'src/output/wcwidth-tables.ts', 'src/output/wcwidth.ts'],
  json: ['src/output/json.ts'],
  yaml: ['src/output/yaml-emitter.ts', 'src/output/yaml.ts'],
  value: ['src/output/value.ts'],
  csv: ['src/output/csv.ts'],
};
const ON_DEMAND = [...CONNECTION, 'src/terminal/prompt.ts', ...Object.values(FORMATTERS).flat(), 'src/output/shell.ts'];
/** What a run loaded of ON_DEMAND. */
const onDemand = (run: Run) => ON_DEMAND.filter((s) => run.sources.has(s));

describe('the program loads what a command needs', () => {
  let startup: Run;
  beforeAll(async () => {
    startup = await runBin(['workflow-list', '--help']);
  });

  it('a command\'s --help loads the program and its tables, no package, and nothing that connects or prints rows', () => {
    expect(startup.code).toBe(0);
    expect(startup.stdout).toContain('Usage: mistral workflow-list');
    // Every package is bundled (build.mjs); yaml and dotenv are loaded by the commands that need them.
    expect(startup.packages).toEqual([]);
    expect([...startup.bundled]).toEqual(['commander']);
    expect(startup.sources).toContain('src/commands/workflows.ts');
    expect(onDemand(startup)).toEqual([]);
    expect(startup.files).not.toContain('dist/undici.js');
  });

  for (const [format, modules] of Object.entries(FORMATTERS)) {
    it(`workflow-list -f ${format} loads the connection and the ${format} formatter, and no package`, async () => {
      const run = await runBin(['workflow-list', '-f', format, '--os-mistral-url', mistral.apiUrl]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('wf1');
      // undici comes bundled (build.mjs): its index, which loads all of undici, is never read.
      expect(run.packages).toEqual([]);
      expect([...run.bundled].sort()).toEqual(['commander', 'undici']);
      expect(run.files).toContain('dist/undici.js');
      const expected = [...CONNECTION, 'src/terminal/prompt.ts', ...modules];
      expect(onDemand(run)).toEqual(ON_DEMAND.filter((s) => expected.includes(s)));
    });
  }

  // Each costs about 8 ms of CPU to load, and neither command needs one (src/builtins.ts, build.mjs
  // undiciHttp; an execution's id comes from /dev/urandom, src/commands/execution-ids.ts); the
  // performance global loads perf_hooks.
  it('workflow-list and execution-create load neither node:crypto, node:http nor node:perf_hooks', async () => {
    const list = await runBin(['workflow-list', '-f', 'value', '--os-mistral-url', mistral.apiUrl]);
    expect(list.code).toBe(0);
    expect(list.builtins).toContain('net');
    for (const name of ['crypto', 'http', '_http_client', 'perf_hooks']) expect(list.builtins, name).not.toContain(name);
    const create = await runBin(['execution-create', 'wf1', '--os-mistral-url', mistral.apiUrl]);
    expect(create.stderr).toBe('');
    expect(create.code).toBe(0);
    expect(create.stdout).toContain('wf1');
    for (const name of ['crypto', 'http', '_http_client', 'perf_hooks']) expect(create.builtins, name).not.toContain(name);
  });

  it('with the code cache of an earlier run (bin/code-cache.js), a command loads the same modules and prints the same', async () => {
    const xdg = mkdtempSync(join(tmpdir(), 'mistral-lazy-'));
    try {
      const argv = ['workflow-list', '-f', 'table', '--os-mistral-url', mistral.apiUrl];
      const [plain, cold, warm] = [await runBin(argv), await runBin(argv, { XDG_CACHE_HOME: xdg }), await runBin(argv, { XDG_CACHE_HOME: xdg })];
      expect(readdirSync(join(xdg, 'mistral', 'code'))).toHaveLength(1);
      for (const run of [cold, warm]) {
        expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({ code: plain.code, stdout: plain.stdout, stderr: plain.stderr });
        expect(run.files).toEqual(plain.files);
        expect(run.packages).toEqual(plain.packages);
      }
    } finally {
      rmSync(xdg, { recursive: true, force: true });
    }
  });

  it('execution-update --env with YAML text also loads the yaml package, bundled', async () => {
    const run = await runBin(['execution-update', 'e1', '--env', 'k1: yamlval', '-f', 'value', '-c', 'ID', '--os-mistral-url', mistral.apiUrl]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('e1e1e1e1-0000-0000-0000-000000000001\n');
    expect(run.packages).toEqual([]);
    expect(run.bundled).toContain('yaml');
  });

  it('a usage error stops before anything that connects or prints rows', async () => {
    const run = await runBin(['workflow-list', '--os-mistral-url', mistral.apiUrl, '--filter', 'bad']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('ERROR (app) Invalid filter: bad\n');
    expect(onDemand(run)).toEqual([]);
    expect(run.packages).toEqual([]);
  });
});

describe('shell completion (__complete)', () => {
  const silent = useSilentServer();

  it('loads no package, no formatter and nothing that connects', async () => {
    const run = await runBin(['__complete', '--', 'workflow-list', '-f', '']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('csv\njson\ntable\nvalue\nyaml\n:4\n');
    expect(run.packages).toEqual([]);
    expect(onDemand(run)).toEqual([]);
  });

  it('--os-cloud <TAB> reads the clouds.yaml found (the yaml package, bundled), and nothing that connects', async () => {
    const cloudsFile = join(runSubdir('lazy-clouds'), 'clouds.yaml');
    writeFileSync(cloudsFile, 'clouds:\n  home: {}\n  edge-b: {}\n');
    const run = await runBin(['__complete', '--', '--os-cloud', ''], { OS_CLIENT_CONFIG_FILE: cloudsFile });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('home\nedge-b\n:4\n');
    expect(run.packages).toEqual([]);
    expect(run.bundled).toContain('yaml');
    expect(onDemand(run)).toEqual([]);
  });

  it('with MISTRAL_COMPLETE_REMOTE=1 a server lookup loads what a command does', async () => {
    const run = await runBin(['__complete', '--', 'execution-create', 'w'], { MISTRAL_COMPLETE_REMOTE: '1', OS_MISTRAL_URL: mistral.apiUrl });
    expect(run.stdout).toBe('wf1\ta, b=2, a_very_long_param...\n:4\n');
    expect(run.packages).toEqual([]);
    const expected = [...CONNECTION, 'src/terminal/prompt.ts', ...FORMATTERS.json];
    expect(onDemand(run)).toEqual(ON_DEMAND.filter((s) => expected.includes(s)));
  });

  it('a server that never answers: the process prints no candidates and ends after about one second', async () => {
    const run = await runBin(['__complete', '--', 'execution-get', ''], { MISTRAL_COMPLETE_REMOTE: '1', OS_MISTRAL_URL: `${silent.url}/v2` });
    expect(run).toMatchObject({ code: 0, stdout: ':4\n', stderr: '' });
    expect(run.ms).toBeGreaterThanOrEqual(1000);
    // Far below Mistral's default 60 s bound, with room for a loaded machine's start-up.
    expect(run.ms).toBeLessThan(6000);
  });
});
