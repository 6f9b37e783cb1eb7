// The fake Mistral's event triggers, with the canned data of the reference transcripts (t_trig).
import { collection } from './shared.js';
import { WF1 } from './workflows.js';

export const ET1 = {
  id: 'et1',
  name: 'et',
  workflow_id: WF1.id,
  workflow_params: {},
  exchange: 'nova',
  topic: 'notifications',
  event: 'compute.instance.create.end',
  created_at: '2024-01-01 10:00:00',
  updated_at: null,
};

export const eventTriggerRoutes = collection('event_triggers', ET1, { putCollection: true, putItem: false });
