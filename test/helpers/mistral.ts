// A fake Mistral v2 API with the canned data of the reference transcripts
// (test/helpers/fixtures/mistralclient-transcripts.txt), one route module per command group in
// mistral-routes/ (the special identifiers, `missing` → 404 and the like, and `--filter name=empty`
// in mistral-routes/shared.ts). It answers under any path prefix before `/v2`, so one server can
// stand behind several catalog endpoints (`/public-r1/v2`, `/internal-r2/v2`, ...) and a test can
// tell which one the client picked. The executions of the `wait_*` workflows change state as they
// are read (EXECUTION_SCRIPTS).
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { E1 } from './mistral-routes/executions.js';
import { hostileRoutes } from './mistral-routes/hostile.js';
import { ROUTES } from './mistral-routes/index.js';
import { startServer, type FakeServer, type RecordedRequest, type Reply, type TlsIdentity } from './server.js';

export { E1, E2, REPORT } from './mistral-routes/executions.js';
export { WF1, WF_DEFINITION } from './mistral-routes/workflows.js';

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
  /**
   * As the real Mistral: a `wait_*` execution takes the id the POST gives, and a GET of an id it
   * does not know is a 404. Off (reset() turns it off): the fake numbers executions itself, so
   * tests can name them (00000000-0000-4000-8000-000000000001, ...). Either way a POST with an id
   * already used returns that execution and starts nothing (Mistral 15's idempotent create).
   */
  clientIds: boolean;
}

/** A step of a `wait_*` execution: its state, and its tasks ended of those it has so far. */
export interface ScriptStep {
  state: string;
  state_info?: string;
  tasks: [number, number];
}

/**
 * The states an execution of a `wait_*` workflow goes through, one step per GET of it:
 * wait_ok ends in SUCCESS, wait_three too after adding its three tasks one by one, wait_fail in
 * ERROR (task fail_here, action std.fail), wait_nested in ERROR inside a sub-workflow,
 * wait_cancel in CANCELLED, wait_forever never ends, wait_hostile ends in ERROR after a state
 * name with control characters.
 */
export const EXECUTION_SCRIPTS: Record<string, ScriptStep[]> = {
  wait_ok: [{ state: 'RUNNING', tasks: [0, 2] }, { state: 'RUNNING', tasks: [1, 2] }, { state: 'SUCCESS', tasks: [2, 2] }],
  wait_three: [{ state: 'RUNNING', tasks: [0, 1] }, { state: 'RUNNING', tasks: [1, 2] }, { state: 'RUNNING', tasks: [2, 3] }, { state: 'SUCCESS', tasks: [3, 3] }],
  wait_fail: [{ state: 'RUNNING', tasks: [0, 1] }, { state: 'ERROR', state_info: 'Failure caused by error in tasks: fail_here', tasks: [1, 1] }],
  wait_nested: [{ state: 'RUNNING', tasks: [0, 1] }, { state: 'ERROR', state_info: 'Failure caused by error in tasks: call_sub', tasks: [1, 1] }],
  wait_cancel: [{ state: 'RUNNING', tasks: [0, 1] }, { state: 'CANCELLED', state_info: 'Cancelled by an operator', tasks: [0, 1] }],
  wait_forever: [{ state: 'RUNNING', tasks: [0, 3] }],
  // A server whose state names and state info carry terminal control sequences.
  wait_hostile: [{ state: 'RUNNING', tasks: [0, 1] }, { state: '\x1b]0;pwned\x07PAUSED', tasks: [0, 1] }, { state: 'ERROR', state_info: 'Failure\x1b[2J in\r\x9b2J', tasks: [1, 1] }],
};

/** The names of a `wait_*` workflow's tasks, in the order they start (task0, task1, ... by default). */
const TASK_NAMES: Record<string, string[]> = { wait_three: ['one', 'two', 'three'], wait_fail: ['fail_here'], wait_nested: ['call_sub'] };

/**
 * What std.fail leaves as its action's output `result` and its task's state info in the report, as
 * Mistral 15 words it (test/e2e/wait.test.ts sees the real one): the executor wraps the
 * ActionException (mistral/engine/actions.py Action.fail stores the message).
 */
