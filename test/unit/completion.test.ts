// `mistral __complete` (cobra's protocol: candidates, then `:<directive>`) for many prefixes, the
// `completion` command, and the opt-in server lookups against the fake clouds, including a server
// that never answers. The real shells are driven in test/e2e/completion.test.ts.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/index.js';
import type { CommandSpec } from '../../src/commands/spec.js';
import { answer } from '../../src/completion/complete.js';
import { GLOBAL_OPTIONS } from '../../src/settings/options.js';
import { NOW, emptyHome, lines, runCli, type RunOptions } from '../helpers/cli.js';
import { useWorld, type Env } from '../helpers/clouds.js';
import { E1 } from '../helpers/mistral.js';
import { useSilentServer } from '../helpers/silent-server.js';

interface Completion {
  /** The candidate words, without descriptions. */
  words: string[];
  /** Each candidate line as printed (word, tab, description). */
  lines: string[];
  directive: number;
  code: number;
  stderr: string;
}

async function complete(words: string[], env: Env = {}, options: RunOptions = {}): Promise<Completion> {
  const result = await runCli(['__complete', ...words], env, options);
  const printed = lines(result.stdout);
  const last = printed.pop() ?? '';
  expect(last).toMatch(/^:\d+$/);
  return { words: printed.map((l) => l.split('\t')[0]), lines: printed, directive: Number(last.slice(1)), code: result.code, stderr: result.stderr };
}

const NO_FILES = 4;
const FILES = 0;

const LIST_FORMATS = ['csv', 'json', 'table', 'value', 'yaml'];
const SHOW_FORMATS = ['json', 'shell', 'table', 'value', 'yaml'];

describe('__complete: command names', () => {
  it('offers every command of the table and help, with its summary, and no file names', async () => {
    const result = await complete(['']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.directive).toBe(NO_FILES);
    expect(result.words).toEqual([...COMMANDS.map((c) => c.name), 'help']);
    expect(result.lines).toContain('workflow-list\tList all workflows.');
    expect(result.lines).toContain('completion\tPrint the shell completion script for bash, zsh or fish (see the README: Shell completion).');
  });

  it('offers the commands a prefix matches', async () => {
    const result = await complete(['workflow-']);
    expect(result.words).toEqual(['workflow-apply', 'workflow-create', 'workflow-delete', 'workflow-get', 'workflow-get-definition', 'workflow-list', 'workflow-update', 'workflow-validate']);
    expect(result.directive).toBe(NO_FILES);
  });

  it('after global options given before the command', async () => {
    const result = await complete(['--os-cloud', 'home', '--debug', 'execution-get-']);
    expect(result.words).toEqual(['execution-get-input', 'execution-get-output', 'execution-get-published', 'execution-get-report', 'execution-get-sub-executions']);
  });

  it('help completes command names, once', async () => {
    expect((await complete(['help', 'cron'])).words).toEqual(['cron-trigger-create', 'cron-trigger-delete', 'cron-trigger-get', 'cron-trigger-list']);
    expect(await complete(['help', 'cron-trigger-list', ''])).toMatchObject({ words: [], directive: NO_FILES });
  });

  it('offers nothing for an unknown command or a prefix nothing matches', async () => {
    expect(await complete(['nosuch', ''])).toMatchObject({ words: [], directive: NO_FILES });
    expect(await complete(['zz'])).toMatchObject({ words: [], directive: NO_FILES });
  });

  it('the scripts\' leading -- is not a word typed', async () => {
    expect((await complete(['--', 'workflow-l'])).words).toEqual(['workflow-list']);
  });
});

