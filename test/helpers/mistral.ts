// A fake Mistral v2 API with the canned data of the reference transcripts (t_workflow, t_exec1,
// t_exec2, t_fmt, t_err, t_err2 in test/helpers/fixtures/mistralclient-transcripts.txt): enough
// for the 7 workflow and 10 execution commands. It answers under any path prefix before `/v2`, so
// one server can stand behind several catalog endpoints (`/public-r1/v2`, `/internal-r2/v2`, ...)
// and a test can tell which one the client picked.
//
// Special identifiers, as in the transcripts' mock: `missing` → 404 with a faultstring, `boom` →
// 500 HTML, `hdrerr` → 409 with a Server-Error-Message header, `jsonnofault` → 500 JSON without a
// faultstring, `emptybody` → 503 empty body, `empty500` → 500 empty body, `traceback` → 500 with a multi-line faultstring; `--filter name=empty`
// gives an empty list; execution `badtime` has a timestamp in another format. Control characters
// and invalid UTF-8: mistral-routes/hostile.ts.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { hostileRoutes } from './mistral-routes/hostile.js';
import { EXTRA_ROUTES } from './mistral-routes/index.js';
import { startServer, type FakeServer, type RecordedRequest, type Reply, type TlsIdentity } from './server.js';

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

export const E1 = {
  id: 'e1e1e1e1-0000-0000-0000-000000000001',
  workflow_id: WF1.id,
  workflow_name: 'wf1',
  workflow_namespace: '',
  description: 'my run',
  task_execution_id: null,
  root_execution_id: null,
  state: 'SUCCESS',
  state_info: null,
  input: '{"a": 1}',
  output: '{"result": "ok"}',
  params: '{"namespace": ""}',
  published_global: '{"g": 1}',
  created_at: '2024-01-01 10:00:00',
  updated_at: '2024-01-01 10:00:09',
};

export const E2 = {
  id: 'e2',
  workflow_id: WF1.id,
  workflow_name: 'wf1',
  workflow_namespace: '',
  description: '',
  task_execution_id: 't9',
  root_execution_id: E1.id,
  state: 'ERROR',
  state_info: 'Failure caused by error in tasks: t1',
  created_at: '2024-01-01 10:00:00',
  updated_at: '2024-01-01 10:00:09',
};

export const REPORT = {
  statistics: { success_tasks_count: 1, error_tasks_count: 1, running_tasks_count: 0, idle_tasks_count: 0, paused_tasks_count: 0 },
  root_workflow_execution: {
    id: E1.id,
    name: 'wf1',
    state: 'ERROR',
    task_executions: [
      {
        id: 't1',
        name: 't1',
        state: 'ERROR',
        state_info: 'line1\nline2 boom',
        retry_count: 2,
        action_executions: [{ id: 'ae1', name: 'std.fail', state: 'ERROR', state_info: 'Fail action expected exception.' }],
        workflow_executions: [],
      },
      {
        id: 't2',
        name: 't2',
        state: 'SUCCESS',
        action_executions: [],
        workflow_executions: [{ id: 'e2', name: 'subwf', state: 'SUCCESS', task_executions: [] }],
      },
    ],
  },
};

export interface MistralOptions {
  tls?: TlsIdentity;
  /** When given, a request whose X-Auth-Token this refuses gets the real server's 401 (which echoes the token). */
  acceptToken?: (token: string | undefined) => boolean;
}

export interface FakeMistral extends FakeServer {
  /** `<url>/v2`, for --os-mistral-url. */
  apiUrl: string;
  acceptToken?: (token: string | undefined) => boolean;
  /** A test's own answer for a request, before any route (undefined: the usual routes). */
  intercept?: (req: RecordedRequest) => Reply | undefined;
  /** Executions of the `wait_*` workflows, by id: they move through their script as they are read. */
  running: Map<string, StatefulExecution>;
}

/**
 * The states an execution of a `wait_*` workflow goes through, one step per GET of it:
 * wait_ok ends in SUCCESS, wait_fail in ERROR, wait_cancel in CANCELLED, wait_forever never ends,
 * wait_hostile ends in ERROR after a state name with control characters.
 */
