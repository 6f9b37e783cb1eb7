// Names and ids are URL path segments (src/api/manager.ts segment, README "Differences"): on the
// real Mistral, `.`, `..` and any value with a `/` (which Mistral decodes from %2F and routes on:
// `workflow-delete <id>/` deleted workflow <id>) as a name or id are refused with a usage error
// before any request, and no other spelling reaches another object: after every attempt,
// everything that existed before still exists, as the list commands show.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mistral, ok, openrc, stack } from './stack.js';

const env = openrc('openrc-a.sh');
const json = async (args: string[]) => JSON.parse(await ok(mistral([...args, '-f', 'json'], env)));
const WORKFLOW = 'e2e_seg_wf';
const ENVIRONMENT = 'e2e_seg_env';
const WORKBOOK = 'e2e_seg_wb';
/** A project the workflow is shared with (Mistral does not check that it exists). */
const MEMBER = stack.clouds.b.projects.projb;
const refused = (value: string) =>
  value.includes('/')
    ? `refusing '${value}' as a name or id: Mistral reads a '/' in it as a path separator, even encoded, so it would address something other than the object it names`
    : `refusing '${value}' as a name or id: a '.' or '..' in a URL path would address something other than the object it names`;

let workflowId = '';

async function cleanUp(): Promise<void> {
  await mistral(['workbook-delete', WORKBOOK], env);
  await mistral(['workflow-delete', WORKFLOW], env);
  await mistral(['environment-delete', ENVIRONMENT], env);
}

beforeAll(async () => {
  await cleanUp();
  const dir = mkdtempSync(join(tmpdir(), 'mistral-e2e-segments-'));
  writeFileSync(join(dir, 'wf.yaml'), `---\nversion: '2.0'\n${WORKFLOW}:\n  tasks:\n    t:\n      action: std.noop\n`);
  writeFileSync(join(dir, 'env.yaml'), `name: ${ENVIRONMENT}\nvariables:\n  k: v\n`);
  writeFileSync(join(dir, 'wb.yaml'), `---\nversion: '2.0'\nname: ${WORKBOOK}\nworkflows:\n  inner:\n    tasks:\n      t:\n        action: std.noop\n`);
  workflowId = (await json(['workflow-create', join(dir, 'wf.yaml')]))[0].ID;
  await ok(mistral(['environment-create', join(dir, 'env.yaml')], env));
  await ok(mistral(['workbook-create', join(dir, 'wb.yaml')], env));
  await ok(mistral(['member-create', workflowId, 'workflow', MEMBER], env));
});

afterAll(cleanUp);

/** What the demo project can see: every workflow, environment, workbook and member of the shared workflow. */
async function everything(): Promise<Record<string, string[]>> {
  // An empty list prints one empty row, as the reference does.
  const ids = async (args: string[], column: string) => (await json([...args, '-c', column])).map((row: Record<string, string>) => row[column]).filter(Boolean).sort();
  return {
    workflows: await ids(['workflow-list', '--limit', '-1'], 'ID'),
    environments: await ids(['environment-list'], 'Name'),
    workbooks: await ids(['workbook-list'], 'Name'),
    members: await ids(['member-list', workflowId, 'workflow'], 'Member ID'),
  };
}

