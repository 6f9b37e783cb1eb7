// The fake Mistral's actions, with the canned data of the reference transcripts (t_action, t_err).
// An action's path carries its namespace as a segment: `/actions/<name>/<namespace>`.
import { itemReply, listOf, special, validation, type Route } from './shared.js';

export const A1 = {
  id: 'a1',
  name: 'std.echo',
  is_system: true,
  input: 'output, some_other_parameter=None',
  description: 'Action that just returns a given value.',
  tags: ['x'],
  // A system action has no definition text: action-get-definition prints an empty line.
  definition: null,
  scope: 'public',
  created_at: '2024-01-01 10:00:00',
  updated_at: null,
};

export const actionRoutes: Route = (req, parts, query) => {
  const [resource, id, sub] = parts;
  const m = req.method;
  if (resource !== 'actions') return undefined;
  if (id === 'validate' && m === 'POST') return validation(req.body);
  // Create and update answer with the list of the actions in the definition.
  if (m === 'POST' && !id) return { status: 201, body: { actions: [A1] } };
  if (m === 'PUT' && !sub) return (id && special(id)) || { status: 200, body: { actions: [A1] } };
  // /actions/<name>/<namespace> (the namespace segment may be empty: a trailing slash).
  if (id && (m === 'GET' || m === 'DELETE')) return itemReply(m, id, A1, { put: false });
  if (!id && m === 'GET') return { status: 200, body: { actions: listOf(query, A1) } };
  return undefined;
};