export const EXECUTION_SCRIPTS: Record<string, Array<{ state: string; state_info?: string; tasks: [number, number] }>> = {
  wait_ok: [{ state: 'RUNNING', tasks: [0, 2] }, { state: 'RUNNING', tasks: [1, 2] }, { state: 'SUCCESS', tasks: [2, 2] }],
  wait_fail: [{ state: 'RUNNING', tasks: [0, 1] }, { state: 'ERROR', state_info: 'Failure caused by error in tasks: fail_here', tasks: [1, 1] }],
  wait_cancel: [{ state: 'RUNNING', tasks: [0, 1] }, { state: 'CANCELLED', state_info: 'Cancelled by an operator', tasks: [0, 1] }],
  wait_forever: [{ state: 'RUNNING', tasks: [0, 3] }],
  // A server whose state names and state info carry terminal control sequences.
  wait_hostile: [{ state: 'RUNNING', tasks: [0, 1] }, { state: '\x1b]0;pwned\x07PAUSED', tasks: [0, 1] }, { state: 'ERROR', state_info: 'Failure\x1b[2J in\r\x9b2J', tasks: [1, 1] }],
};

export interface StatefulExecution {
  body: Record<string, unknown>;
  script: (typeof EXECUTION_SCRIPTS)[string];
  step: number;
  /** GETs of this execution so far. */
  reads: number;
}

/** A created `wait_*` execution: RUNNING at first, like a real one. */
function startStateful(running: Map<string, StatefulExecution>, req: RecordedRequest): Reply | undefined {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(req.body) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const script = EXECUTION_SCRIPTS[String(body.workflow_name)];
  if (!script) return undefined;
  const id = `00000000-0000-4000-8000-${String(running.size + 1).padStart(12, '0')}`;
  const execution: StatefulExecution = {
    body: {
      ...E1,
      id,
      workflow_name: body.workflow_name,
      description: body.description ?? '',
      // The target's project when there is one: Mistral runs it there.
      project_id: req.headers['x-target-project-id'] ?? 'p1',
      input: body.input ?? '{}',
      state: script[0].state,
      state_info: null,
      created_at: '2024-06-01 11:59:50',
      updated_at: null,
    },
    script,
    step: 0,
    reads: 0,
  };
  running.set(id, execution);
  return { status: 201, body: execution.body };
}

function readStateful(execution: StatefulExecution, sub: string | undefined): Reply {
  if (sub === 'tasks') {
    const [done, total] = execution.script[execution.step].tasks;
    return { status: 200, body: { tasks: Array.from({ length: total }, (_, i) => ({ id: `t${i}`, name: `task${i}`, state: i < done ? 'SUCCESS' : 'RUNNING' })) } };
  }
  execution.reads += 1;
  execution.step = Math.min(execution.step + 1, execution.script.length - 1);
  const step = execution.script[execution.step];
  const ended = ['SUCCESS', 'ERROR', 'CANCELLED'].includes(step.state);
  execution.body = { ...execution.body, state: step.state, state_info: step.state_info ?? null, updated_at: ended ? '2024-06-01 12:00:00' : null };
  return { status: 200, body: execution.body };
}

export function special(id: string): Reply | undefined {
  switch (decodeURIComponent(id)) {
    case 'missing':
      return { status: 404, body: { faultstring: `Object not found [name=missing]`, debuginfo: null } };
    case 'boom':
      return { status: 500, headers: { 'Content-Type': 'text/html' }, body: '<html>Internal Server Error</html>' };
    case 'hdrerr':
      return { status: 409, headers: { 'Server-Error-Message': 'Header error message' }, body: { faultstring: 'Body error message' } };
    case 'jsonnofault':
      return { status: 500, body: { debuginfo: null } };
    case 'emptybody':
      return { status: 503, body: '' };
    case 'traceback':
      return { status: 500, body: { faultstring: 'ValueError: Action x is already completed\n    raise ValueError(\nValueError: Action x is already completed\n', debuginfo: null } };
    case 'empty500':
      return { status: 500, body: '' };
    default:
      return undefined;
  }
}

export function queryPairs(query: string): Array<[string, string]> {
  return [...new URLSearchParams(query)];
}

function unauthorized(token: string | undefined): Reply {
  const message = `Failed to validate access token: ${token ? `Auth token is invalid: ${token}` : 'Authentication required'}`;
  return {
    status: 401,
    headers: { 'Server-Error-Message': message, 'WWW-Authenticate': `Keystone uri='http://keystone.invalid' ${message}` },
    body: { faultstring: message, debuginfo: null },
  };
}

