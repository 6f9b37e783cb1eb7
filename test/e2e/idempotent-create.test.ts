// execution-create --id on the real Mistral 15 (README "Token cache, timeouts and retries"): the
// same id twice gives one execution, and the second call says it existed; a raw POST /v2/executions
// with an id that exists (what the transport's retry sends after a lost answer) answers that
// execution and starts nothing: no execution and no task execution more; the same under target
// cloud B, where the execution lives in B's project; an id another project holds is refused.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, mistral, ok, openrc, stack, waitForExecution } from './stack.js';

const home = openrc('openrc-a.sh');
const admin = openrc('openrc-a-admin.sh');
const targetB = { ...home, ...openrc('target-b.sh') };
const WORKFLOW = 'e2e_idem';

interface Token {
  token: string;
  userId: string;
  userName: string;
  projectId: string;
}

/** A password token straight from Keystone, as the openrc's variables describe it. */
async function token(authUrl: string, user: string, password: string, project: string): Promise<Token> {
  const domain = { name: 'Default' };
  const response = await fetch(`${authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: user, password, domain } } }, scope: { project: { name: project, domain } } } }),
  });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { token: { user: { id: string; name: string }; project: { id: string } } };
  return { token: response.headers.get('x-subject-token')!, userId: body.token.user.id, userName: body.token.user.name, projectId: body.token.project.id };
}

/** The headers of Mistral requests at home, or with B as the target cloud (what the client sends). */
async function headersFor(target: boolean): Promise<Record<string, string>> {
  const a = await token(home.OS_AUTH_URL, home.OS_USERNAME, home.OS_PASSWORD, home.OS_PROJECT_NAME);
  const headers: Record<string, string> = { 'X-Auth-Token': a.token, 'Content-Type': 'application/json' };
  if (!target) return headers;
  const b = await token(targetB.TARGET_OS_AUTH_URL, targetB.TARGET_OS_USERNAME, targetB.TARGET_OS_PASSWORD, targetB.TARGET_OS_PROJECT_NAME);
  return {
    ...headers,
    'X-Target-Auth-Token': b.token,
    'X-Target-Auth-Uri': targetB.TARGET_OS_AUTH_URL,
    'X-Target-Project-Id': b.projectId,
    'X-Target-User-Id': b.userId,
    'X-Target-User-Name': b.userName,
    'X-Target-Region-Name': targetB.TARGET_OS_REGION_NAME,
  };
}

async function api(method: string, path: string, headers: Record<string, string>, body?: object): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${stack.mistral.url}${path}`, { method, headers, body: body && JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Executions of e2e_idem and their task executions, in the project the headers act in. */
async function counts(headers: Record<string, string>): Promise<{ executions: string[]; tasks: number }> {
  const executions = await api('GET', `/executions?workflow_name=${WORKFLOW}&fields=id`, headers);
  const tasks = await api('GET', `/tasks?workflow_name=${WORKFLOW}&fields=id`, headers);
  expect([executions.status, tasks.status]).toEqual([200, 200]);
  return { executions: (executions.json.executions as Array<{ id: string }>).map((e) => e.id), tasks: (tasks.json.tasks as unknown[]).length };
}

beforeAll(async () => {
  await mistral(['workflow-delete', WORKFLOW], admin);
  await ok(mistral(['workflow-create', '--public', join(REPO, 'test/e2e/fixtures/e2e_idempotent.yaml')], admin));
});

for (const where of ['home', 'target B'] as const) {
  const env = where === 'home' ? home : targetB;
  describe(`execution-create --id (${where})`, () => {
    const id = randomUUID();
    let headers: Record<string, string>;
    beforeAll(async () => {
      headers = await headersFor(where !== 'home');
    });

    it('twice gives one execution with that id; the second call says on stderr that it existed', async () => {
      const before = await counts(headers);
      const first = await mistral(['execution-create', WORKFLOW, '{"greeting": "once"}', '--id', id, '-c', 'ID', '-f', 'value'], env);
      expect([first.code, first.stdout, first.stderr]).toEqual([0, `${id}\n`, '']);
      expect(await waitForExecution(id, env)).toBe('SUCCESS');
      const second = await mistral(['execution-create', WORKFLOW, '{"greeting": "once"}', '--id', id, '-c', 'ID', '-c', 'State', '-f', 'value'], env);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toBe(`${id}\nSUCCESS\n`);
      const onCloud = where === 'home' ? '' : ' on the target cloud';
      expect(second.stderr).toMatch(new RegExp(`^mistral: warning: execution ${id}${onCloud} already exists \\(created \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d, SUCCESS\\): nothing new was started\\n$`));
      const after = await counts(headers);
      expect(after.executions.filter((e) => e === id)).toEqual([id]);
      expect(after.executions).toHaveLength(before.executions.length + 1);
      expect(after.tasks).toBe(before.tasks + 2);
      const list = await ok(mistral(['execution-list', '--filter', `workflow_name=${WORKFLOW}`, '--limit', '-1', '-c', 'ID', '-f', 'value'], env));
      expect(list.split('\n').filter((line) => line === id)).toHaveLength(1);
    });

    it('a raw POST with the same id (what a retry sends) answers 201 with that execution and starts nothing', async () => {
      const before = await counts(headers);
      // Another input and description: Mistral does not compare them, it returns what has the id.
      const again = await api('POST', '/executions', headers, { workflow_name: WORKFLOW, input: '{"greeting": "twice"}', description: 'a retry', id });
      expect(again.status).toBe(201);
      expect(again.json).toMatchObject({ id, workflow_name: WORKFLOW, state: 'SUCCESS', input: '{"greeting": "once"}', description: '' });
      const after = await counts(headers);
      expect(after).toEqual(before);
    });

    it('--id with another input is refused (exit 1) and starts nothing', async () => {
      const before = await counts(headers);
      const r = await mistral(['execution-create', WORKFLOW, '{"greeting": "other"}', '--id', id], env);
      expect(r.code).toBe(1);
      const onCloud = where === 'home' ? '' : ' on the target cloud';
      expect(r.stderr).toBe(`ERROR (app) execution ${id}${onCloud} already exists, for other input (greeting): nothing was started; give another --id\n`);
      expect(await counts(headers)).toEqual(before);
    });
  });
}

describe('an id held by another project', () => {
  it('is not found for this project: Mistral answers the POST with 404 and starts nothing', async () => {
    const id = randomUUID();
    expect((await mistral(['execution-create', WORKFLOW, '--id', id, '-c', 'ID', '-f', 'value'], home)).code).toBe(0);
    const bHeaders = await headersFor(true);
    const before = await counts(bHeaders);
    const raw = await api('POST', '/executions', bHeaders, { workflow_name: WORKFLOW, id });
    const viaClient = await mistral(['execution-create', WORKFLOW, '--id', id], targetB);
    expect({ status: raw.status, faultstring: raw.json.faultstring }).toEqual({ status: 404, faultstring: `WorkflowExecution not found [id=${id}]` });
    expect(viaClient.code).toBe(1);
    expect(viaClient.stderr).toBe(`ERROR (app) execution ${id} on the target cloud cannot be started: an execution of another project has that id (Mistral answered "WorkflowExecution not found", HTTP 404); give another --id\n`);
    expect(await counts(bHeaders)).toEqual(before);
  });

  it('an admin sees every project: --id of a demo execution shows that execution, and a raw POST returns it; nothing starts', async () => {
    const id = randomUUID();
    expect((await mistral(['execution-create', WORKFLOW, '--id', id], home)).code).toBe(0);
    // Ended, so that its task executions stay as they are while the counts are compared.
    expect(await waitForExecution(id, home)).toBe('SUCCESS');
    const demo = await token(home.OS_AUTH_URL, home.OS_USERNAME, home.OS_PASSWORD, home.OS_PROJECT_NAME);
    const demoHeaders = { 'X-Auth-Token': demo.token, 'Content-Type': 'application/json' };
    const a = await token(admin.OS_AUTH_URL, admin.OS_USERNAME, admin.OS_PASSWORD, admin.OS_PROJECT_NAME);
    const adminHeaders = { 'X-Auth-Token': a.token, 'Content-Type': 'application/json' };
    const before = [await counts(demoHeaders), await counts(adminHeaders)];
    const raw = await api('POST', '/executions', adminHeaders, { workflow_name: WORKFLOW, id });
    expect(raw.status).toBe(201);
    // The answer names the caller's project, but what is stored stays demo's one execution (GET, counts).
    expect(raw.json).toMatchObject({ id, workflow_name: WORKFLOW, project_id: a.projectId });
    expect(a.projectId).not.toBe(demo.projectId);
    expect((await api('GET', `/executions/${id}`, adminHeaders)).json).toMatchObject({ id, project_id: demo.projectId });
    const viaClient = await mistral(['execution-create', WORKFLOW, '--id', id, '-c', 'ID', '-f', 'value'], admin);
    expect([viaClient.code, viaClient.stdout]).toEqual([0, `${id}\n`]);
    expect(viaClient.stderr).toMatch(new RegExp(`^mistral: warning: execution ${id} already exists \\(created [^)]+\\): nothing new was started\\n$`));
    expect([await counts(demoHeaders), await counts(adminHeaders)]).toEqual(before);
  });
});
