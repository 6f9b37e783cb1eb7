// The fake Mistral's environments, with the canned data of the reference transcripts (t_env and
// t_fmt's environment-get).
import { collection } from './shared.js';

export const ENV1 = {
  name: 'env1',
  description: 'Test env',
  variables: { k: 'v', n: 1 },
  scope: 'private',
  created_at: '2024-01-01 10:00:00',
  updated_at: null,
};

export const environmentRoutes = collection('environments', ENV1, { putCollection: true, putItem: false });