export const failResult = (executionId: string) => `The action raised an exception [action=Fail action, action_ex_id=ae-${executionId}, msg='Fail action expected exception.']`;

export interface StatefulExecution {
  body: Record<string, unknown>;
  /** The id the POST gave, if any. */
  clientId?: string;
  script: ScriptStep[];
  step: number;
  /** GETs of this execution so far. */
  reads: number;
}

/** A created `wait_*` execution: RUNNING at first, like a real one. */
function startStateful(running: Map<string, StatefulExecution>, req: RecordedRequest, clientIds: boolean): Reply | undefined {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(req.body) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const script = EXECUTION_SCRIPTS[String(body.workflow_name)];
  if (!script) return undefined;
  const project = req.headers['x-target-project-id'] ?? 'p1';
  const clientId = typeof body.id === 'string' ? body.id : undefined;
  const existing = clientId ? [...running.values()].find((e) => e.clientId === clientId) : undefined;
  if (existing) {
    // Mistral 15 looks the id up in the caller's project; another project's is "not found" (for a non-admin).
    if (existing.body.project_id !== project) return { status: 404, body: { faultstring: `WorkflowExecution not found [id=${clientId}]`, debuginfo: null } };
    return { status: 201, body: existing.body };
  }
  const id = clientIds && clientId ? clientId : `00000000-0000-4000-8000-${String(running.size + 1).padStart(12, '0')}`;
  const execution: StatefulExecution = {
    body: {
      ...E1,
      id,
      workflow_name: body.workflow_name,
      description: body.description ?? '',
      // The target's project when there is one: Mistral runs it there.
      project_id: project,
      input: body.input ?? '{}',
      state: script[0].state,
      state_info: null,
      created_at: '2024-06-01 11:59:50',
      updated_at: null,
    },
    clientId,
    script,
    step: 0,
    reads: 0,
  };
  running.set(id, execution);
  return { status: 201, body: execution.body };
}

/** Task i of a stateful execution: started 2 s apart from 11:59:50, each ran i + 1 seconds. */
function statefulTask(execution: StatefulExecution, i: number, done: boolean) {
  const name = TASK_NAMES[String(execution.body.workflow_name)]?.[i] ?? `task${i}`;
  const at = (seconds: number) => `2024-06-01 11:59:${String(50 + seconds).padStart(2, '0')}`;
  const failed = done && execution.body.state === 'ERROR' && i === execution.script[execution.step].tasks[1] - 1;
  return {
    id: `${String(execution.body.id)}-t${i}`,
    name,
    state: done ? (failed ? 'ERROR' : 'SUCCESS') : 'RUNNING',
    created_at: at(i * 2),
    updated_at: done ? at(i * 2 + i + 1) : null,
    started_at: at(i * 2),
    finished_at: done ? at(i * 2 + i + 1) : null,
  };
}

/** The report of an execution in ERROR: its failed task and std.fail action, inside a sub-workflow for wait_nested. */
function statefulReport(execution: StatefulExecution): Reply {
  const id = String(execution.body.id);
  const failing = { id: `${id}-fail`, name: 'fail_here', state: 'ERROR', state_info: failResult(id), action_executions: [{ id: `ae-${id}`, name: 'std.fail', state: 'ERROR', state_info: null }], workflow_executions: [] };
  const nested = execution.body.workflow_name === 'wait_nested';
  const tasks = execution.body.state !== 'ERROR' ? [] : nested
    ? [{ id: `${id}-t0`, name: 'call_sub', state: 'ERROR', state_info: 'Failure caused by error in tasks: fail_here', action_executions: [], workflow_executions: [{ id: `${id}-sub`, name: 'wait_fail', state: 'ERROR', task_executions: [failing] }] }]
    : [failing];
  const statistics = { total_tasks_count: tasks.length, success_tasks_count: 0, error_tasks_count: tasks.length, running_tasks_count: 0, idle_tasks_count: 0, paused_tasks_count: 0, estimated_time: 0 };
  return { status: 200, body: { statistics, root_workflow_execution: { id, name: execution.body.workflow_name, state: execution.body.state, task_executions: tasks } } };
}

