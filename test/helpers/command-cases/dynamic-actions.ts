// The transcript cases of the 5 dynamic-action commands (t_cs).
import { WF1 } from '../mistral-routes/workflows.js';
import { same, type CaseGroup } from './case.js';

export const DYNAMIC_ACTION_CASES: CaseGroup = {
  name: 'dynamic-actions',
  noun: 'dynamic action',
  cases: [
    same('dynamic-action-list'),
    same('dynamic-action-list', '--namespace', 'ns1'),
    same('dynamic-action-get', 'dyn1'),
    same('dynamic-action-create', 'dyn1', 'MyAction', 'mod1'),
    same('dynamic-action-create', 'dyn1', 'MyAction', WF1.id, '--public', '--namespace', 'ns1'),
    same('dynamic-action-update', 'dyn1'),
    same('dynamic-action-update', WF1.id, '--class-name', 'C2', '--code-source', 'mod2', '--public', '--namespace', 'ns1'),
    same('dynamic-action-delete', 'dyn1', 'dyn2'),
    same('dynamic-action-delete', 'dyn1', '--namespace', 'ns1'),
  ],
};
