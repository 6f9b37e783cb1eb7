// The transcript cases of service-list (t_mem).
import { same, type CaseGroup } from './case.js';

export const SERVICE_CASES: CaseGroup = {
  name: 'services',
  noun: 'service',
  cases: [same('service-list'), same('service-list', '--limit', '1', '--filter', 'a=b')],
};