describe('__complete: options', () => {
  it('before a command: the program and global options, first spellings only', async () => {
    expect((await complete(['--os-target-c'])).words).toEqual(['--os-target-cloud', '--os-target-cacert', '--os-target-cert']);
    // --os-tenant-name is an accepted alias of --os-project-name: accepted, not offered.
    expect((await complete(['--os-ten'])).words).toEqual([]);
    expect((await complete(['-'])).words).toEqual(['--version', '-v', '--verbose', '-q', '--quiet', '-h', '--help', ...GLOBAL_OPTIONS.map((o) => o.flags[0])]);
  });

  it("a list command: its own, pagination and list formatter options, then the global ones", async () => {
    const result = await complete(['workflow-list', '--so']);
    expect(result.words).toEqual(['--sort_keys', '--sort_dirs', '--sort-column', '--sort-ascending', '--sort-descending']);
    expect(result.lines[0]).toBe('--sort_keys\tComma-separated list of sort keys to sort results by.');
    expect(result.directive).toBe(NO_FILES);
    const all = (await complete(['workflow-list', '--'])).words;
    expect(all.slice(0, 15)).toEqual(['--marker', '--limit', '--sort_keys', '--sort_dirs', '--filter', '--format', '--column', '--quote', '--noindent', '--max-width', '--fit-width', '--print-empty', '--sort-column', '--sort-ascending', '--sort-descending']);
    expect(all).toContain('--os-auth-url');
    expect(all).not.toContain('--prefix');
  });

  it('a show command: show formatter options, not --quote, not the hidden --variable', async () => {
    const result = await complete(['execution-get', '--']);
    expect(result.words.slice(0, 7)).toEqual(['--format', '--column', '--noindent', '--prefix', '--max-width', '--fit-width', '--print-empty']);
    expect(result.words).not.toContain('--quote');
    expect(result.words).not.toContain('--variable');
  });

  it('short spellings match a single dash', async () => {
    expect((await complete(['execution-update', 'x', '-'])).words.slice(0, 10)).toEqual(['-s', '--state', '-e', '--env', '-d', '--description', '-f', '--format', '-c', '--column']);
  });

  it('an option already given is not offered again, unless it may be repeated', async () => {
    const words = (await complete(['workflow-list', '-f', 'json', '-c', 'Name', '--f'])).words;
    expect(words).toEqual(['--filter', '--fit-width']);
    expect((await complete(['workflow-list', '-c', 'Name', '--col'])).words).toEqual(['--column']);
    expect((await complete(['workflow-list', '--os-env-file', 'a.env', '--os-env'])).words).toEqual(['--os-env-file']);
    // --env-file, the alias Node 20 may take for its own, is read but never offered.
    expect((await complete(['workflow-list', '--env-file', 'a.env', '--os-env'])).words).toEqual(['--os-env-file']);
  });

  it('after --, a word starting with a dash is an argument', async () => {
    expect(await complete(['workflow-create', '--', '-'])).toMatchObject({ words: [], directive: FILES });
  });
});

