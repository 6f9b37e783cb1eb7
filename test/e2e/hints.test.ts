// Messages that point the right way, on the real stack (README "The target's project" and "Naming
// clouds"): the 404 hints fit what was not found, member-create under a target shares a home
// workflow with the target's project (then the target accepts it and runs it), and the settings
// errors for a clouds.yaml without secure.yaml and an openrc of TARGET_OS_* lines.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { logLines, mistral, ok, openrc, publishWhoami, stack, STACK_DIR } from './stack.js';

const home = openrc('openrc-a.sh');
const targetB = { ...home, ...openrc('target-b.sh') };
const files = { OS_CLIENT_CONFIG_FILE: stack.clouds_yaml, OS_CLIENT_SECURE_FILE: stack.secure_yaml };
const serviceLogs = () => [logLines('ks-a/log/uwsgi.log'), logLines('ks-b/log/uwsgi.log')];

beforeAll(publishWhoami);

/** A finished whoami execution started with these settings; its id. */
async function finished(env: Record<string, string>): Promise<string> {
  return (await ok(mistral(['execution-create', 'whoami', '--wait', '-c', 'ID', '-f', 'value'], env))).trim();
}

describe('404 hints that fit what was not found', () => {
  it("a target's execution read without the target says it may live in a target's project", async () => {
    const id = await finished(targetB);
    const r = await mistral(['execution-get', id], home);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`ERROR (app) WorkflowExecution not found [id=${id}] (HTTP 404 Not Found); an execution started with a target cloud belongs to the target's project: read it with the same target cloud set (--os-target-cloud, --os-target-openrc or TARGET_OS_*)\n`);
    expect(await ok(mistral(['execution-get', id, '-c', 'State', '-f', 'value'], targetB))).toBe('SUCCESS\n');
  });

  it('a home execution read under a target gets the advice for an execution, not for a workflow', async () => {
    const id = await finished(home);
    const r = await mistral(['execution-get', id], targetB);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`ERROR (app) WorkflowExecution not found [id=${id}] (HTTP 404 Not Found); with a target cloud set, Mistral acts in the target's project (projb, target cloud): an execution is found only with the cloud it was started with (none for one started at home)\n`);
  });
});

describe("member-create under a target shares a home workflow with the target's project", () => {
  it('--os-target-cloud stack-b member-create ID workflow, then the target accepts it and runs it', async () => {
    const name = `e2e_share_default_${Date.now()}`;
    const file = join(mkdtempSync(join(tmpdir(), 'mistral-e2e-')), 'wf.yaml');
    writeFileSync(file, `---\nversion: '2.0'\n${name}:\n  tasks:\n    t:\n      action: std.noop\n  output:\n    said: shared\n`);
    const atHome = { ...files, OS_CLOUD: 'stack-a' };
    await ok(mistral(['workflow-create', file], atHome));
    try {
      const id = (await ok(mistral(['workflow-get', name, '-c', 'ID', '-f', 'value'], atHome))).trim();
      const created = await mistral(['--os-target-cloud', 'stack-b', 'member-create', id, 'workflow', '-f', 'json'], atHome);
      expect(created.code, created.stderr).toBe(0);
      const member = JSON.parse(created.stdout) as Record<string, string>;
      expect(member).toMatchObject({ 'Resource ID': id, 'Member ID': stack.clouds.b.projects.projb, 'Status': 'pending' });
      const accepted = await ok(mistral(['--os-target-cloud', 'stack-b', 'member-update', id, 'workflow', '-f', 'value', '-c', 'Status'], atHome));
      expect(accepted).toBe('accepted\n');
      const run = await mistral(['--os-target-cloud', 'stack-b', 'execution-create', id, '--wait', '-f', 'value', '-c', 'State'], atHome);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toBe('SUCCESS\n');
    } finally {
      await ok(mistral(['workflow-delete', name], atHome));
    }
  });

  it('without a target the member is required, as in the reference', async () => {
    const r = await mistral(['member-create', 'some-id', 'workflow'], home);
    expect(r.stderr).toBe("mistral member-create: error: missing required argument 'member_id'\n");
    expect(r.code).toBe(2);
  });
});

describe('settings errors that say where the fix goes', () => {
  it('clouds.yaml found, no secure.yaml: the password message names the cloud and secure.yaml, nothing sent', async () => {
    const before = serviceLogs();
    const r = await mistral(['workflow-list'], { OS_CLIENT_CONFIG_FILE: stack.clouds_yaml, OS_CLOUD: 'stack-a' });
    expect(r.stderr).toBe("mistral workflow-list: error: You must provide a password via --os-password env[OS_PASSWORD]; cloud 'stack-a' of clouds.yaml has none: add it to secure.yaml (clouds: stack-a: auth: password: ...) in ~/.config/openstack or the file OS_CLIENT_SECURE_FILE names\n");
    expect(r.code).toBe(2);
    expect(serviceLogs()).toEqual(before);
  });

  it('--os-target-openrc given a file of TARGET_OS_* lines points to --os-env-file, which runs it on B', async () => {
    const targetFile = join(STACK_DIR, 'target-b.sh');
    const before = serviceLogs();
    const r = await mistral(['--os-target-openrc', targetFile, 'execution-create', 'whoami'], home);
    expect(r.stderr).toMatch(new RegExp(`^mistral execution-create: error: --os-target-openrc '${targetFile}' holds target names \\(TARGET_OS_[A-Z_]+, [^)]*\\), but it reads a cloud's own OS_\\* names; give this file with --os-env-file \\(alias --env-file\\) instead\\n$`));
    expect(r.code).toBe(2);
    expect(serviceLogs()).toEqual(before);
    const viaEnvFile = await mistral(['--os-env-file', targetFile, 'execution-create', 'whoami', '--wait', '-c', 'ID', '-f', 'value'], home);
    expect(viaEnvFile.code, viaEnvFile.stderr).toBe(0);
    const out = JSON.parse(await ok(mistral(['--os-env-file', targetFile, 'execution-get-output', viaEnvFile.stdout.trim()], home))) as { token_project: string };
    expect(out.token_project).toBe('projb');
  });
});
