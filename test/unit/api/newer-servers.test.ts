// What newer Mistral servers answer, handled by src/api (README "Errors, exit codes, --debug" and
// "Differences"): a list split into pages with `next` links is fetched whole (src/api/manager.ts
// list), and stops at an asked limit; a 423 of a Mistral in maintenance mode (Mistral 17+,
// mistral/api/hooks/maintenance.py) is one line naming the home cloud's Mistral, never sent again;
// a bare 404 (the web framework's: no such endpoint, as /v2/services on Mistral 21) names the
// endpoint and the server. All on the fake Mistral (test/helpers/mistral.ts) with its intercept hook.
import { describe, expect, it } from 'vitest';
import { lines, runCli, type CliResult } from '../../helpers/cli.js';
import { useWorld, type Env } from '../../helpers/clouds.js';
import { WF1 } from '../../helpers/mistral.js';
import type { RecordedRequest, Reply } from '../../helpers/server.js';

const world = useWorld({}, (world) => {
  world.mistral.acceptToken = undefined;
});

/** Unauthenticated, straight at the fake Mistral. */
const direct = (...argv: string[]) => runCli(['--os-mistral-url', world.mistral.apiUrl, ...argv], {});

/** Seven workflows, wf-1 … wf-7, with ids id-1 … id-7. */
const WORKFLOWS = Array.from({ length: 7 }, (_, i) => ({ ...WF1, id: `id-${i + 1}`, name: `wf-${i + 1}` }));

/**
 * GET /workflows as a server that caps a page at `cap` items: the page after `marker`, limited to
 * the asked limit and the cap, with a `next` link (Mistral's shape, mistral/api/controllers/resource.py
 * get_next: the whole URL, the query, then limit and marker) whenever the page is full. `nextLink` may replace the link.
 */
function pagedWorkflows(cap: number, nextLink?: (last: string, limit: number) => string | undefined) {
  return (req: RecordedRequest): Reply | undefined => {
    if (req.method !== 'GET' || !req.path.endsWith('/v2/workflows')) return undefined;
    const query = new URLSearchParams(req.query);
    const start = query.has('marker') ? WORKFLOWS.findIndex((w) => w.id === query.get('marker')) + 1 : 0;
    const limit = Math.min(Number(query.get('limit') ?? Infinity), cap);
    const page = WORKFLOWS.slice(start, start + limit);
    const last = page.at(-1)?.id ?? '';
    const next = page.length === limit
      ? (nextLink ? nextLink(last, limit) : `http://mistral.example:8989/v2/workflows?sort_keys=created_at&sort_dirs=asc&limit=${limit}&marker=${last}`)
      : undefined;
    return { status: 200, body: { workflows: page, ...(next ? { next } : {}) } };
  };
}

/** The marker and limit of each GET /workflows, in the order sent ('' when neither). */
const workflowGets = () => world.mistral.requests
  .filter((r) => r.method === 'GET' && r.path.endsWith('/workflows'))
  .map((r) => [...new URLSearchParams(r.query)].filter(([key]) => key === 'marker' || key === 'limit').map(([k, v]) => `${k}=${v}`).join('&'));
const FIELDS = 'fields=id%2Cname%2Cnamespace%2Cproject_id%2Ctags%2Cinput%2Cscope%2Ccreated_at%2Cupdated_at';

function expectOneError(result: CliResult, line: string): void {
  expect(result.stdout).toBe('');
  expect(result.stderr).toBe(`ERROR (app) ${line}\n`);
  expect(result.code).toBe(1);
}

