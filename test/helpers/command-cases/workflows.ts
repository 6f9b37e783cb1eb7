// The transcript cases of the 7 workflow commands (t_workflow).
import { WF_DEFINITION } from '../mistral-routes/workflows.js';
import { ERROR_BLOCKS, FORMATTER_BLOCKS, same, type CaseGroup } from './case.js';

export const WORKFLOW_CASES: CaseGroup = {
  name: 'workflows',
  noun: 'workflow',
  files: { 'wf.yaml': WF_DEFINITION },
  blocksNotCases: { t_fmt: FORMATTER_BLOCKS, t_err: ERROR_BLOCKS, t_err2: ERROR_BLOCKS },
  cases: [
    same('workflow-get', 'wf1'),
    same('workflow-get', 'wf1', '--namespace', 'ns1'),
    same('workflow-create', 'wf.yaml'),
    same('workflow-create', 'wf.yaml', '--public', '--namespace', 'ns1'),
    same('workflow-update', 'wf.yaml'),
    same('workflow-update', 'wf.yaml', '--id', '11111111-2222-3333-4444-555555555555', '--namespace', 'ns1', '--public'),
    same('workflow-delete', 'wf1', 'wf2'),
    same('workflow-delete', 'wf1', '--namespace', 'ns1'),
    same('workflow-get-definition', 'wf1'),
    same('workflow-get-definition', 'wf1', '--namespace', 'ns1'),
    same('workflow-validate', 'wf.yaml'),
    same('workflow-list', '--limit', '2', '--marker', 'm1', '--filter', 'tags=x', '--filter', 'name=wf1', '--sort_keys', 'name,id', '--sort_dirs', 'asc,desc'),
  ],
};
