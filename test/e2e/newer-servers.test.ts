// What the real Mistral answers that src/api handles (the same cases on the fakes:
// test/unit/api/newer-servers.test.ts): a page full at the asked limit carries a `next` link, and a
// limited list stops there; maintenance mode (Mistral 17+, so trixie's Mistral 20 only: a change
// is refused with 423) gives one line naming the home cloud's Mistral and is never sent again; a
// bare 404 of an endpoint the server lacks names the endpoint and the server; a list's answer has
// the shape that the json, value and csv formats read item by item.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsedPage, scanPage, type PageItems } from '../../src/api/list-answer.js';
import { mistral, ok, openrc, pythonMistral, stack } from './stack.js';

const env = openrc('openrc-a.sh');
const NAMES = ['e2e_page_1', 'e2e_page_2', 'e2e_page_3'];
const definitions = join(tmpdir(), `e2e-pages-${process.pid}.yaml`);
/** Mistral's own root, where /maintenance lives (not under /v2). */
const ROOT = stack.mistral.url.replace(/\/v2$/, '');

/** The requests of one --debug run, as "METHOD URL". */
const requests = (stderr: string) => [...stderr.matchAll(/^DEBUG REQ: (\S+ \S+)/gm)].map((m) => m[1]);

beforeAll(async () => {
  writeFileSync(definitions, `---\nversion: '2.0'\n${NAMES.map((n) => `${n}:\n  tasks:\n    t1:\n      action: std.noop\n`).join('')}`);
  for (const name of NAMES) await mistral(['workflow-delete', name], env);
  await ok(mistral(['workflow-create', definitions], env));
});

afterAll(async () => {
  for (const name of NAMES) await mistral(['workflow-delete', name], env);
});

describe('pages of a list on the real Mistral', () => {
  it('the premise: a page full at the asked limit comes with a next link', async () => {
    const r = await mistral(['workflow-list', '--limit', '2', '--debug'], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^DEBUG RESP BODY: .*"next": ?"http:\/\/127\.0\.0\.1:8989\/v2\/workflows\?[^"]*limit=2&marker=[0-9a-f-]{36}/m);
  });

  it('--limit 2 shows two workflows and sends one request: the list stops at its limit', async () => {
    const r = await mistral(['workflow-list', '--limit', '2', '--debug', '-f', 'value', '-c', 'Name'], env);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    expect(requests(r.stderr).filter((q) => q.startsWith('GET ') && q.includes('/workflows'))).toHaveLength(1);
  });

  it('--limit -1 shows every workflow (no limit sent, so no next link either)', async () => {
    const r = await mistral(['workflow-list', '--limit', '-1', '--debug', '-f', 'value', '-c', 'Name'], env);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(expect.arrayContaining(NAMES));
    const gets = requests(r.stderr).filter((q) => q.startsWith('GET ') && q.includes('/workflows'));
    expect(gets).toHaveLength(1);
    expect(gets[0]).not.toMatch(/limit=/);
  });
});

describe('list answers of the real Mistral are read item by item (src/api/list-answer.ts)', () => {
  // The json, value and csv formats read a list's answer one item at a time only when it has the
  // shape scanPage knows; on another it falls back to parsing it whole, correct but without the
  // memory saved (README Speed). This pins that Mistral's own answers, with and without a next
  // link, have that shape on each release, and that the two readings agree.
  const FIELDS = 'id,name,namespace,project_id,tags,input,scope,created_at,updated_at';
  for (const limit of ['2', '']) {
    it(`GET /workflows${limit ? ` with limit=${limit} (a next link)` : ' whole'}`, async () => {
      const query = new URLSearchParams({ fields: FIELDS, ...(limit ? { limit } : {}) });
      // demo@A, who made the workflows (beforeAll): Mistral 15 shows an admin only its own project's.
      const answer = await fetch(`${stack.mistral.url}/workflows?${query}`, { headers: { 'X-Auth-Token': await tokenOf('demo') } });
      expect(answer.status).toBe(200);
      const bytes = Buffer.from(await answer.arrayBuffer());
      const text = bytes.toString('utf8');
      const scanned = scanPage(bytes, 'workflows');
      expect(scanned).toBeDefined();
      const whole = parsedPage(JSON.parse(text), 'workflows');
      const items = (page: PageItems) => Array.from({ length: page.length }, (_, i) => page.item(i));
      expect(items(scanned!.items)).toEqual(items(whole.items));
      expect(scanned!.items.length).toBeGreaterThanOrEqual(limit ? 2 : NAMES.length);
      expect(scanned!.next).toEqual(whole.next);
      if (limit) expect(scanned!.next).toMatch(/^http:\/\/127\.0\.0\.1:8989\/v2\/workflows\?.*marker=/);
    });
  }
});

const tokens = new Map<string, string>();

