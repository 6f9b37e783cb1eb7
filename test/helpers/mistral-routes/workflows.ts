// The fake Mistral's workflows, with the canned data of the reference transcripts (t_workflow,
// t_fmt, t_err in ../fixtures/mistralclient-transcripts.txt).
import { itemReply, listOf, validation, type Route } from './shared.js';

export const WF_DEFINITION = "---\nversion: '2.0'\nwf1:\n  tasks:\n    t1:\n      action: std.noop\n";

export const WF1 = {
  id: '11111111-2222-3333-4444-555555555555',
  name: 'wf1',
  namespace: '',
  project_id: 'p1',
  tags: [],
  input: 'a, b=2, a_very_long_parameter_name=some_default_value',
  scope: 'private',
  definition: WF_DEFINITION,
  created_at: '2024-01-01 10:00:00',
  updated_at: '2024-01-02 11:00:00',
};

export const workflowRoutes: Route = (req, parts, query) => {
  const [resource, id, sub] = parts;
  const m = req.method;
  if (resource !== 'workflows') return undefined;
  if (!id) {
    if (m === 'GET') return { status: 200, body: { workflows: listOf(query, WF1) } };
    // Create and update answer with the list of the workflows in the definition.
    if (m === 'POST') return { status: 201, body: { workflows: [WF1] } };
    if (m === 'PUT') return { status: 200, body: { workflows: [WF1] } };
  }
  if (id === 'validate' && m === 'POST') return validation(req.body);
  if (id && !sub) return itemReply(m, id, WF1, { put: true });
  return undefined;
};