describe('a list split into pages by the server', () => {
  it('is fetched whole: the next link is followed until the list ends', async () => {
    world.mistral.intercept = pagedWorkflows(3);
    const result = await direct('workflow-list', '-f', 'value', '-c', 'Name');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual(WORKFLOWS.map((w) => w.name));
    expect(workflowGets()).toEqual(['', 'marker=id-3', 'marker=id-6']);
  });

  it('--limit -1 is the whole list too (no limit sent, every page fetched)', async () => {
    world.mistral.intercept = pagedWorkflows(2);
    const result = await direct('workflow-list', '--limit', '-1', '-f', 'value', '-c', 'Name');
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toHaveLength(7);
    expect(workflowGets()).toEqual(['', 'marker=id-2', 'marker=id-4', 'marker=id-6']);
  });

  it('with a limit above the cap: pages until the limit, each asking only for what is left, the other query kept', async () => {
    world.mistral.intercept = pagedWorkflows(2);
    const result = await direct('workflow-list', '--limit', '5', '--sort_keys', 'name', '-f', 'value', '-c', 'Name');
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual(['wf-1', 'wf-2', 'wf-3', 'wf-4', 'wf-5']);
    expect(world.mistral.requests.map((r) => r.query)).toEqual([
      `limit=5&sort_keys=name&sort_dirs=asc&${FIELDS}`,
      `marker=id-2&limit=3&sort_keys=name&sort_dirs=asc&${FIELDS}`,
      `marker=id-4&limit=1&sort_keys=name&sort_dirs=asc&${FIELDS}`,
    ]);
  });

  it('a page full at the asked limit ends the list, though the server adds a next link (as Mistral 15 and 20 do)', async () => {
    world.mistral.intercept = pagedWorkflows(100);
    const result = await direct('workflow-list', '--limit', '2', '-f', 'value', '-c', 'Name');
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual(['wf-1', 'wf-2']);
    expect(workflowGets()).toEqual(['limit=2']);
  });

  it("execution-list's default limit of 100 is a limit like any other", async () => {
    const executions = Array.from({ length: 3 }, (_, i) => ({ id: `e-${i + 1}`, workflow_name: 'wf1', state: 'SUCCESS', created_at: `2024-01-01 10:00:0${i}` }));
    world.mistral.intercept = (req) => {
      if (req.method !== 'GET' || !req.path.endsWith('/v2/executions')) return undefined;
      const marker = new URLSearchParams(req.query).get('marker');
      const start = marker ? executions.findIndex((e) => e.id === marker) + 1 : 0;
      const page = executions.slice(start, start + 2);
      return { status: 200, body: { executions: page, ...(page.length === 2 ? { next: `http://x/v2/executions?marker=${page[1].id}` } : {}) } };
    };
    const result = await direct('execution-list', '--oldest', '-f', 'value', '-c', 'ID');
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual(['e-1', 'e-2', 'e-3']);
    const queries = world.mistral.requests.filter((r) => r.path.endsWith('/executions')).map((r) => new URLSearchParams(r.query));
    expect(queries.map((q) => [q.get('marker'), q.get('limit')])).toEqual([[null, '100'], ['e-2', '98']]);
  });

  it("only the link's marker is taken: a link naming another host or path sends nothing there", async () => {
    world.mistral.intercept = pagedWorkflows(4, (last) => `http://elsewhere.invalid:1/steal?marker=${last}`);
    const result = await direct('workflow-list', '-f', 'value', '-c', 'Name');
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toHaveLength(7);
    expect(world.mistral.requests.map((r) => r.path)).toEqual(['/v2/workflows', '/v2/workflows']);
  });

  it('a next link without a marker cannot be followed: one line and exit 1, never a list silently cut short', async () => {
    world.mistral.intercept = pagedWorkflows(3, () => 'http://mistral.example:8989/v2/workflows?limit=3');
    expectOneError(await direct('workflow-list'), "Mistral's answer to GET /workflows has a next link without a marker, so the rest of the list cannot be fetched");
  });

  it('a next link that repeats its marker (a loop) stops with one line, after one request more', async () => {
    world.mistral.intercept = pagedWorkflows(3, () => 'http://mistral.example:8989/v2/workflows?marker=id-3');
    expectOneError(await direct('workflow-list'), "Mistral's list of workflows was cut short: its next link repeats the marker id-3, so the rest cannot be fetched");
    expect(workflowGets()).toEqual(['', 'marker=id-3']);
  });

  it('an endless chain of next links stops after 1000 pages with one line (no memory exhaustion)', async () => {
    let page = 0;
    world.mistral.intercept = (req) => {
      page += 1;
      return { status: 200, body: { workflows: [{ ...WF1, id: `id-${page}` }], next: `http://x/v2/workflows?marker=id-${page}` } };
    };
    expectOneError(await direct('workflow-list'), "Mistral's list of workflows was cut short: its next link still has one after 1000 pages, so the rest cannot be fetched");
    expect(page).toBe(1000);
  }, 120_000);
});

