// Opt-in (MISTRAL_COMPLETE_REMOTE=1) candidates from the server: workflow names, execution and task
// ids, environment names.
// They come from the table's own list commands run through main(), so the lookup uses exactly the
// settings, clouds.yaml entries, target cloud and session the typed command would use (the global
// options typed on the line are passed on). A person is waiting at the shell: the answer comes
// within one second (MISTRAL_COMPLETE_BUDGET) or not at all, nothing prompts (no terminal is handed over), and errors are
// dropped instead of being printed among the candidates.
import type { Io } from '../io.js';

/** main(argv, io) of cli.ts, passed in so that this module does not import the program back. */
export type RunCli = (argv: string[], io: Io) => Promise<number>;

export type RemoteSource = 'workflow' | 'execution' | 'task' | 'environment';

/** How long a person waits for server candidates before the shell gets none. */
export const REMOTE_BUDGET_MS = 1000;

/**
 * MISTRAL_COMPLETE_BUDGET (seconds, at most 30) for a slow link or a loaded machine, where a login
 * and a list take longer than the default second; anything else is the default.
 */
export function remoteBudgetMs(env: Io['env']): number {
  const seconds = Number(env.MISTRAL_COMPLETE_BUDGET);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 30) * 1000 : REMOTE_BUDGET_MS;
}

/** The list command that knows the values, the column holding them and the columns that describe them. */
const LOOKUPS: Record<RemoteSource, { command: string; value: string; describe: string[] }> = {
  workflow: { command: 'workflow-list', value: 'Name', describe: ['Input'] },
  // execution-list's default page: the newest 100.
  execution: { command: 'execution-list', value: 'ID', describe: ['Workflow name', 'State', 'Created at'] },
  // task-list's default page: the newest 100, of every execution.
  task: { command: 'task-list', value: 'ID', describe: ['Name', 'Workflow name', 'State'] },
  environment: { command: 'environment-list', value: 'Name', describe: ['Description'] },
};

/**
 * Whether a name from the server may be offered: the shells quote what they insert (bash through
 * the script's printf %q, zsh's compadd and fish themselves), but a control character (a newline
 * or tab also breaks the one-candidate-a-line protocol) would reach the terminal, a leading `-`
 * would be read as an option, and fish leaves a leading `~` unquoted, to be expanded.
 */
export function insertable(word: string): boolean {
  return !/\p{Cc}/u.test(word) && !/^[-~]/.test(word);
}

export function remoteEnabled(env: Io['env']): boolean {
  return env.MISTRAL_COMPLETE_REMOTE === '1';
}

export async function remoteCandidates(source: RemoteSource, globalWords: string[], io: Io, run: RunCli): Promise<Array<{ word: string; description?: string }>> {
  if (!remoteEnabled(io.env)) return [];
  const { command, value, describe } = LOOKUPS[source];
  const budget = remoteBudgetMs(io.env);
  let stdout = '';
  // Not a terminal anywhere: the password prompt, colour and live progress all stay off.
  const captured: Io = {
    ...io,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: () => true },
    stdin: undefined,
    onInterrupt: undefined,
  };
  // A later --timeout wins over one typed on the line: no single request may outlive the budget.
  const argv = [...globalWords, '--timeout', String(budget / 1000), command, '-f', 'json', ...[value, ...describe].flatMap((c) => ['-c', c])];
  const rows = run(argv, captured)
    .then((code) => (code === 0 ? (JSON.parse(stdout) as Array<Record<string, unknown>>) : []))
    .catch(() => []);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<[]>((resolve) => (timer = setTimeout(() => resolve([]), budget)));
  try {
    const answer = await Promise.race([rows, late]);
    const seen = new Set<string>();
    return answer.flatMap((row) => {
      const word = String(row[value] ?? '');
      // An empty list prints one empty row (as the reference); workflow names repeat across namespaces.
      if (!word || seen.has(word) || !insertable(word)) return [];
      seen.add(word);
      const description = describe.map((c) => row[c]).filter((v) => v !== undefined && v !== null && v !== '').join(' ');
      return [description ? { word, description } : { word }];
    });
  } finally {
    clearTimeout(timer);
  }
}