describe('__complete: option values', () => {
  it('-f offers the list formats for a list command and the show formats for a show command', async () => {
    expect(await complete(['workflow-list', '-f', ''])).toMatchObject({ words: LIST_FORMATS, directive: NO_FILES });
    expect(await complete(['execution-get', '-f', ''])).toMatchObject({ words: SHOW_FORMATS, directive: NO_FILES });
    expect((await complete(['execution-get', 'e1', '--format', 's'])).words).toEqual(['shell']);
    expect((await complete(['--os-cloud', 'x', 'workflow-list', '--os-region-name', 'r', '-f', 'j'])).words).toEqual(['json']);
  });

  it('--option=value keeps the option in front of each candidate', async () => {
    expect((await complete(['execution-get', '--format=y'])).words).toEqual(['--format=yaml']);
    expect((await complete(['execution-list', '--sort_dirs='])).words).toEqual(['--sort_dirs=asc', '--sort_dirs=desc']);
    expect(await complete(['--env-file=my'])).toMatchObject({ words: [], directive: FILES });
    expect(await complete(['workflow-list', '--nosuch='])).toMatchObject({ words: [], directive: NO_FILES });
  });

  it('states, statuses and the other options with choices', async () => {
    expect((await complete(['execution-update', 'x', '-s', ''])).words).toEqual(['RUNNING', 'PAUSED', 'SUCCESS', 'ERROR', 'CANCELLED']);
    expect((await complete(['action-execution-update', 'x', '--state', 'P'])).words).toEqual(['PAUSED']);
    expect((await complete(['member-update', 'r', 'workflow', '-s', ''])).words).toEqual(['pending', 'accepted', 'rejected']);
    expect((await complete(['workflow-list', '--quote', ''])).words).toEqual(['all', 'minimal', 'none', 'nonnumeric']);
    expect((await complete(['execution-list', '--sort_dirs', ''])).words).toEqual(['asc', 'desc']);
    expect((await complete(['--os-interface', ''])).words).toEqual(['public', 'internal', 'admin']);
    expect((await complete(['workflow-list', '--os-mistral-endpoint-type', 'i'])).words).toEqual(['internal']);
    expect((await complete(['completion', ''])).words).toEqual(['bash', 'zsh', 'fish']);
  });

  it('a value taken by an option does not count as an argument', async () => {
    // --namespace [NAMESPACE] takes 'ns', so the next word is the workflow (a server lookup, off), then the input (a file).
    expect(await complete(['execution-create', '--namespace', 'ns', ''])).toMatchObject({ words: [], directive: NO_FILES });
    expect(await complete(['execution-create', '--namespace', 'ns', 'wf', ''])).toMatchObject({ words: [], directive: FILES });
    // An optional value is not taken when an option follows.
    expect((await complete(['execution-list', '--marker', '--fi'])).words).toEqual(['--filter', '--fit-width']);
  });

  it('options with free values offer nothing, not even files', async () => {
    expect(await complete(['--os-auth-url', ''])).toMatchObject({ words: [], directive: NO_FILES });
    expect(await complete(['workflow-list', '-c', ''])).toMatchObject({ words: [], directive: NO_FILES });
  });
});

describe('__complete: cloud names of the clouds.yaml found', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mistral-complete-clouds-'));
  const cloudsFile = join(dir, 'clouds.yaml');
  writeFileSync(cloudsFile, 'clouds:\n  home: {auth: {auth_url: "http://k/v3"}}\n  edge-b: {auth: {auth_url: "http://b/v3"}}\n  edge-c: {}\n  "-x": {}\n');
  const env = { OS_CLIENT_CONFIG_FILE: cloudsFile };

  it('--os-cloud and --os-target-cloud offer them, before or after the command, also as --option=', async () => {
    expect(await complete(['--os-cloud', ''], env)).toMatchObject({ words: ['home', 'edge-b', 'edge-c'], directive: NO_FILES, code: 0, stderr: '' });
    expect((await complete(['--os-target-cloud', 'edge-'], env)).words).toEqual(['edge-b', 'edge-c']);
    expect((await complete(['execution-create', 'wf', '--os-target-cloud', 'edge-b', '--os-target-cloud', 'edge-c'], env)).words).toEqual(['edge-c']);
    expect((await complete(['workflow-list', '--os-cloud=h'], env)).words).toEqual(['--os-cloud=home']);
  });

  it('found as the command would find it: in ~/.config/openstack too; none found, or not YAML, offers nothing', async () => {
    const home = mkdtempSync(join(tmpdir(), 'mistral-complete-home-'));
    mkdirSync(join(home, '.config', 'openstack'), { recursive: true });
    writeFileSync(join(home, '.config', 'openstack', 'clouds.yaml'), 'clouds:\n  mine: {}\n');
    expect((await complete(['--os-cloud', ''], {}, { homeDir: home })).words).toEqual(['mine']);
    expect(await complete(['--os-cloud', ''])).toMatchObject({ words: [], directive: NO_FILES });
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'clouds: [unclosed\n');
    expect(await complete(['--os-cloud', ''], { OS_CLIENT_CONFIG_FILE: broken })).toMatchObject({ words: [], directive: NO_FILES, code: 0, stderr: '' });
  });
});

