// The transcript cases of the 6 code-source commands (t_cs).
import { CODE_SOURCE_CONTENT } from '../mistral-routes/code-sources.js';
import { same, type CaseGroup } from './case.js';

export const CODE_SOURCE_CASES: CaseGroup = {
  name: 'code-sources',
  noun: 'code source',
  // mod.py as the fake's code source `mod1` holds it.
  files: { 'mod.py': CODE_SOURCE_CONTENT },
  cases: [
    same('code-source-list'),
    same('code-source-get', 'mod1'),
    same('code-source-get', 'mod1', '--namespace', 'ns1'),
    same('code-source-get-content', 'mod1'),
    same('code-source-create', 'mod1', 'mod.py'),
    same('code-source-create', 'mod1', 'mod.py', '--public', '--namespace', 'ns1'),
    same('code-source-update', 'mod1', 'mod.py'),
    same('code-source-update', 'mod1', 'mod.py', '--public', '--namespace', 'ns1', '--id', 'zzz'),
    same('code-source-delete', 'mod1', 'mod2'),
    same('code-source-delete', 'mod1', '--namespace', 'ns1'),
  ],
};
