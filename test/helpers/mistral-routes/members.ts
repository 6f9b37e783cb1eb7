// The fake Mistral's resource members (`/<type>s/<id>/members[/<member_id>]`), with the canned data
// of the reference transcripts (t_mem).
import { special, type Route } from './shared.js';
import { WF1 } from './workflows.js';

export const MEMBER1 = {
  resource_id: WF1.id,
  resource_type: 'workflow',
  project_id: 'p1',
  member_id: 'p2',
  status: 'pending',
  created_at: '2024-01-01 10:00:00',
  updated_at: null,
};

function jsonBody(body: string): Record<string, unknown> {
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export const memberRoutes: Route = (req, parts) => {
  if (parts[2] !== 'members' || parts.length > 4) return undefined;
  const failure = special(parts[1]);
  if (failure) return failure;
  const m = req.method;
  const memberId = parts[3];
  // `/members/` (member-get without -m or a project id) is the list, as in the transcripts' mock.
  if (!memberId) {
    if (m === 'GET') return { status: 200, body: { members: [MEMBER1] } };
    if (m === 'POST') return { status: 201, body: { ...MEMBER1, member_id: jsonBody(req.body).member_id ?? MEMBER1.member_id } };
    return undefined;
  }
  const memberFailure = special(memberId);
  if (memberFailure) return memberFailure;
  if (m === 'GET') return { status: 200, body: { ...MEMBER1, member_id: decodeURIComponent(memberId) } };
  if (m === 'PUT') return { status: 200, body: { ...MEMBER1, member_id: decodeURIComponent(memberId), status: jsonBody(req.body).status ?? MEMBER1.status } };
  if (m === 'DELETE') return { status: 204 };
  return undefined;
};
