// The transcript cases of the 6 task commands (t_task).
import { same, type CaseGroup } from './case.js';

export const TASK_CASES: CaseGroup = {
  name: 'tasks',
  noun: 'task',
  files: { 'env.yaml': 'k: from file\n' },
  cases: [
    same('task-list'),
    same('task-list', 'e1', '--limit', '10', '--oldest'),
    same('task-get', 't1'),
    same('task-get-result', 't1'),
    same('task-get-published', 't1'),
    same('task-rerun', 't1'),
    same('task-rerun', 't1', '--resume', '-e', '{"k": 1}'),
    same('task-get-sub-executions', 't1', '--errors-only'),
  ],
};
