// Fake Mistral routes for event triggers, environments, members, services, code sources, dynamic
// actions, with the transcripts' canned data (t_trig, t_env, t_mem, t_cs, and t_fmt's
// environment-get). The real python-mistralclient run against these prints what the transcripts
// show. As elsewhere: the special identifiers of special() (`missing` → 404, ...) and
// `--filter name=empty` → an empty list.
import type { Reply } from '../server.js';
import { special } from '../mistral.js';
import type { ExtraRoute } from './index.js';

// Plain literals: this module is evaluated before mistral.ts's body (import cycle), so its
// constants cannot be used at the top level here. For the same reason only the routes index
// imports this module.
const WF1_ID = '11111111-2222-3333-4444-555555555555';
const CREATED = '2024-01-01 10:00:00';

export const ET1 = {
  id: 'et1',
  name: 'et',
  workflow_id: WF1_ID,
  workflow_params: {},
  exchange: 'nova',
  topic: 'notifications',
  event: 'compute.instance.create.end',
  created_at: CREATED,
  updated_at: null,
};

export const ENV1 = {
  name: 'env1',
  description: 'Test env',
  variables: { k: 'v', n: 1 },
  scope: 'private',
  created_at: CREATED,
  updated_at: null,
};

export const MEMBER1 = {
  resource_id: WF1_ID,
  resource_type: 'workflow',
  project_id: 'p1',
  member_id: 'p2',
  status: 'pending',
  created_at: CREATED,
  updated_at: null,
};

export const SERVICE1 = { name: 'host1_executor', type: 'executor_group' };

export const CODE_SOURCE_CONTENT = 'def f():\n    pass\n';

export const CS1 = {
  id: 'cs1',
  name: 'mod1',
  namespace: '',
  project_id: 'p1',
  scope: 'private',
  content: CODE_SOURCE_CONTENT,
  created_at: CREATED,
  updated_at: null,
};

export const DA1 = {
  id: 'da1',
  name: 'dyn1',
  class_name: 'MyAction',
  code_source_id: 'cs1',
  code_source_name: 'mod1',
  project_id: 'p1',
  scope: 'private',
  created_at: CREATED,
  updated_at: null,
};

/** A resource with the usual verbs: list (GET), create (POST), update (PUT on the collection), get, delete. */
function collection(key: string, item: object): ExtraRoute {
  return (req, parts, query) => {
    if (parts[0] !== key || parts.length > 2) return undefined;
    const [, id] = parts;
    const m = req.method;
    if (!id) {
      const empty = query.some(([k, v]) => k === 'name' && v === 'empty');
      if (m === 'GET') return { status: 200, body: { [key]: empty ? [] : [item] } };
      if (m === 'POST') return { status: 201, body: item };
      if (m === 'PUT') return { status: 200, body: item };
      return undefined;
    }
    const failure = special(id);
    if (failure) return failure;
    if (m === 'GET') return { status: 200, body: item };
    if (m === 'DELETE') return { status: 204 };
    return undefined;
  };
}

function jsonBody(body: string): Record<string, unknown> {
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** `/<type>s/<id>/members[/<member_id>]`. */
const memberRoutes: ExtraRoute = (req, parts) => {
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

const servicesRoute: ExtraRoute = (req, parts) =>
  parts[0] === 'services' && parts.length === 1 && req.method === 'GET' ? { status: 200, body: { services: [SERVICE1] } } : undefined;

const ROUTES: ExtraRoute[] = [
  collection('event_triggers', ET1),
  collection('environments', ENV1),
  collection('code_sources', CS1),
  collection('dynamic_actions', DA1),
  servicesRoute,
  memberRoutes,
];

export const groupBRoutes: ExtraRoute = (req, parts, query) => {
  for (const route of ROUTES) {
    const reply: Reply | undefined = route(req, parts, query);
    if (reply) return reply;
  }
  return undefined;
};
