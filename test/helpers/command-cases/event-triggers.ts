// The transcript cases of the 4 event-trigger commands (t_trig).
import { same, type CaseGroup } from './case.js';
import { ENVIRONMENT_FILES } from './environments.js';

export const EVENT_TRIGGER_CASES: CaseGroup = {
  name: 'event-triggers',
  noun: 'event trigger',
  // Read as workflow input and params by a test of its own.
  files: { 'env.json': ENVIRONMENT_FILES['env.json'] },
  cases: [
    same('event-trigger-list'),
    same('event-trigger-get', 'et1'),
    same('event-trigger-create', 'et', 'wf-id', 'nova', 'notifications', 'compute.create', '{"a": 1}', '--params', '{"p": 1}'),
    same('event-trigger-create', 'et', 'wf-id', 'nova', 'notifications', 'compute.create'),
    same('event-trigger-delete', 'et1', 'et2'),
  ],
};