/** A token of a user of cloud A (stack.json), got once. */
async function tokenOf(user: 'admin' | 'demo'): Promise<string> {
  const { auth_url: authUrl, users } = stack.clouds.a;
  const known = tokens.get(user);
  if (known) return known;
  const token = (await fetch(`${authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: users[user].name, domain: { name: 'Default' }, password: users[user].password } } },
        scope: { project: { name: users[user].project, domain: { name: 'Default' } } },
      },
    }),
  })).headers.get('x-subject-token');
  if (!token) throw new Error(`Keystone A gave ${user} no token`);
  tokens.set(user, token);
  return token;
}

/** A token of admin@A, the operator who sets the maintenance mode (Mistral's API asks for one). */
const operatorToken = () => tokenOf('admin');

/** GET or PUT /maintenance as JSON (pecan answers HTML to a request that does not ask for JSON). */
async function maintenanceCall(body?: { status: string }): Promise<string> {
  const answer = await fetch(`${ROOT}/maintenance`, {
    method: body ? 'PUT' : 'GET',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-Auth-Token': await operatorToken() },
    body: body && JSON.stringify(body),
  });
  const text = await answer.text();
  if (answer.status !== 200) throw new Error(`${body ? 'PUT' : 'GET'} ${ROOT}/maintenance: HTTP ${answer.status} ${text.slice(0, 300)}`);
  return (JSON.parse(text) as { status: string }).status;
}

const maintenanceState = () => maintenanceCall();

/** Sets Mistral's maintenance state as admin@A and waits until it holds. */
async function setMaintenance(status: 'PAUSED' | 'RUNNING'): Promise<void> {
  const deadline = Date.now() + 60_000;
  // PAUSING (on the way to PAUSED) cannot be changed: wait it out first.
  while ((await maintenanceState()) === 'PAUSING' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 300));
  // Mistral 20 on the stack's SQLite can answer 500 "database is locked" while its engine writes (a
  // CI run left it PAUSED so, and every later test failed): setting a state is idempotent, so the
  // PUT is sent again until the deadline.
  for (;;) {
    try {
      await maintenanceCall({ status });
      break;
    } catch (error) {
      if (!String(error).includes('database is locked') || Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  while ((await maintenanceState()) !== status) {
    if (Date.now() > deadline) throw new Error(`Mistral did not reach maintenance state ${status}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('Mistral in maintenance mode', () => {
  const refused = (method: string, path: string, acting = '') =>
    `ERROR (app) Mistral of the home cloud at ${stack.mistral.url} is in maintenance mode and refused ${method} ${path}${acting}: Current Mistral state is PAUSED. Method is not allowed (HTTP 423 Locked); nothing was changed, try again once its operator has set it back to RUNNING\n`;

  it('a change is refused with one line naming the home cloud, exit 1, sent once; reads still work', async () => {
    await setMaintenance('PAUSED');
    try {
      const create = await mistral(['workflow-create', definitions, '--debug'], env);
      expect(create.stdout).toBe('');
      expect(create.stderr.split('\n').filter((l) => l.startsWith('ERROR'))).toEqual([refused('POST', '/workflows').trim()]);
      expect(create.code).toBe(1);
      expect(requests(create.stderr).filter((q) => q.startsWith(`POST ${stack.mistral.url}/`))).toEqual([expect.stringMatching(new RegExp(`^POST ${stack.mistral.url}/workflows(\\?|$)`))]);
      expect(create.stderr).not.toMatch(/^DEBUG RETRY/m);

      // A PUT would be retried after a 503; not after a 423.
      const update = await mistral(['workflow-update', definitions, '--debug'], env);
      expect(update.code).toBe(1);
      expect(requests(update.stderr).filter((q) => q.startsWith(`PUT ${stack.mistral.url}/`))).toEqual([expect.stringMatching(new RegExp(`^PUT ${stack.mistral.url}/workflows(\\?|$)`))]);
      expect(update.stderr).not.toMatch(/^DEBUG RETRY/m);
      expect(update.stderr).toContain(refused('PUT', '/workflows').trim());

      const list = await mistral(['workflow-list', '-f', 'value', '-c', 'Name'], env);
      expect(list.code).toBe(0);
      expect(list.stdout).toContain('e2e_page_1');
    } finally {
      await setMaintenance('RUNNING');
    }
  });

  it('with a target cloud the line says so; the reference client prints the bare server message', async () => {
    const target = { ...env, ...openrc('target-b.sh') };
    await setMaintenance('PAUSED');
    try {
      const ours = await mistral(['workflow-create', definitions], target);
      expect(ours.stderr).toBe(refused('POST', '/workflows', ', acting on the target cloud'));
      expect(ours.code).toBe(1);
      const reference = await pythonMistral(['workflow-create', definitions], target);
      expect(reference.stderr).toContain('Current Mistral state is PAUSED. Method is not allowed');
      expect(reference.code).toBe(1);
    } finally {
      await setMaintenance('RUNNING');
    }
  });
});

describe('an endpoint the server lacks', () => {
  it("a Mistral URL without /v2: the root has no /services, and the line names the endpoint and the server", async () => {
    const r = await mistral(['--os-mistral-url', ROOT, 'service-list'], env);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^ERROR \\(app\\) Mistral at ${ROOT.replaceAll('.', '\\.')} has no endpoint /services \\(it answered GET ${ROOT.replaceAll('.', '\\.')}/services with HTTP 404 Not Found .*\\): a Mistral release without it \\(Mistral 21 has no /v2/services\\), or a Mistral URL that does not end in /v2\\n$`));
    expect(r.code).toBe(1);
  });

  it("Mistral's own 404 keeps its message", async () => {
    const r = await mistral(['workflow-get', 'e2e_no_such_workflow'], env);
    expect(r.stderr).toMatch(/^ERROR \(app\) .*not found.*e2e_no_such_workflow.* \(HTTP 404 Not Found\)\n$/i);
    expect(r.code).toBe(1);
  });
});
