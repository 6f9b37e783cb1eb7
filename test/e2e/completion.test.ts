// Completion in the real shells, as Debian installs them (bash with bash-completion, zsh, fish):
// for each prefix, each shell offers exactly the expected words, through `mistral completion
// <shell>` and the built bin on PATH. Needs no OpenStack stack: the one server-side case asks the
// in-process fake Mistral. The drivers are in test/e2e/shells/.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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
