// The transcript cases of run-action and the 6 action-execution commands (t_aex, and its lines in t_fmt).
import { JSON_WHY, same, type CaseGroup } from './case.js';

export const ACTION_EXECUTION_CASES: CaseGroup = {
  name: 'action-executions',
  noun: 'action execution',
  cases: [
    same('run-action', 'std.echo', '{"output": "hi"}'),
    same('run-action', 'std.echo', '{"output": "hi"}', '--save-result'),
    same('run-action', 'std.echo', '{"output": "hi"}', '-s', '--run-sync', '-t', 'exec1', '--namespace', 'ns1'),
    same('run-action', 'std.noop'),
    same('run-action', 'std.echo', 'input.json'),
    { argv: ['run-action', 'std.echo', 'output: hi'], stderr: 'not compared', why: JSON_WHY },
    same('action-execution-list'),
    same('action-execution-list', 't1', '--oldest', '--limit', '3'),
    same('action-execution-get', 'ae1'),
    same('action-execution-get-input', 'ae1'),
    same('action-execution-get-output', 'ae1'),
    same('action-execution-update', 'ae1', '--state', 'SUCCESS', '--output', '{"r": 1}'),
    { argv: ['action-execution-update', 'ae1', '--output', 'plain'], stderr: 'not compared', why: JSON_WHY },
    same('action-execution-update', 'ae1'),
    same('action-execution-delete', 'ae1', 'ae2'),
    // t_fmt
    same('run-action', 'std.echo', '{"output": "hi"}', '-f', 'json'),
    same('run-action', 'std.echo', '{"output": "hi"}', '-s', '-f', 'json'),
  ],
};