describe('__complete: files and arguments', () => {
  it('file arguments and options hand over to the shell\'s file completion', async () => {
    for (const words of [
      ['workflow-create', ''],
      ['workbook-validate', 'my'],
      ['environment-create', ''],
      ['execution-create', 'wf1', ''],
      ['execution-create', 'wf1', '{}', ''],
      ['execution-update', 'x', '-e', ''],
      ['run-action', 'std.echo', ''],
      ['--env-file', ''],
      ['workflow-list', '--os-cacert', '/etc/'],
      ['--os-target-openrc', ''],
    ]) {
      expect(await complete(words), words.join(' ')).toMatchObject({ words: [], lines: [], directive: FILES });
    }
  });

  it('offers nothing once the command line is complete', async () => {
    for (const words of [['workflow-list', ''], ['execution-get', 'e1', ''], ['workflow-create', 'wf.yaml', ''], ['completion', 'bash', ''], ['execution-create', 'wf', '{}', '{}', '']]) {
      expect(await complete(words), words.join(' ')).toMatchObject({ words: [], directive: NO_FILES });
    }
  });

  it('ids and names come from the server only when asked for: nothing, and no request', async () => {
    for (const words of [['execution-get', ''], ['execution-create', ''], ['task-list', ''], ['execution-delete', 'e1', '']]) {
      expect(await complete(words, { OS_MISTRAL_URL: 'http://127.0.0.1:1/v2' }), words.join(' ')).toMatchObject({ words: [], directive: NO_FILES, stderr: '' });
    }
  });

  it('needs no settings: a broken clouds.yaml and a missing cloud do not matter', async () => {
    const result = await complete(['--os-cloud', 'nowhere', 'workflow-get-d'], { OS_CLIENT_CONFIG_FILE: '/nonexistent/clouds.yaml', OS_CLOUD: 'nowhere' });
    expect(result).toMatchObject({ words: ['workflow-get-definition'], code: 0, stderr: '' });
  });
});

describe('__complete: read from the table', () => {
  const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: '/', homeDir: emptyHome(), now: () => NOW };
  const never = () => Promise.reject(new Error('no lookup expected'));
  const added: CommandSpec = {
    name: 'widget-frob',
    summary: 'A command added to the table.',
    kind: 'show',
    args: [{ name: 'definition', help: 'a file', file: true }, { name: 'mode', help: 'a mode', complete: ['fast', 'slow'] }],
    options: [{ flags: '--level <LEVEL>', help: 'How much.', choices: ['low', 'high'] }, { flags: '--secret-knob', help: 'hidden', hidden: true }],
    async run() {
      return { text: '' };
    },
  };
  const hidden: CommandSpec = { ...added, name: 'widget-internal', hidden: true };
  const table = [...COMMANDS, added, hidden];

  it('a new command completes with no code of its own: name, options, choices, file and word arguments', async () => {
    // widget-internal matches the prefix too, but is hidden.
    expect(await answer(['widget'], io, table, never)).toEqual({ candidates: [{ word: 'widget-frob', description: 'A command added to the table.' }], directive: NO_FILES });
    expect((await answer(['widget-frob', '--le'], io, table, never)).candidates).toEqual([{ word: '--level', description: 'How much.' }]);
    expect((await answer(['widget-frob', '--level', ''], io, table, never)).candidates.map((c) => c.word)).toEqual(['low', 'high']);
    expect((await answer(['widget-frob', '-f', ''], io, table, never)).candidates.map((c) => c.word)).toEqual(SHOW_FORMATS);
    expect(await answer(['widget-frob', ''], io, table, never)).toEqual({ candidates: [], directive: FILES });
    expect((await answer(['widget-frob', 'a.yaml', 's'], io, table, never)).candidates).toEqual([{ word: 'slow' }]);
    expect((await answer(['widget-frob', '--secret'], io, table, never)).candidates).toEqual([]);
  });
});