function readStateful(execution: StatefulExecution, sub: string | undefined): Reply {
  if (sub === 'tasks') {
    const [done, total] = execution.script[execution.step].tasks;
    return { status: 200, body: { tasks: Array.from({ length: total }, (_, i) => statefulTask(execution, i, i < done)) } };
  }
  if (sub === 'report') return statefulReport(execution);
  execution.reads += 1;
  execution.step = Math.min(execution.step + 1, execution.script.length - 1);
  const step = execution.script[execution.step];
  const ended = ['SUCCESS', 'ERROR', 'CANCELLED'].includes(step.state);
  execution.body = { ...execution.body, state: step.state, state_info: step.state_info ?? null, updated_at: ended ? '2024-06-01 12:00:00' : null };
  return { status: 200, body: execution.body };
}

/** execution-update -s CANCELLED (and --cancel-on-timeout): the execution ends there. */
function cancelStateful(execution: StatefulExecution, req: RecordedRequest): Reply | undefined {
  if ((JSON.parse(req.body || '{}') as { state?: string }).state !== 'CANCELLED') return undefined;
  execution.script = [{ state: 'CANCELLED', tasks: execution.script[execution.step].tasks }];
  execution.step = 0;
  execution.body = { ...execution.body, state: 'CANCELLED', state_info: null, updated_at: '2024-06-01 12:00:00' };
  return { status: 200, body: execution.body };
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
  const query = [...new URLSearchParams(req.query)];
  const parts = rest.split('/').filter(Boolean);
  // Before the usual routes, which answer any workflow id with WF1.
  for (const answer of [hostileRoutes, ...ROUTES]) {
    const reply = answer(req, parts, query);
    if (reply) return reply;
  }
  return { status: 404, body: { faultstring: `The resource could not be found: ${req.method} ${req.path}`, debuginfo: null } };
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
    if (collection === 'action_executions' && id?.startsWith('ae-') && running.has(decodeURIComponent(id).slice(3)) && req.method === 'GET') {
      return { status: 200, body: { id: decodeURIComponent(id), name: 'std.fail', state: 'ERROR', state_info: null, output: JSON.stringify({ result: failResult(decodeURIComponent(id).slice(3)) }) } };
    }
    if (collection === 'executions') {
      if (!id && req.method === 'POST') {
        const started = startStateful(running, req, self.clientIds);
        if (started) return started;
      }
      const execution = id ? running.get(decodeURIComponent(id)) : undefined;
      // Like the real one: an execution belongs to the project it was started in (the target's, with
      // a target), and another project's is not found (mistral/db/v2/sqlalchemy/api.py's message).
      if (execution && execution.body.project_id !== (req.headers['x-target-project-id'] ?? 'p1')) {
        return { status: 404, body: { faultstring: `WorkflowExecution not found [id=${decodeURIComponent(id ?? '')}]`, debuginfo: null } };
      }
      if (execution && req.method === 'GET') return readStateful(execution, sub);
      if (execution && !sub && req.method === 'PUT') {
        const cancelled = cancelStateful(execution, req);
        if (cancelled) return cancelled;
      }
      if (!execution && id && !sub && req.method === 'GET' && self.clientIds) {
        return { status: 404, body: { faultstring: `WorkflowExecution not found [id=${decodeURIComponent(id)}]`, debuginfo: null } };
      }
    }
    return route(req, match[2] ?? '/');
  };
  const server = await startServer(name, handler, options.tls);
  self = {
    ...server,
    apiUrl: `${server.url}/v2`,
    acceptToken: options.acceptToken,
    running,
    clientIds: false,
    reset() {
      server.reset();
      running.clear();
      self.intercept = undefined;
      self.clientIds = false;
    },
  };
  return self;
}

/**
 * The request as python-mistralclient would have sent it: this client's execution-create adds the
 * id of the execution it starts (README "Differences"), last in the body.
 */
export function referenceWire(req: RecordedRequest): WireRequest {
  const request = wire(req);
  if (request.m !== 'POST' || request.path !== '/v2/executions') return request;
  const id = /, "id": "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"\}$/;
  if (!id.test(request.body)) throw new Error(`execution-create sent no random execution id last: ${request.body}`);
  return { ...request, body: request.body.replace(id, '}') };
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
