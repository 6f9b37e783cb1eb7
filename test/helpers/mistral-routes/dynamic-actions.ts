// The fake Mistral's dynamic actions, with the canned data of the reference transcripts (t_cs).
import { CS1 } from './code-sources.js';
import { collection } from './shared.js';

export const DA1 = {
  id: 'da1',
  name: 'dyn1',
  class_name: 'MyAction',
  code_source_id: CS1.id,
  code_source_name: CS1.name,
  project_id: 'p1',
  scope: 'private',
  created_at: '2024-01-01 10:00:00',
  updated_at: null,
};

export const dynamicActionRoutes = collection('dynamic_actions', DA1, { putCollection: true, putItem: false });
