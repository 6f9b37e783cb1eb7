// Completion in the real shells, as Debian installs them (bash with bash-completion, zsh, fish):
// for each prefix, each shell offers exactly the expected words, through `mistral completion
// <shell>` and the built bin on PATH; and a name from the server, whatever it holds (`;`, `$(…)`,
// quotes, a glob), is inserted as one literal word when TAB is pressed in the interactive shell on
// a pseudo-terminal, and the command line runs nothing but mistral (README "Shell completion").
// Needs no OpenStack stack: the server-side cases ask the in-process fake Mistral. The drivers are
// in test/e2e/shells/ and test/helpers/pty-run.py.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E1, startMistral, type FakeMistral } from '../helpers/mistral.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DRIVERS = join(ROOT, 'test/e2e/shells');
const BASH_COMPLETION = '/usr/share/bash-completion/bash_completion';
const INSTALL = "apt-get install -y bash-completion zsh fish";
const run = promisify(execFile);

type Shell = 'bash' | 'zsh' | 'fish';

interface Case {
  what: string;
  line: string;
  /** Sorted; a shell's own spelling where it differs. */
  expected: string[];
  bash?: string[];
  fish?: string[];
  env?: () => Record<string, string>;
}

const LIST_FORMATS = ['csv', 'json', 'table', 'value', 'yaml'];
const SHOW_FORMATS = ['json', 'shell', 'table', 'value', 'yaml'];

let mistral: FakeMistral;

const CASES: Case[] = [
  { what: 'a command prefix', line: 'mistral execution-get-', expected: ['execution-get-input', 'execution-get-output', 'execution-get-published', 'execution-get-report', 'execution-get-sub-executions'] },
  { what: 'an option prefix', line: 'mistral workflow-list --sort', expected: ['--sort-ascending', '--sort-column', '--sort-descending', '--sort_dirs', '--sort_keys'] },
  { what: '-f of a list command', line: 'mistral workflow-list -f ', expected: LIST_FORMATS },
  { what: '-f of a show command', line: 'mistral execution-get e1 -f ', expected: SHOW_FORMATS },
  { what: 'a state', line: 'mistral execution-update e1 -s P', expected: ['PAUSED'] },
  // Readline replaces only what follows the '='.
  { what: 'a value after =', line: 'mistral execution-list --sort_dirs=', expected: ['--sort_dirs=asc', '--sort_dirs=desc'], bash: ['asc', 'desc'] },
  { what: 'a file argument', line: 'mistral workflow-create ', expected: ['input.json', 'sub', 'wf.yaml'], fish: ['input.json', 'sub/', 'wf.yaml'] },
  { what: 'a file argument prefix', line: 'mistral workflow-create w', expected: ['wf.yaml'] },
  { what: 'a file after --env-file=', line: 'mistral --env-file=inp', expected: ['input.json'], fish: ['--env-file=input.json'] },
  { what: 'a command name after help', line: 'mistral help workflow-l', expected: ['workflow-list'] },
  { what: 'nothing after a complete command line', line: 'mistral workflow-list ', expected: [] },
  {
    what: 'execution ids from the server (MISTRAL_COMPLETE_REMOTE=1)',
    line: 'mistral execution-get ',
    expected: [E1.id, 'e2'],
    env: () => ({ MISTRAL_COMPLETE_REMOTE: '1', OS_MISTRAL_URL: mistral.apiUrl }),
  },
  {
    what: 'workflow names from the server: bash quotes what it will insert, a plain name stays as it is',
    line: 'mistral execution-create ',
    expected: ['deploy; x', 'my_wf'],
    bash: ['deploy\\;\\ x', 'my_wf'],
    env: () => ({ MISTRAL_COMPLETE_REMOTE: '1', OS_MISTRAL_URL: serve(['deploy; x', 'my_wf', 'new\nline']) }),
  },
];

let work: string;
let baseEnv: Record<string, string>;

beforeAll(async () => {
  execFileSync(process.execPath, ['build.mjs'], { cwd: ROOT, stdio: 'pipe' });
  mistral = await startMistral();
  const dir = mkdtempSync(join(tmpdir(), 'mistral-shells-'));
  // `mistral` on PATH, as `npm install -g` puts it.
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'mistral'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(ROOT, 'bin/mistral.js'))} "$@"\n`, { mode: 0o755 });
  work = join(dir, 'work');
  mkdirSync(join(work, 'sub'), { recursive: true });
  for (const name of ['wf.yaml', 'input.json']) writeFileSync(join(work, name), '{}\n');
  const home = join(dir, 'home');
  mkdirSync(home);
  // Nothing of the machine's OS_* settings or rc files: only what each case gives.
  baseEnv = { PATH: `${bin}:${process.env.PATH}`, HOME: home, TERM: 'xterm', LANG: 'C.UTF-8' };
}, 60_000);

afterAll(async () => {
  await mistral?.close();
});

function requireShell(shell: Shell): void {
  const found = (() => {
    try {
      execFileSync('sh', ['-c', `command -v ${shell}`], { stdio: 'pipe' });
      return true;
    } catch {
      return false;
    }
  })();
  if (!found) throw new Error(`${shell} is not installed; the completion tests need the real shells: ${INSTALL}`);
  if (shell === 'bash' && !existsSync(BASH_COMPLETION)) throw new Error(`${BASH_COMPLETION} is missing; the completion tests need Debian's bash-completion: ${INSTALL}`);
}

