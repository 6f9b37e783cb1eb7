// The transcript cases of the 7 action commands (t_action, and its lines in t_err).
import { same, type CaseGroup } from './case.js';

export const ACTION_FILE = "---\nversion: '2.0'\nmy_action:\n  base: std.echo\n";

export const ACTION_CASES: CaseGroup = {
  name: 'actions',
  noun: 'action',
  files: { 'action.yaml': ACTION_FILE },
  cases: [
    same('action-list'),
    same('action-list', '--namespace', 'ns1', '--limit', '5'),
    same('action-get', 'std.echo'),
    same('action-get', 'std.echo', '--namespace', 'ns1'),
    same('action-create', 'action.yaml'),
    same('action-create', 'action.yaml', '--public', '--namespace', 'ns1'),
    same('action-update', 'action.yaml'),
    same('action-update', 'action.yaml', '--id', 'a1', '--public', '--namespace', 'ns1'),
    same('action-delete', 'a', 'b'),
    same('action-delete', 'a', '--namespace', 'ns1'),
    same('action-get-definition', 'std.echo'),
    same('action-validate', 'action.yaml'),
    // t_err
    same('action-list', '-f', 'csv', '-c', 'Name', '-c', 'Is system'),
    same('action-list', '-f', 'yaml', '-c', 'Name', '-c', 'Is system'),
  ],
};
