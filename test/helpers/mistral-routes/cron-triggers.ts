// The fake Mistral's cron triggers, with the canned data of the reference transcripts (t_trig,
// t_fmt, t_err).
import { collection, type Route } from './shared.js';
import { WF1 } from './workflows.js';

export const CT1 = {
  name: 'ct1',
  workflow_name: 'wf1',
  workflow_id: WF1.id,
  workflow_input: '{}',
  workflow_params: '{}',
  pattern: '* * * * *',
  next_execution_time: '2024-01-01 10:01:00',
  remaining_executions: 3,
  scope: 'private',
  created_at: '2024-01-01 10:00:00',
  updated_at: null,
};

const cronTriggers = collection('cron_triggers', CT1, { putCollection: false, putItem: false });

// A cron trigger is never updated: a PUT is not this route's, not even for a special id.
export const cronTriggerRoutes: Route = (req, parts, query) => (req.method === 'PUT' ? undefined : cronTriggers(req, parts, query));