/** Mistral 20's answer to a change in maintenance mode, as mistral/api/hooks/maintenance.py writes it. */
function maintenance(req: RecordedRequest): Reply | undefined {
  if (req.method === 'GET') return undefined;
  const message = 'Current Mistral state is PAUSED. Method is not allowed';
  return { status: 423, headers: { 'Server-Error-Message': message }, body: { faultstring: message, debuginfo: null } };
}

describe('a Mistral in maintenance mode (HTTP 423)', () => {
  const env = (): Env => world.homeEnv();
  const apiUrl = () => `${world.mistral.url}/public-r1/v2`;

  it('a create says so in one line naming the home cloud, exit 1; the POST went once', async () => {
    world.mistral.intercept = maintenance;
    const result = await runCli(['workflow-create', '-'], env(), { stdin: "---\nversion: '2.0'\nwf1:\n  tasks:\n    t1:\n      action: std.noop\n" });
    expectOneError(result, `Mistral of the home cloud at ${apiUrl()} is in maintenance mode and refused POST /workflows: Current Mistral state is PAUSED. Method is not allowed (HTTP 423 Locked); nothing was changed, try again once its operator has set it back to RUNNING`);
    expect(world.mistral.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('a PUT, which a 503 would have sent three times, goes once', async () => {
    world.mistral.intercept = maintenance;
    const result = await runCli(['environment-update', '-'], env(), { stdin: '{"name": "env1", "variables": {}}' });
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toContain('is in maintenance mode and refused PUT /environments');
    expect(world.mistral.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
  });

  it('with a target cloud, the line says the request acted on it', async () => {
    world.mistral.intercept = maintenance;
    const result = await runCli(['environment-create', '-'], { ...env(), ...world.targetEnv() }, { stdin: '{"name": "env1", "variables": {}}' });
    expectOneError(result, `Mistral of the home cloud at ${apiUrl()} is in maintenance mode and refused POST /environments, acting on the target cloud: Current Mistral state is PAUSED. Method is not allowed (HTTP 423 Locked); nothing was changed, try again once its operator has set it back to RUNNING`);
    expect(world.mistral.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });
});

/** webob's page for a path no controller serves, as pecan answers it. */
const PECAN_404: Reply = {
  status: 404,
  headers: { 'Content-Type': 'text/html; charset=UTF-8' },
  body: '<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  The resource could not be found.<br /><br />\n\n\n\n </body>\n</html>',
};

describe('an endpoint the server lacks (a bare 404)', () => {
  it('service-list on a Mistral without /v2/services: one line naming the endpoint and the server, exit 1', async () => {
    world.mistral.intercept = (req) => (req.path.endsWith('/v2/services') ? PECAN_404 : undefined);
    const result = await direct('service-list');
    expectOneError(result, `Mistral at ${world.mistral.apiUrl} has no endpoint /services (it answered GET ${world.mistral.apiUrl}/services with HTTP 404 Not Found (text/html): "404 Not Found"): a Mistral release without it (Mistral 21 has no /v2/services), or a Mistral URL that does not end in /v2`);
  });

  it("Mistral's own 'not found', with its message, stays as it was", async () => {
    const result = await direct('workflow-get', 'missing');
    expectOneError(result, 'Object not found [name=missing] (HTTP 404 Not Found)');
  });
});
