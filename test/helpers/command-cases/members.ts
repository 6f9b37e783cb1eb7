// The transcript cases of the 5 member commands (t_mem).
import { WF1 } from '../mistral-routes/workflows.js';
import { same, type CaseGroup } from './case.js';

export const MEMBER_CASES: CaseGroup = {
  name: 'members',
  noun: 'member',
  cases: [
    same('member-list', WF1.id, 'workflow'),
    // Without -m and without authentication the path ends in `/members/`, which answers the list.
    same('member-get', WF1.id, 'workflow'),
    same('member-get', WF1.id, 'workflow', '-m', 'p2'),
    same('member-create', WF1.id, 'workflow', 'p2'),
    same('member-update', WF1.id, 'workflow', '-m', 'p2'),
    same('member-update', WF1.id, 'workflow', '-m', 'p2', '-s', 'rejected'),
    same('member-delete', WF1.id, 'workflow', 'p2'),
    {
      argv: ['member-delete', 'missing', 'workflow', 'p2'],
      stdout: (reference) => reference.replace('Object not found [name=missing]', 'Object not found [name=missing] (HTTP 404 Not Found)'),
      why: 'the failure line adds the HTTP status',
    },
  ],
};
