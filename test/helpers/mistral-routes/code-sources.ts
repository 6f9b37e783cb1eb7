// The fake Mistral's code sources, with the canned data of the reference transcripts (t_cs).
import { collection } from './shared.js';

export const CODE_SOURCE_CONTENT = 'def f():\n    pass\n';

export const CS1 = {
  id: 'cs1',
  name: 'mod1',
  namespace: '',
  project_id: 'p1',
  scope: 'private',
  content: CODE_SOURCE_CONTENT,
  created_at: '2024-01-01 10:00:00',
  updated_at: null,
};

export const codeSourceRoutes = collection('code_sources', CS1, { putCollection: true, putItem: false });
