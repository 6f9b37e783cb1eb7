// The transcript cases of the 10 execution commands (t_exec1, t_exec2).
import { ERROR_BLOCKS, FORMATTER_BLOCKS, JSON_WHY, same, type CaseGroup, type TranscriptCase } from './case.js';

/** Our stdout and stderr differ on purpose: only the requests and the exit code are the transcript's. */
const ownMessages = (why: string, ...argv: string[]): TranscriptCase => ({ argv, stdout: 'not compared', stderr: 'not compared', why });

export const EXECUTION_CASES: CaseGroup = {
  name: 'executions',
  noun: 'execution',
  files: { 'env_vars.json': '{"k1": "v1"}\n' },
  blocksNotCases: { t_fmt: FORMATTER_BLOCKS, t_err: ERROR_BLOCKS },
  cases: [
    same('execution-list'),
    same('execution-list', '--oldest'),
    same('execution-list', '--task', 't9', '--rootsonly', '--limit', '3', '--filter', 'state=ERROR'),
    same('execution-list', '--marker', 'e1'),
    same('execution-list', '--limit', '-1'),
    same('execution-list', '--filter', 'name=empty'),
    same('execution-get', 'e1e1e1e1-0000-0000-0000-000000000001'),
    same('execution-create', 'wf1'),
    same('execution-create', 'wf1', '{"a": 1}', '{"env": {"x": 1}}', '-d', 'my desc', '--namespace', 'ns1'),
    same('execution-create', '11111111-2222-3333-4444-555555555555', 'input.json'),
    same('execution-create', '-s', 'e1e1e1e1-0000-0000-0000-000000000001'),
    same('execution-create', '-s', 'notauuid'),
    same('execution-create'),
    ownMessages(JSON_WHY, 'execution-create', 'wf1', '{bad json'),
    ownMessages(JSON_WHY, 'execution-create', 'wf1', 'a: 1'),
    same('execution-update', 'e1', '-s', 'PAUSED'),
    same('execution-update', 'e1', '-d', 'new desc', '-e', '{"k1": "foobar"}'),
    same('execution-update', 'e1', '--env', 'env_vars.json'),
    same('execution-update', 'e1', '--env', 'k1: yamlval'),
    same('execution-update', 'e1'),
    ownMessages('commander words the usage error differently from argparse', 'execution-update', 'e1', '-s', 'IDLE'),
    same('execution-delete', 'e1', 'e2', '--force'),
    ownMessages('the per-item failure line adds the HTTP status', 'execution-delete', 'e1', 'missing', 'e3'),
    same('execution-get-input', 'e1'),
    same('execution-get-output', 'e1'),
    same('execution-get-published', 'e1'),
    same('execution-get-report', 'e1'),
    same('execution-get-report', 'e1', '--no-errors-only', '--statistics-only', '--max-depth', '2'),
    same('execution-get-sub-executions', 'e1'),
    same('execution-get-sub-executions', 'e1', '--errors-only', '--max-depth', '1'),
  ],
};