/** What `shell` offers on TAB at the end of `line`, sorted, descriptions left out. */
async function offered(shell: Shell, line: string, env: Record<string, string> = {}): Promise<string[]> {
  requireShell(shell);
  const options = { cwd: work, env: { ...baseEnv, ...env }, timeout: 30_000 };
  const { stdout } =
    shell === 'bash'
      ? await run('bash', ['--norc', '--noprofile', join(DRIVERS, 'bash-complete.sh'), line], options)
      : shell === 'zsh'
        ? await run('zsh', ['-f', join(DRIVERS, 'zsh-complete.zsh'), line], options)
        : await run('fish', ['--no-config', '-c', 'mistral completion fish | source; complete -C $argv[1]', line], options);
  return stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0]).sort();
}

for (const shell of ['bash', 'zsh', 'fish'] as const) {
  describe(`${shell} offers exactly`, () => {
    for (const c of CASES) {
      it(`${c.what}: ${c.line}`, async () => {
        const expected = (shell === 'bash' ? c.bash : shell === 'fish' ? c.fish : undefined) ?? c.expected;
        expect(await offered(shell, c.line, c.env?.())).toEqual(expected);
      });
    }
  });
}

describe('other ways of installing', () => {
  it('zsh: mistral completion zsh > "${fpath[1]}/_mistral", autoloaded by compinit', async () => {
    const fpath = mkdtempSync(join(tmpdir(), 'mistral-fpath-'));
    writeFileSync(join(fpath, '_mistral'), execFileSync('mistral', ['completion', 'zsh'], { env: baseEnv }));
    expect(await offered('zsh', 'mistral execution-get e1 -f ', { ZT_FPATH: fpath })).toEqual(SHOW_FORMATS);
    expect(await offered('zsh', 'mistral workflow-create ', { ZT_FPATH: fpath })).toEqual(['input.json', 'sub', 'wf.yaml']);
  });

  it('bash without bash-completion: plain COMP_WORDS and compgen', async () => {
    const without = { WITHOUT_BASH_COMPLETION: '1' };
    expect(await offered('bash', 'mistral workflow-list -f ', without)).toEqual(LIST_FORMATS);
    expect(await offered('bash', 'mistral execution-get-o', without)).toEqual(['execution-get-output']);
    expect(await offered('bash', 'mistral workflow-create ', without)).toEqual(['input.json', 'sub', 'wf.yaml']);
  });
});

// ---- Accepting a server's name on a real terminal ----

/** Names a workflow may have; `MARK` becomes a file that must never be created. */
const HOSTILE_NAMES = [
  'deploy; touch MARK #',
  '$(touch MARK)',
  '`touch MARK`',
  'a|touch MARK',
  'a&touch MARK',
  '>MARK',
  '(touch MARK)',
  `it's "quoted"`,
  // Matches every file of the working directory when left unquoted.
  '*',
  'two  spaces',
  '!!',
  '{a,b}',
  '$HOME',
  'back\\slash',
  'ünïcödé',
];

/** Each case asks the fake Mistral under its own path prefix, so the cases can run concurrently. */
const served = new Map<string, string[]>();
let casePrefix = 0;

function serve(names: string[]): string {
  const prefix = `/names-${++casePrefix}`;
  served.set(prefix, names);
  return `${mistral.url}${prefix}/v2`;
}

function interceptWorkflowLists(): void {
  mistral.intercept = (req) => {
    const match = /^(\/names-\d+)\/v2\/workflows$/.exec(req.path);
    const names = match && req.method === 'GET' ? served.get(match[1]) : undefined;
    if (!names) return undefined;
    const workflows = names.map((name, i) => ({ id: `w${i}`, name, namespace: '', input: '', scope: 'private', project_id: 'p1', tags: [], created_at: '2024-01-01 10:00:00', updated_at: null }));
    return { status: 200, body: { workflows } };
  };
}