describe("'.' and '..' as names or ids on the real Mistral", () => {
  let before: Record<string, string[]>;

  beforeAll(async () => {
    before = await everything();
    expect(before.workflows).toContain(workflowId);
    expect(before.environments).toContain(ENVIRONMENT);
    expect(before.workbooks).toContain(WORKBOOK);
    expect(before.members).toEqual([MEMBER]);
  });

  const LINES: Array<[string, () => string[], () => string]> = [
    ['environment-delete ..', () => ['environment-delete', '..'], () => '..'],
    ['environment-delete .', () => ['environment-delete', '.'], () => '.'],
    ['environment-delete <env> .. (not even the good name first)', () => ['environment-delete', ENVIRONMENT, '..'], () => '..'],
    ['environment-delete ../workflows/<wf>', () => ['environment-delete', `../workflows/${WORKFLOW}`], () => `../workflows/${WORKFLOW}`],
    ['member-delete <wf-id> workflow ..', () => ['member-delete', workflowId, 'workflow', '..'], () => '..'],
    ['member-delete <wf-id> workflow .', () => ['member-delete', workflowId, 'workflow', '.'], () => '.'],
    ['member-delete .. workflow <member>', () => ['member-delete', '..', 'workflow', MEMBER], () => '..'],
    ['workflow-delete ..', () => ['workflow-delete', '..'], () => '..'],
    ['workflow-delete .', () => ['workflow-delete', '.'], () => '.'],
    ['workflow-delete x/../<wf>', () => ['workflow-delete', `x/../${WORKFLOW}`], () => `x/../${WORKFLOW}`],
    ['workbook-delete ..', () => ['workbook-delete', '..'], () => '..'],
    ['execution-delete ..', () => ['execution-delete', '..'], () => '..'],
    ['cron-trigger-delete ..', () => ['cron-trigger-delete', '..'], () => '..'],
    ['action-delete std.echo --namespace ..', () => ['action-delete', 'std.echo', '--namespace', '..'], () => '..'],
    ['workflow-delete <wf-id>/', () => ['workflow-delete', `${workflowId}/`], () => `${workflowId}/`],
    ['workflow-delete x/<wf>', () => ['workflow-delete', `x/${WORKFLOW}`], () => `x/${WORKFLOW}`],
    ['environment-delete <env>/x', () => ['environment-delete', `${ENVIRONMENT}/x`], () => `${ENVIRONMENT}/x`],
    ['member-delete <wf-id> workflow <member>/x', () => ['member-delete', workflowId, 'workflow', `${MEMBER}/x`], () => `${MEMBER}/x`],
    ['member-delete <wf-id>/ workflow <member>', () => ['member-delete', `${workflowId}/`, 'workflow', MEMBER], () => `${workflowId}/`],
  ];

  for (const [what, argv, value] of LINES) {
    it(`${what}: exit 2, one line, and everything still exists`, async () => {
      const args = argv();
      const r = await mistral(args, env);
      expect([r.code, r.stdout, r.stderr]).toEqual([2, '', `mistral ${args[0]}: error: ${refused(value())}\n`]);
      expect(await everything()).toEqual(before);
    });
  }

  // Sent, encoded, as one segment: the server looks for that literal name and finds nothing.
  const OTHERS: Array<[string, () => string[]]> = [
    ['environment-delete %2E%2E (a literal name)', () => ['environment-delete', '%2E%2E']],
    ['workflow-delete %2F.. (a literal name)', () => ['workflow-delete', '%2F..']],
    ['environment-delete "" (the reference sends DELETE /v2/environments/)', () => ['environment-delete', '']],
    ['workflow-delete ""', () => ['workflow-delete', '']],
  ];

  for (const [what, argv] of OTHERS) {
    it(`${what}: fails, and everything still exists`, async () => {
      const r = await mistral(argv(), env);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stderr).toMatch(/^ERROR \(app\) Unable to delete the specified/);
      expect(await everything()).toEqual(before);
    });
  }

  it('the named object itself is still deleted by its name', async () => {
    expect(await ok(mistral(['member-delete', workflowId, 'workflow', MEMBER], env))).toBe(`Request to delete workflow member ${MEMBER} has been accepted.\n`);
    expect(await ok(mistral(['environment-delete', ENVIRONMENT], env))).toBe(`Request to delete environment ${ENVIRONMENT} has been accepted.\n`);
    const after = await everything();
    expect(after).toEqual({ ...before, environments: before.environments.filter((n) => n !== ENVIRONMENT), members: [] });
  });
});