describe('completion: the shell scripts', () => {
  it('prints each shell\'s script, which calls __complete', async () => {
    for (const [shell, first] of [['bash', '# bash completion for mistral: source <(mistral completion bash)'], ['zsh', '#compdef mistral'], ['fish', '# fish completion for mistral: mistral completion fish | source']]) {
      const result = await runCli(['completion', shell], { OS_MISTRAL_URL: 'http://127.0.0.1:1/v2' });
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(lines(result.stdout)[0]).toBe(first);
      expect(result.stdout).toContain(' __complete -- ');
    }
  });

  it('refuses another shell (exit 2)', async () => {
    const result = await runCli(['completion', 'tcsh']);
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: "mistral completion: error: argument shell: invalid choice: 'tcsh' (choose from 'bash', 'zsh', 'fish')\n" });
  });

  it('bash-completion, kept for compatibility, also lists the new command', async () => {
    const result = await runCli(['bash-completion']);
    expect(result.stdout.trimEnd().split(' ')).toContain('completion');
    expect(result.stdout).not.toContain('__complete');
  });
});

describe('__complete with MISTRAL_COMPLETE_REMOTE=1: the server', () => {
  const world = useWorld();
  const remote = (env: Env = {}): Env => ({ ...world.homeEnv(), MISTRAL_COMPLETE_REMOTE: '1', ...env });
  const E1_LINE = `${E1.id}\twf1 SUCCESS 2024-01-01 10:00:00`;

  it('execution ids, newest page, described by workflow, state and creation time', async () => {
    const result = await complete(['execution-get', ''], remote());
    expect(result).toMatchObject({ code: 0, stderr: '', directive: NO_FILES });
    expect(result.lines).toEqual([E1_LINE, 'e2\twf1 ERROR 2024-01-01 10:00:00']);
    expect((await complete(['execution-get-output', 'e1'], remote())).lines).toEqual([E1_LINE]);
    expect((await complete(['execution-create', '-s', 'e2'], remote())).words).toEqual(['e2']);
    expect((await complete(['task-list', 'e'], remote())).words).toEqual([E1.id, 'e2']);
  });

  it('workflow names for every workflow argument, task ids and environment names', async () => {
    for (const words of [['workflow-get', ''], ['workflow-delete', 'wf1', ''], ['workflow-get-definition', ''], ['execution-create', ''], ['cron-trigger-create', 'c1', '']]) {
      expect((await complete(words, remote())).words, words.join(' ')).toEqual(['wf1']);
    }
    for (const words of [['task-get', ''], ['task-get-result', ''], ['task-get-published', ''], ['task-rerun', ''], ['task-get-sub-executions', ''], ['action-execution-list', '']]) {
      expect((await complete(words, remote())).lines, words.join(' ')).toEqual(['t1\tt1 wf1 SUCCESS']);
    }
    for (const words of [['environment-get', ''], ['environment-delete', 'e', '']]) {
      expect((await complete(words, remote())).lines, words.join(' ')).toEqual(['env1\tTest env']);
    }
    // Opt-in: without MISTRAL_COMPLETE_REMOTE nothing is asked.
    const asked = world.allRequests().length;
    expect(await complete(['task-get', ''], world.homeEnv())).toMatchObject({ words: [], directive: NO_FILES });
    expect(world.allRequests()).toHaveLength(asked);
  });

  it('workflow names for execution-create\'s first argument, through the normal session', async () => {
    const result = await complete(['execution-create', 'w'], remote());
    expect(result.words).toEqual(['wf1']);
    const [auth, list] = world.allRequests();
    expect(auth.method).toBe('POST');
    expect(auth.path).toBe('/v3/auth/tokens');
    expect(list.method).toBe('GET');
    expect(list.path).toBe('/public-r1/v2/workflows');
    expect(list.headers['x-auth-token']).toBeTruthy();
  });

  it('the global options on the line decide the cloud: a target cloud gets its headers', async () => {
    const result = await complete([...world.targetFlags(), 'execution-get', ''], remote());
    expect(result.words).toEqual([E1.id, 'e2']);
    const list = world.mistral.requests.find((r) => r.path.includes('/executions'));
    expect(list?.headers['x-target-auth-token']).toBeTruthy();
  });

  it('a name the shells would not insert as itself is not offered; a description shows no control character', async () => {
    const names = ['ok; $(quoted by the shell)', 'new\nline', 'tab\there', 'esc\u001b[2J', 'del\u007f', 'c1\u009b', '-rf', '--os-auth-url=http://elsewhere', '~root', 'a~b-c'];
    world.mistral.intercept = (req) =>
      req.method === 'GET' && req.path.endsWith('/v2/workflows')
        ? { status: 200, body: { workflows: names.map((name) => ({ id: name, name, input: 'x\u001b]0;title\u0007\ty', namespace: '' })) } }
        : undefined;
    const result = await complete(['execution-create', ''], remote());
    expect(result).toMatchObject({ code: 0, stderr: '', directive: NO_FILES });
    expect(result.lines).toEqual(['ok; $(quoted by the shell)\tx\uFFFD]0;title\uFFFD y', 'a~b-c\tx\uFFFD]0;title\uFFFD y']);
  });

  it('a failing lookup prints no error: no candidates, exit 0', async () => {
    const result = await complete(['execution-get', ''], remote({ OS_PASSWORD: 'wrong-password-for-completion' }));
    expect(result).toMatchObject({ words: [], directive: NO_FILES, code: 0, stderr: '' });
  });

  it('never prompts, even on a terminal with the password missing', async () => {
    const rawModes: boolean[] = [];
    const result = await runCli(['__complete', 'execution-get', ''], remote({ OS_PASSWORD: undefined }), { terminal: { typed: '', rawModes } });
    expect(result).toMatchObject({ code: 0, stdout: ':4\n', stderr: '' });
    expect(rawModes).toEqual([]);
    expect(world.allRequests()).toEqual([]);
  });

  it('a Keystone slower than a second: no candidates after about one second', async () => {
    world.home.delayMs = 3000;
    try {
      const started = performance.now();
      const result = await complete(['execution-get', ''], remote());
      const elapsed = performance.now() - started;
      expect(result).toMatchObject({ words: [], directive: NO_FILES, code: 0, stderr: '' });
      expect(elapsed).toBeGreaterThanOrEqual(950);
      expect(elapsed).toBeLessThan(1800);
    } finally {
      world.home.delayMs = 0;
    }
  });
});