/** What each interactive shell needs before TAB completes mistral; the prompt is READY> (typed split, so its echo differs). */
const INTERACTIVE: Record<Shell, { argv: string[]; rc: string }> = {
  bash: { argv: ['bash', '--norc', '--noprofile', '-i'], rc: `source ${BASH_COMPLETION}; source <(mistral completion bash); PS1='RE''ADY> '` },
  zsh: { argv: ['zsh', '-f', '-i'], rc: "autoload -Uz compinit && compinit -u -D; source <(mistral completion zsh); PS1='RE''ADY> '" },
  fish: { argv: ['fish', '--no-config', '-i'], rc: "mistral completion fish | source; function fish_prompt; echo -n 'RE''ADY> '; end" },
};

/**
 * Types `line` in the interactive shell, TAB where `\t` stands, then Enter, and returns the words
 * mistral was run with (a stub on PATH records them; __complete and completion run the real bin).
 */
async function accepted(shell: Shell, line: string, mistralUrl: string): Promise<string[] | undefined> {
  requireShell(shell);
  const dir = mkdtempSync(join(tmpdir(), 'mistral-accept-'));
  const argsFile = join(dir, 'args');
  const env = { ...baseEnv, PATH: `${recordingBin}:${baseEnv.PATH}`, MISTRAL_ARGS: argsFile, MISTRAL_COMPLETE_REMOTE: '1', OS_MISTRAL_URL: mistralUrl, HOME: dir,
    // What is tested here is the quoting, not the speed: a loaded machine gets time to answer.
    MISTRAL_COMPLETE_BUDGET: '10' };
  const spec = {
    argv: INTERACTIVE[shell].argv,
    env,
    cwd: work,
    timeout: 30,
    steps: [
      { expect: '', send: `${INTERACTIVE[shell].rc}\n` },
      // Typed ahead: the shell completes at the TAB, then reads the Enter.
      { expect: 'READY> ', send: `${line}\n` },
      { expect: 'READY> ', send: 'exit\n' },
    ],
  };
  const { stdout } = await run('python3', [join(ROOT, 'test/helpers/pty-run.py'), JSON.stringify(spec)], { timeout: 40_000 });
  const result = JSON.parse(stdout) as { output: string; timed_out: boolean };
  if (result.timed_out) throw new Error(`${shell} did not finish '${line}' within 30 s:\n${result.output}`);
  const words = existsSync(argsFile) ? readFileSync(argsFile, 'utf8').split('\0').slice(0, -1) : undefined;
  rmSync(dir, { recursive: true, force: true });
  return words;
}

let recordingBin: string;
let markers: string;
/** A file of its own for each case: one that ran code cannot make another fail. */
const markerFile = () => join(markers, `PWNED-${++casePrefix}`);

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'mistral-accept-bin-'));
  recordingBin = join(dir, 'bin');
  mkdirSync(recordingBin);
  markers = dir;
  const real = `${JSON.stringify(process.execPath)} ${JSON.stringify(join(ROOT, 'bin/mistral.js'))}`;
  writeFileSync(join(recordingBin, 'mistral'), `#!/bin/sh\ncase "$1" in __complete|completion) exec ${real} "$@";; esac\nprintf '%s\\0' "$@" > "$MISTRAL_ARGS"\n`, { mode: 0o755 });
  interceptWorkflowLists();
});

for (const shell of ['bash', 'zsh', 'fish'] as const) {
  describe(`${shell}: a server's name, accepted with TAB, is one literal word and runs nothing`, () => {
    for (const template of HOSTILE_NAMES) {
      it.concurrent(JSON.stringify(template), async () => {
        const marker = markerFile();
        const name = template.replaceAll('MARK', marker);
        expect(await accepted(shell, 'mistral execution-create \t', serve([name]))).toEqual(['execution-create', name]);
        expect(existsSync(marker)).toBe(false);
      });
    }

    it.concurrent('a plain name is inserted as it is', async () => {
      expect(await accepted(shell, 'mistral execution-create my_w\t', serve(['my_wf', 'other']))).toEqual(['execution-create', 'my_wf']);
    });

    it.concurrent('the common part first, then TAB again after more letters', async () => {
      expect(await accepted(shell, 'mistral execution-create dep\tal\t', serve(['deploy; alpha', 'deploy; beta']))).toEqual(['execution-create', 'deploy; alpha']);
    });

    it.concurrent('a name with a control character, a leading - or ~ is not offered', async () => {
      const marker = markerFile();
      const names = [`new\nline; touch ${marker}`, 'tab\there', 'esc\u001b]0;title\u0007', 'c1\u009bx', '-rf', '--os-auth-url=http://elsewhere', '~root'];
      const results = await Promise.all(names.map((name) => accepted(shell, 'mistral execution-create \t', serve([name]))));
      expect(results).toEqual(names.map(() => ['execution-create']));
      expect(existsSync(marker)).toBe(false);
    });
  });
}
