// The command lines of the reference transcripts for the 17 workflow and execution commands, as
// argv arrays (the transcripts print the words joined by spaces, so JSON and multi-word values
// need their boundaries given here). `transcript(argv.join(' '))` finds each one's block.

export interface CommandCase {
  argv: string[];
  /**
   * What must match the transcript besides the exit code and the requests:
   * 'all' (stdout and stderr byte for byte), 'stdout' (our stderr differs on purpose), or
   * 'none' (our messages differ on purpose; the errors tests check them).
   */
  compare: 'all' | 'stdout' | 'none';
  /** Why our output differs from the reference's, when it does. */
  why?: string;
}

const all = (...argv: string[]): CommandCase => ({ argv, compare: 'all' });

export const WORKFLOW_CASES: CommandCase[] = [
  all('workflow-get', 'wf1'),
  all('workflow-get', 'wf1', '--namespace', 'ns1'),
  all('workflow-create', 'wf.yaml'),
  all('workflow-create', 'wf.yaml', '--public', '--namespace', 'ns1'),
  all('workflow-update', 'wf.yaml'),
  all('workflow-update', 'wf.yaml', '--id', '11111111-2222-3333-4444-555555555555', '--namespace', 'ns1', '--public'),
  all('workflow-delete', 'wf1', 'wf2'),
  all('workflow-delete', 'wf1', '--namespace', 'ns1'),
  all('workflow-get-definition', 'wf1'),
  all('workflow-get-definition', 'wf1', '--namespace', 'ns1'),
  all('workflow-validate', 'wf.yaml'),
  all('workflow-list', '--limit', '2', '--marker', 'm1', '--filter', 'tags=x', '--filter', 'name=wf1', '--sort_keys', 'name,id', '--sort_dirs', 'asc,desc'),
];

export const EXECUTION_CASES: CommandCase[] = [
  all('execution-list'),
  all('execution-list', '--oldest'),
  all('execution-list', '--task', 't9', '--rootsonly', '--limit', '3', '--filter', 'state=ERROR'),
  all('execution-list', '--marker', 'e1'),
  all('execution-list', '--limit', '-1'),
  all('execution-list', '--filter', 'name=empty'),
  all('execution-get', 'e1e1e1e1-0000-0000-0000-000000000001'),
  all('execution-create', 'wf1'),
  all('execution-create', 'wf1', '{"a": 1}', '{"env": {"x": 1}}', '-d', 'my desc', '--namespace', 'ns1'),
  all('execution-create', '11111111-2222-3333-4444-555555555555', 'input.json'),
  all('execution-create', '-s', 'e1e1e1e1-0000-0000-0000-000000000001'),
  all('execution-create', '-s', 'notauuid'),
  all('execution-create'),
  { argv: ['execution-create', 'wf1', '{bad json'], compare: 'none', why: "our message names the argument instead of printing Python's JSON error alone" },
  { argv: ['execution-create', 'wf1', 'a: 1'], compare: 'none', why: "our message names the argument instead of printing Python's JSON error alone" },
  all('execution-update', 'e1', '-s', 'PAUSED'),
  all('execution-update', 'e1', '-d', 'new desc', '-e', '{"k1": "foobar"}'),
  all('execution-update', 'e1', '--env', 'env_vars.json'),
  all('execution-update', 'e1', '--env', 'k1: yamlval'),
  all('execution-update', 'e1'),
  { argv: ['execution-update', 'e1', '-s', 'IDLE'], compare: 'none', why: 'commander words the usage error differently from argparse' },
  all('execution-delete', 'e1', 'e2', '--force'),
  { argv: ['execution-delete', 'e1', 'missing', 'e3'], compare: 'none', why: 'the per-item failure line adds the HTTP status' },
  all('execution-get-input', 'e1'),
  all('execution-get-output', 'e1'),
  all('execution-get-published', 'e1'),
  all('execution-get-report', 'e1'),
  all('execution-get-report', 'e1', '--no-errors-only', '--statistics-only', '--max-depth', '2'),
  all('execution-get-sub-executions', 'e1'),
  all('execution-get-sub-executions', 'e1', '--errors-only', '--max-depth', '1'),
];