function route(req: RecordedRequest, rest: string): Reply {
  const q = queryPairs(req.query);
  const emptyFilter = q.some(([k, v]) => k === 'name' && v === 'empty');
  const parts = rest.split('/').filter(Boolean);
  const [collection, id, sub] = parts;
  const m = req.method;
  // Before the usual routes, which answer any workflow id with WF1.
  const hostile = hostileRoutes(req, parts, q);
  if (hostile) return hostile;

  if (collection === 'workflows') {
    if (!id) {
      if (m === 'GET') return { status: 200, body: { workflows: emptyFilter ? [] : [WF1] } };
      if (m === 'POST') return { status: 201, body: { workflows: [WF1] } };
      if (m === 'PUT') return { status: 200, body: { workflows: [WF1] } };
    }
    if (id === 'validate' && m === 'POST') {
      return { status: 200, body: req.body.includes('invalid') ? { valid: false, error: 'Invalid DSL: bad thing' } : { valid: true, error: null } };
    }
    if (id && !sub) {
      const failure = special(id);
      if (failure) return failure;
      if (m === 'GET') return { status: 200, body: WF1 };
      if (m === 'PUT') return { status: 200, body: WF1 };
      if (m === 'DELETE') return { status: 204 };
    }
  }

  if (collection === 'executions') {
    if (!id) {
      if (m === 'GET') {
        // Newest first when asked for descending order, as the real API does.
        const desc = q.some(([k, v]) => k === 'sort_dirs' && v.split(',')[0] === 'desc');
        const items = emptyFilter ? [] : desc ? [E2, E1] : [E1, E2];
        return { status: 200, body: { executions: items } };
      }
      if (m === 'POST') return { status: 201, body: E1 };
    }
    if (id) {
      const failure = special(id);
      if (failure) return failure;
      if (!sub) {
        // A timestamp the reference cannot parse either (it fails with a ValueError).
        if (m === 'GET' && id === 'badtime') return { status: 200, body: { ...E1, id: 'badtime', created_at: '2024-01-01T10:00:00Z' } };
        if (m === 'GET') return { status: 200, body: decodeURIComponent(id) === 'e2' ? E2 : E1 };
        if (m === 'PUT') return { status: 200, body: E1 };
        if (m === 'DELETE') return { status: 204 };
      }
      if (sub === 'report' && m === 'GET') return { status: 200, body: REPORT };
      if (sub === 'executions' && m === 'GET') return { status: 200, body: { executions: [E1, E2] } };
    }
  }

  for (const extra of EXTRA_ROUTES) {
    const reply = extra(req, parts, q);
    if (reply) return reply;
  }
  return { status: 404, body: { faultstring: `The resource could not be found: ${m} ${req.path}`, debuginfo: null } };
}

export async function startMistral(options: MistralOptions = {}, name = 'mistral'): Promise<FakeMistral> {
  let self: FakeMistral;
  const running = new Map<string, StatefulExecution>();
  const handler = (req: RecordedRequest): Reply => {
    const match = /^(.*?)\/v2(\/.*)?$/.exec(req.path);
    if (!match) return { status: 404, body: { faultstring: `not a v2 path: ${req.path}` } };
    if (self.acceptToken && !self.acceptToken(req.headers['x-auth-token'])) return unauthorized(req.headers['x-auth-token']);
    const intercepted = self.intercept?.(req);
    if (intercepted) return intercepted;
    const [collection, id, sub] = (match[2] ?? '/').split('/').filter(Boolean);
    if (collection === 'executions') {
      if (!id && req.method === 'POST') {
        const started = startStateful(running, req);
        if (started) return started;
      }
      const execution = id ? running.get(decodeURIComponent(id)) : undefined;
      // Like the real one: an execution belongs to the project it was started in (the target's, with a target).
      if (execution && execution.body.project_id !== (req.headers['x-target-project-id'] ?? 'p1')) {
        return { status: 404, body: { faultstring: `Can't find entity: WorkflowExecution [id=${id}]`, debuginfo: null } };
      }
      if (execution && req.method === 'GET') return readStateful(execution, sub);
    }
    return route(req, match[2] ?? '/');
  };
  const server = await startServer(name, handler, options.tls);
  self = {
    ...server,
    apiUrl: `${server.url}/v2`,
    acceptToken: options.acceptToken,
    running,
    reset() {
      server.reset();
      running.clear();
      self.intercept = undefined;
    },
  };
  return self;
}

/** The request in the transcripts' `--- requests:` notation (path without any endpoint prefix). */
export interface WireRequest {
  m: string;
  path: string;
  q: string;
  ct: string | null;
  body: string;
}

export function wire(req: RecordedRequest): WireRequest {
  return {
    m: req.method,
    path: req.path.replace(/^.*?(\/v2(?:\/|$))/, '$1'),
    q: req.query,
    ct: req.headers['content-type'] ?? null,
    body: req.body,
  };
}

/** A fake Mistral for one test file: started before its tests, reset before each, closed after all. */
export function useMistral(options: MistralOptions = {}): FakeMistral {
  let current: FakeMistral | undefined;
  beforeAll(async () => {
    current = await startMistral(options);
  });
  afterAll(async () => {
    await current?.close();
  });
  beforeEach(() => current!.reset());
  return new Proxy({} as FakeMistral, { get: (_target, property) => Reflect.get(current!, property, current) });
}
