// Side by side with python-mistralclient 4.5.0 on the same stack: for the same objects, the same
// commands print the same text. Both clients read the same objects, so no id or time needs masking.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { REPO, mistral, ok, openrc, pythonMistral, waitForExecution } from './stack.js';

const home = openrc('openrc-a.sh');
const fixture = join(REPO, 'test/e2e/fixtures/e2e_workflows.yaml');
const WORKFLOWS = ['e2e_echo', 'e2e_parent', 'e2e_sleep'];
let echoId = '';
let parentId = '';

beforeAll(async () => {
  for (const name of WORKFLOWS) await mistral(['workflow-delete', name], home);
  await ok(mistral(['workflow-create', fixture], home));
  echoId = JSON.parse(await ok(mistral(['execution-create', 'e2e_echo', '{"greeting": "compare"}', '-d', 'compare', '-f', 'json'], home))).ID;
  parentId = JSON.parse(await ok(mistral(['execution-create', 'e2e_parent', '-f', 'json'], home))).ID;
  expect(await waitForExecution(echoId, home)).toBe('SUCCESS');
  expect(await waitForExecution(parentId, home)).toBe('SUCCESS');
});

afterAll(async () => {
  await mistral(['execution-delete', echoId, parentId], home);
  for (const name of WORKFLOWS) await mistral(['workflow-delete', name], home);
});

async function same(args: string[], env = home, pythonEnv = env): Promise<string> {
  const [ours, theirs] = await Promise.all([mistral(args, env), pythonMistral(args, pythonEnv)]);
  expect(theirs.code, theirs.stderr).toBe(0);
  expect(ours.code, ours.stderr).toBe(0);
  expect(ours.stdout).toBe(theirs.stdout);
  return ours.stdout;
}

describe('the same output as python-mistralclient for the same commands', () => {
  const commands: Array<[string, () => string[]]> = [
    ['workflow-list -f json', () => ['workflow-list', '--filter', 'name=e2e_echo', '-f', 'json']],
    ['workflow-list (table)', () => ['workflow-list', '--filter', 'name=e2e_parent']],
    ['workflow-list -f yaml', () => ['workflow-list', '--filter', 'name=e2e_echo', '-f', 'yaml']],
    ['workflow-list -f csv', () => ['workflow-list', '--filter', 'name=e2e_echo', '-f', 'csv']],
    ['workflow-list -f value -c', () => ['workflow-list', '--filter', 'name=e2e_echo', '-f', 'value', '-c', 'Name', '-c', 'Scope']],
    ['workflow-get -f json', () => ['workflow-get', 'e2e_echo', '-f', 'json']],
    ['workflow-get (table)', () => ['workflow-get', 'e2e_echo']],
    ['workflow-get -f shell', () => ['workflow-get', 'e2e_echo', '-f', 'shell']],
    ['workflow-get -f yaml', () => ['workflow-get', 'e2e_echo', '-f', 'yaml']],
    ['workflow-get-definition', () => ['workflow-get-definition', 'e2e_echo']],
    ['workflow-validate -f json', () => ['workflow-validate', fixture, '-f', 'json']],
    ['execution-get -f json', () => ['execution-get', echoId, '-f', 'json']],
    ['execution-get (table)', () => ['execution-get', echoId]],
    ['execution-get -f value', () => ['execution-get', echoId, '-f', 'value']],
    ['execution-list -f json', () => ['execution-list', '--filter', 'workflow_name=e2e_parent', '-f', 'json']],
    ['execution-list (table, empty)', () => ['execution-list', '--filter', 'workflow_name=no_such_workflow']],
    ['execution-get-input', () => ['execution-get-input', echoId]],
    ['execution-get-output', () => ['execution-get-output', echoId]],
    ['execution-get-published', () => ['execution-get-published', echoId]],
    ['execution-get-report', () => ['execution-get-report', parentId, '--no-errors-only']],
    ['execution-get-sub-executions -f json', () => ['execution-get-sub-executions', parentId, '-f', 'json']],
  ];
  for (const [title, args] of commands) {
    it(title, async () => {
      expect((await same(args())).length).toBeGreaterThan(0);
    });
  }

  it('execution-get of a target execution, each client given the target in its own spelling', async () => {
    const target = openrc('target-b.sh');
    const legacy = openrc('target-b-legacy.sh');
    const admin = openrc('openrc-a-admin.sh');
    await mistral(['workflow-delete', 'whoami'], admin);
    await ok(mistral(['workflow-create', '--public', join(REPO, 'stack/whoami.yaml')], admin));
    const id = JSON.parse(await ok(mistral(['execution-create', 'whoami', '-f', 'json'], { ...home, ...target }))).ID;
    expect(await waitForExecution(id, { ...home, ...target })).toBe('SUCCESS');
    const out = await same(['execution-get', id, '-f', 'json'], { ...home, ...target }, { ...home, ...legacy });
    expect(JSON.parse(out).State).toBe('SUCCESS');
    await same(['execution-get-output', id], { ...home, ...target }, { ...home, ...legacy });
  });
});
