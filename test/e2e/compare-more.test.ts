// The other resource groups side by side with python-mistralclient 4.5.0 on the real Mistral:
// tasks, action executions, actions, workbooks, environments, members, services and the trigger
// lists. Objects are made with this client; both clients then read them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { REPO, mistral, ok, openrc, pythonMistral, stack, waitForExecution } from './stack.js';

const home = openrc('openrc-a.sh');
const fixture = (name: string) => join(REPO, 'test/e2e/fixtures', name);
const json = async (args: string[]) => JSON.parse(await ok(mistral([...args, '-f', 'json'], home)));
let executionId = '';
let taskId = '';
let actionExecutionId = '';
let workflowId = '';

beforeAll(async () => {
  await mistral(['workflow-delete', 'e2e_echo', 'e2e_parent', 'e2e_sleep'], home);
  await mistral(['workbook-delete', 'e2e_wb'], home);
  await mistral(['environment-delete', 'e2e_env'], home);
  const created = await json(['workflow-create', fixture('e2e_workflows.yaml')]);
  workflowId = created.find((w: Record<string, string>) => w.Name === 'e2e_echo').ID;
  executionId = (await json(['execution-create', 'e2e_echo', '{"greeting": "more"}'])).ID;
  expect(await waitForExecution(executionId, home)).toBe('SUCCESS');
  taskId = (await json(['task-list', executionId]))[0].ID;
  actionExecutionId = (await json(['action-execution-list', taskId]))[0].ID;
  await ok(mistral(['workbook-create', fixture('e2e_wb.yaml')], home));
  await ok(mistral(['environment-create', fixture('e2e_env.yaml')], home));
});

afterAll(async () => {
  await mistral(['execution-delete', executionId], home);
  await mistral(['workflow-delete', 'e2e_echo', 'e2e_parent', 'e2e_sleep'], home);
  await mistral(['workbook-delete', 'e2e_wb'], home);
  await mistral(['environment-delete', 'e2e_env'], home);
});

async function same(args: string[]): Promise<string> {
  const [ours, theirs] = await Promise.all([mistral(args, home), pythonMistral(args, home)]);
  expect(theirs.code, theirs.stderr).toBe(0);
  expect(ours.code, ours.stderr).toBe(0);
  expect(ours.stdout).toBe(theirs.stdout);
  return ours.stdout;
}