describe('__complete with MISTRAL_COMPLETE_REMOTE=1: a server that never answers', () => {
  const silent = useSilentServer();

  it('answers in about one second with no candidates and exit 0', async () => {
    const started = performance.now();
    const result = await runCli(['__complete', 'execution-create', ''], { OS_MISTRAL_URL: `${silent.url}/v2`, MISTRAL_COMPLETE_REMOTE: '1' });
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ code: 0, stdout: ':4\n', stderr: '' });
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(1800);
    expect(silent.connections).toBeGreaterThan(0);
  });

  it('MISTRAL_COMPLETE_BUDGET gives it longer (2.5 s here); a value that is not a positive number is the default', async () => {
    const timed = async (budget: string) => {
      const started = performance.now();
      const result = await runCli(['__complete', 'execution-create', ''], { OS_MISTRAL_URL: `${silent.url}/v2`, MISTRAL_COMPLETE_REMOTE: '1', MISTRAL_COMPLETE_BUDGET: budget });
      expect(result).toMatchObject({ code: 0, stdout: ':4\n', stderr: '' });
      return performance.now() - started;
    };
    const longer = await timed('2.5');
    expect(longer).toBeGreaterThanOrEqual(2450);
    expect(longer).toBeLessThan(4500);
    const fallback = await timed('soon');
    expect(fallback).toBeGreaterThanOrEqual(950);
    expect(fallback).toBeLessThan(2450);
  });
});
