// Every workflow and execution command against the real Mistral 15, as demo@A.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { REPO, mistral, ok, openrc, stack, waitForExecution } from './stack.js';

const env = openrc('openrc-a.sh');
const fixture = (name: string) => join(REPO, 'test/e2e/fixtures', name);
const json = async (args: string[]) => JSON.parse(await ok(mistral([...args, '-f', 'json'], env)));
const WORKFLOWS = ['e2e_echo', 'e2e_parent', 'e2e_sleep'];

async function createExecution(args: string[]): Promise<Record<string, string>> {
  return json(['execution-create', ...args]);
}

beforeAll(async () => {
  for (const name of WORKFLOWS) await mistral(['workflow-delete', name], env);
});

afterAll(async () => {
  for (const name of WORKFLOWS) await mistral(['workflow-delete', name], env);
});

describe('workflow commands against the real Mistral', () => {
  it('workflow-validate says a good definition is valid', async () => {
    expect(await json(['workflow-validate', fixture('e2e_workflows.yaml')])).toEqual({ Valid: true, Error: null });
  });

  it('workflow-validate explains what is wrong with a bad definition', async () => {
    const out = await json(['workflow-validate', fixture('invalid.yaml')]);
    expect(out.Valid).toBe(false);
    expect(out.Error).toMatch(/unknown_key|Additional properties/);
  });

  it('workflow-create prints a list row for every workflow in the file', async () => {
    const rows = await json(['workflow-create', fixture('e2e_workflows.yaml')]);
    expect(rows.map((r: { Name: string }) => r.Name).sort()).toEqual(WORKFLOWS);
    const echo = rows.find((r: { Name: string }) => r.Name === 'e2e_echo');
    expect(echo).toMatchObject({ Scope: 'private', 'Project ID': stack.clouds.a.projects.demo, Tags: '<none>', Input: 'greeting, count="2"' });
  });

  it('workflow-list filters by name and shows the same row', async () => {
    const rows = await json(['workflow-list', '--filter', 'name=e2e_echo']);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ Name: 'e2e_echo', Namespace: '', Scope: 'private' });
  });

  it('workflow-get shows one workflow with its full input', async () => {
    const wf = await json(['workflow-get', 'e2e_echo']);
    expect(wf).toMatchObject({ Name: 'e2e_echo', Input: 'greeting, count="2"', 'Updated at': null });
    expect(wf.ID).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('workflow-get-definition prints the stored definition text', async () => {
    const text = await ok(mistral(['workflow-get-definition', 'e2e_echo'], env));
    expect(text).toContain('e2e_echo:');
    expect(text).toContain('action: std.echo output=<% $.greeting %>');
  });

  it('workflow-update replaces the definitions of a file, and --id one workflow', async () => {
    const rows = await json(['workflow-update', fixture('e2e_workflows.yaml')]);
    expect(rows).toHaveLength(3);
    const id = (await json(['workflow-get', 'e2e_echo'])).ID;
    const updated = await json(['workflow-update', '--id', id, fixture('e2e_echo_v2.yaml')]);
    expect(updated).toHaveLength(1);
    expect(updated[0]).toMatchObject({ ID: id, Name: 'e2e_echo', Input: 'greeting, count="3"' });
    expect(updated[0]['Updated at']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });
});

describe('execution commands against the real Mistral', () => {
  let echoId = '';
  let parentId = '';

  it('execution-create runs a workflow by name with JSON input and a description', async () => {
    const ex = await createExecution(['e2e_echo', '{"greeting": "hi"}', '-d', 'e2e run']);
    expect(ex).toMatchObject({ 'Workflow name': 'e2e_echo', Description: 'e2e run', 'Task Execution ID': '<none>' });
    echoId = ex.ID;
    expect(await waitForExecution(echoId, env)).toBe('SUCCESS');
  });

  it('execution-get shows the finished execution with its duration', async () => {
    const ex = await json(['execution-get', echoId]);
    expect(ex).toMatchObject({ ID: echoId, State: 'SUCCESS', 'Root Execution ID': '<none>' });
    expect(ex.Duration).toMatch(/^\d+:\d\d:\d\d$/);
  });

  it('execution-get-input, -output and -published print the JSON documents', async () => {
    expect(JSON.parse(await ok(mistral(['execution-get-input', echoId], env)))).toMatchObject({ greeting: 'hi' });
    const output = await ok(mistral(['execution-get-output', echoId], env));
    expect(JSON.parse(output)).toEqual({ echo: 'hi', count: 3 });
    expect(output).toBe(`${JSON.stringify({ echo: 'hi', count: 3 }, null, 4)}\n`);
    // Mistral 15 publishes into the branch context: no global variables, so an empty document.
    expect(await ok(mistral(['execution-get-published', echoId], env))).toMatch(/^(\{\}|)\n$/);
  });

  it('execution-create takes the workflow id, an input file and params', async () => {
    const id = (await json(['workflow-get', 'e2e_echo'])).ID;
    const ex = await createExecution([id, fixture('input.json'), '{"env": {"k": "v"}}']);
    expect(ex['Workflow ID']).toBe(id);
    expect(await waitForExecution(ex.ID, env)).toBe('SUCCESS');
    expect(JSON.parse(await ok(mistral(['execution-get-output', ex.ID], env))).echo).toBe('from-a-file');
  });

  it('execution-get-report prints the statistics and the tree', async () => {
    const report = await ok(mistral(['execution-get-report', echoId, '--no-errors-only'], env));
    expect(report).toContain('Number of tasks in SUCCESS state: 1\n');
    expect(report).toContain(`workflow 'e2e_echo' [SUCCESS] ${echoId}\n    task 'say' [SUCCESS] `);
  });

  it('execution-get-sub-executions lists the sub-workflow of a parent execution', async () => {
    const parent = await createExecution(['e2e_parent']);
    parentId = parent.ID;
    expect(await waitForExecution(parentId, env)).toBe('SUCCESS');
    const subs = await json(['execution-get-sub-executions', parentId]);
    const child = subs.find((s: Record<string, string>) => s['Workflow name'] === 'e2e_echo');
    expect(child['Root Execution ID']).toBe(parentId);
    expect(child['Task Execution ID']).not.toBe('<none>');
  });

  it('execution-list shows the executions, --rootsonly without the sub-workflow', async () => {
    const all = await json(['execution-list', '--filter', 'workflow_name=e2e_echo']);
    expect(all.map((e: Record<string, string>) => e.ID)).toContain(echoId);
    const roots = await json(['execution-list', '--rootsonly', '--filter', 'workflow_name=e2e_echo']);
    expect(roots.every((e: Record<string, string>) => e['Root Execution ID'] === '<none>')).toBe(true);
    expect(roots.length).toBeLessThan(all.length);
  });

  it('execution-update changes the description, and pauses and cancels a running execution', async () => {
    expect((await json(['execution-update', echoId, '-d', 'renamed'])).Description).toBe('renamed');
    const sleeper = await createExecution(['e2e_sleep']);
    expect((await json(['execution-update', sleeper.ID, '-s', 'PAUSED'])).State).toBe('PAUSED');
    expect((await json(['execution-update', sleeper.ID, '-s', 'CANCELLED'])).State).toBe('CANCELLED');
  });

  it('execution-delete deletes several executions and then they are gone', async () => {
    const out = await ok(mistral(['execution-delete', echoId, parentId], env));
    expect(out).toBe(`Request to delete execution ${echoId} has been accepted.\nRequest to delete execution ${parentId} has been accepted.\n`);
    const gone = await mistral(['execution-get', echoId], env);
    expect(gone.code).toBe(1);
    // The hint after it says where a target's execution would be (src/api/client.ts targetHint).
    expect(gone.stderr).toMatch(/^ERROR \(app\) .*not found.* \(HTTP 404 Not Found\)(; an execution started with a target cloud belongs to the target's project[^\n]*)?\n$/i);
  });

  it('workflow-delete deletes workflows and reports one that does not exist', async () => {
    const r = await mistral(['workflow-delete', 'e2e_parent', 'no_such_workflow'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Request to delete workflow e2e_parent has been accepted\.\n.*no_such_workflow.*\(HTTP 404 Not Found\)\n$/);
    expect(r.stderr).toBe('ERROR (app) Unable to delete the specified workflow(s).\n');
  });
});