describe('the same output as python-mistralclient for the other resource groups', () => {
  const commands: Array<[string, () => string[]]> = [
    ['task-list <execution> -f json', () => ['task-list', executionId, '-f', 'json']],
    ['task-list <execution> (table)', () => ['task-list', executionId]],
    ['task-get', () => ['task-get', taskId]],
    ['task-get -f yaml', () => ['task-get', taskId, '-f', 'yaml']],
    ['task-get-result', () => ['task-get-result', taskId]],
    ['task-get-published', () => ['task-get-published', taskId]],
    ['task-get-sub-executions', () => ['task-get-sub-executions', taskId, '-f', 'json']],
    ['action-execution-list <task> -f json', () => ['action-execution-list', taskId, '-f', 'json']],
    ['action-execution-get', () => ['action-execution-get', actionExecutionId]],
    ['action-execution-get-input', () => ['action-execution-get-input', actionExecutionId]],
    ['action-execution-get-output', () => ['action-execution-get-output', actionExecutionId]],
    ['action-list --filter name=std.echo -f json', () => ['action-list', '--filter', 'name=std.echo', '-f', 'json']],
    ['action-list --filter name=std.http (table)', () => ['action-list', '--filter', 'name=std.http']],
    ['action-get std.echo', () => ['action-get', 'std.echo']],
    ['action-get std.echo -f shell', () => ['action-get', 'std.echo', '-f', 'shell']],
    ['workbook-list -f json', () => ['workbook-list', '-f', 'json']],
    ['workbook-get', () => ['workbook-get', 'e2e_wb']],
    ['workbook-get-definition', () => ['workbook-get-definition', 'e2e_wb']],
    ['workbook-validate', () => ['workbook-validate', fixture('e2e_wb.yaml')]],
    ['environment-list', () => ['environment-list']],
    ['environment-get', () => ['environment-get', 'e2e_env']],
    ['environment-get --export -f json', () => ['environment-get', 'e2e_env', '--export', '-f', 'json']],
    ['member-list (none)', () => ['member-list', workflowId, 'workflow']],
    ['cron-trigger-list (none)', () => ['cron-trigger-list']],
    ['event-trigger-list (none)', () => ['event-trigger-list']],
  ];
  for (const [title, args] of commands) {
    it(title, async () => {
      expect((await same(args())).length).toBeGreaterThan(0);
    });
  }

  it('service-list reports the server refusal as the reference does, with the HTTP status', async () => {
    // Mistral without a coordination backend refuses the service API.
    const [ours, theirs] = await Promise.all([mistral(['service-list'], home), pythonMistral(['service-list'], home)]);
    expect(theirs.code).toBe(1);
    expect(theirs.stderr).toBe('ERROR (app) Service API is not supported.\n');
    expect(ours.code).toBe(1);
    expect(ours.stderr).toMatch(/^ERROR \(app\) Service API is not supported\. \(HTTP \d{3} [A-Za-z ]+\)\n$/);
  });

  it('cron and event triggers made by this client read the same in both clients, then are deleted', async () => {
    const cron = await json(['cron-trigger-create', 'ct_e2e', 'e2e_echo', '{"greeting": "cron"}', '--pattern', '0 0 1 1 *', '--params', '{"env": {"a": 1}}']);
    expect(cron).toMatchObject({ Name: 'ct_e2e', Workflow: 'e2e_echo', Pattern: '0 0 1 1 *', Params: '{"env": {"a": 1}}' });
    const event = await json(['event-trigger-create', 'et_e2e', workflowId, 'nova', 'notifications', 'compute.create', '{"greeting": "ev"}', '--params', '{"p": 1}']);
    expect(event).toMatchObject({ Name: 'et_e2e', 'Workflow ID': workflowId, Exchange: 'nova', Params: '{"p": 1}' });
    try {
      await same(['cron-trigger-get', 'ct_e2e']);
      await same(['cron-trigger-list', '-f', 'json']);
      await same(['event-trigger-get', event.ID, '-f', 'shell']);
      await same(['event-trigger-list']);
    } finally {
      expect(await ok(mistral(['cron-trigger-delete', 'ct_e2e'], home))).toBe('Request to delete cron trigger ct_e2e has been accepted.\n');
      expect(await ok(mistral(['event-trigger-delete', event.ID], home))).toBe(`Request to delete event trigger ${event.ID} has been accepted.\n`);
    }
  });

  it('code sources and dynamic actions (admin only in Mistral 15) read the same in both clients', async () => {
    const admin = openrc('openrc-a-admin.sh');
    const asAdmin = (args: string[]) => ok(mistral(args, admin));
    await mistral(['dynamic-action-delete', 'e2e_hello'], admin);
    await mistral(['code-source-delete', 'e2e_mod'], admin);
    const source = JSON.parse(await asAdmin(['code-source-create', 'e2e_mod', fixture('e2e_mod.py'), '-f', 'json']));
    expect(source).toMatchObject({ Name: 'e2e_mod', Scope: 'private' });
    const action = JSON.parse(await asAdmin(['dynamic-action-create', 'e2e_hello', 'Hello', 'e2e_mod', '-f', 'json']));
    expect(action).toMatchObject({ Name: 'e2e_hello', Class: 'Hello', 'Code source ID': source.ID, 'Code source name': 'e2e_mod' });
    try {
      for (const args of [['code-source-get', 'e2e_mod'], ['code-source-get-content', 'e2e_mod'], ['code-source-list', '-f', 'json'], ['dynamic-action-get', 'e2e_hello', '-f', 'yaml'], ['dynamic-action-list']]) {
        const [ours, theirs] = await Promise.all([mistral(args, admin), pythonMistral(args, admin)]);
        expect(ours.code, ours.stderr).toBe(0);
        expect(ours.stdout, args.join(' ')).toBe(theirs.stdout);
      }
      const updated = JSON.parse(await asAdmin(['dynamic-action-update', 'e2e_hello', '--class-name', 'Bye', '-f', 'json']));
      expect(updated).toMatchObject({ Name: 'e2e_hello', Class: 'Bye' });
      expect(await asAdmin(['code-source-get-content', 'e2e_mod'])).toContain('class Bye(actions.Action):');
    } finally {
      expect(await asAdmin(['dynamic-action-delete', 'e2e_hello'])).toBe('Request to delete dynamic action(s) e2e_hello has been accepted.\n');
      expect(await asAdmin(['code-source-delete', 'e2e_mod'])).toBe("Request to delete code source 'e2e_mod' has been accepted.\n");
    }
  });

  it('ad-hoc actions: create, get-definition, validate, update, run, delete', async () => {
    await mistral(['action-delete', 'e2e_greet'], home);
    const created = await json(['action-create', fixture('e2e_action.yaml')]);
    expect(created).toMatchObject([{ Name: 'e2e_greet', 'Is system': false, Input: 'name' }]);
    expect(await ok(mistral(['action-get-definition', 'e2e_greet'], home))).toContain('base: std.echo');
    expect(await json(['action-validate', fixture('e2e_action.yaml')])).toEqual({ Valid: true, Error: null });
    expect(await json(['action-update', fixture('e2e_action.yaml')])).toMatchObject([{ ID: created[0].ID, Name: 'e2e_greet' }]);
    expect(JSON.parse(await ok(mistral(['run-action', 'e2e_greet', '{"name": "operator"}'], home)))).toEqual({ result: 'hello operator' });
    expect(await ok(mistral(['action-delete', 'e2e_greet'], home))).toBe('Request to delete action e2e_greet has been accepted.\n');
  });

  it('workbooks and environments: update and delete', async () => {
    expect(await json(['workbook-update', fixture('e2e_wb.yaml')])).toMatchObject({ Name: 'e2e_wb', Tags: 'e2e, demo' });
    const env = await json(['environment-update', fixture('e2e_env.yaml')]);
    expect(env).toMatchObject({ Name: 'e2e_env', Description: 'An environment made by the e2e suite' });
    expect(JSON.parse(env.Variables)).toEqual({ region: 'RegionOne', retries: 3 });
    expect(await ok(mistral(['workbook-delete', 'e2e_wb'], home))).toBe('Request to delete workbook e2e_wb has been accepted.\n');
    expect(await ok(mistral(['environment-delete', 'e2e_env'], home))).toBe('Request to delete environment e2e_env has been accepted.\n');
  });

  it('task-rerun reruns a failed task; action executions are updated and deleted', async () => {
    await mistral(['workflow-delete', 'e2e_fail'], home);
    await ok(mistral(['workflow-create', fixture('e2e_fail.yaml')], home));
    const failed = (await json(['execution-create', 'e2e_fail'])).ID;
    expect(await waitForExecution(failed, home)).toBe('ERROR');
    const report = await ok(mistral(['execution-get-report', failed], home));
    expect(report).toContain("task 'boom' [ERROR]");
    const task = (await json(['task-list', failed]))[0];
    expect(task).toMatchObject({ Name: 'boom', State: 'ERROR' });
    const rerun = await json(['task-rerun', task.ID]);
    expect(rerun).toMatchObject({ ID: task.ID, Name: 'boom' });
    expect(['RUNNING', 'ERROR', 'WAITING']).toContain(rerun.State);

    // --save-result without --run-sync: Mistral answers at once, while the action still runs.
    const adHoc = await json(['run-action', 'std.sleep', '{"seconds": 30}', '--save-result']);
    expect(adHoc).toMatchObject({ Name: 'std.sleep', State: 'RUNNING', 'Task ID': null });
    expect(await json(['action-execution-update', adHoc.ID, '--state', 'ERROR', '--output', '{"why": "e2e"}'])).toMatchObject({ ID: adHoc.ID, State: 'ERROR' });
    expect(JSON.parse(await ok(mistral(['action-execution-get-output', adHoc.ID], home)))).toEqual({ result: { why: 'e2e' } });
    // A finished action cannot change: the server's multi-line traceback becomes one line.
    const again = await mistral(['action-execution-update', adHoc.ID, '--state', 'SUCCESS'], home);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^ERROR \(app\) ValueError: Action [0-9a-f-]+ is already completed \(HTTP 500 Internal Server Error\)\n$/);
    // Mistral's default [api] allow_action_execution_deletion = False: the per-item refusal, then the summary.
    const deletion = await mistral(['action-execution-delete', adHoc.ID], home);
    expect(deletion.code).toBe(1);
    expect(deletion.stdout).toBe('Action execution deletion is not allowed. (HTTP 403 Forbidden)\n');
    expect(deletion.stderr).toBe('ERROR (app) Unable to delete the specified action execution(s).\n');
    await mistral(['execution-delete', failed, '--force'], home);
    await ok(mistral(['workflow-delete', 'e2e_fail'], home));
  });

  it('run-action prints the same action output', async () => {
    const args = ['run-action', 'std.echo', '{"output": "hi"}'];
    const [ours, theirs] = await Promise.all([mistral(args, home), pythonMistral(args, home)]);
    expect(ours.code, ours.stderr).toBe(0);
    // python's own failure (a stdout left empty, once on trixie under load) shows with its stderr.
    expect(theirs.code, theirs.stderr).toBe(0);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(JSON.parse(ours.stdout)).toEqual({ result: 'hi' });
  });

  it('member-create shares a workflow with cloud A admin project, then member-get and member-delete', async () => {
    const admin = stack.clouds.a.projects.admin;
    const created = await json(['member-create', workflowId, 'workflow', admin]);
    expect(created).toMatchObject({ 'Resource ID': workflowId, 'Resource Type': 'workflow', 'Member ID': admin, Status: 'pending' });
    await same(['member-get', workflowId, 'workflow', '-m', admin]);
    expect(await ok(mistral(['member-delete', workflowId, 'workflow', admin], home))).toBe(`Request to delete workflow member ${admin} has been accepted.\n`);
  });
});
