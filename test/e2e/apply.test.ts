// workflow-apply, workbook-apply, action-apply and environment-apply on the real Mistral 15
// (README "CI"): each kind created, then left alone — no POST or PUT among the requests --debug
// shows, and the server's updated_at unchanged — then updated; a file of several workflows, which
// Mistral stores as its own YAML dumps; a directory with an invalid file among good ones; '-'; a
// dry run; target cloud B's project; and the README's CI deploy step run as written.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, mistral, ok, openrc, runProgram, stack, type Run } from './stack.js';

const home = openrc('openrc-a.sh');
const targetB = { ...home, ...openrc('target-b.sh') };
const run = `${process.pid}${Date.now() % 100000}`;
const dir = mkdtempSync(join(tmpdir(), 'mistral-e2e-apply-'));
const cleanup: Array<[string[], Record<string, string>]> = [];

afterAll(async () => {
  for (const [argv, env] of cleanup.reverse()) await mistral(argv, env);
});

function file(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** The requests --debug shows, as "METHOD path" (no query); the client's own login included. */
function requests(r: Run): string[] {
  return [...r.stderr.matchAll(/^DEBUG REQ: (\w+) (\S+)/gm)].map((m) => `${m[1]} ${new URL(m[2]).pathname}`);
}

/** The requests that change something on Mistral: POST and PUT, but neither validations nor Keystone logins. */
function writes(r: Run): string[] {
  return requests(r).filter((line) => /^(POST|PUT) \/v2\//.test(line) && !line.endsWith('/validate'));
}

/** "name result" per row. */
async function apply(argv: string[], env: Record<string, string> = home, input?: string): Promise<{ rows: string[]; r: Run }> {
  const r = await mistral(['--debug', ...argv, '-f', 'value', '-c', 'Name', '-c', 'Result'], env, input);
  return { rows: r.stdout.split('\n').filter(Boolean), r };
}

const WF = (name: string, output = 'one') => `---\nversion: '2.0'\n${name}:\n  tasks:\n    t1:\n      action: std.echo output=${output}\n`;

async function field(argv: string[], column: string, env = home): Promise<string> {
  return (await ok(mistral([...argv, '-c', column, '-f', 'value'], env))).trim();
}

describe('each kind: created, unchanged with no write request, updated', () => {
  it('workflow-apply', async () => {
    const name = `apply_wf_${run}`;
    const path = file('wf.yaml', WF(name));
    cleanup.push([['workflow-delete', name], home]);
    const created = await apply(['workflow-apply', path]);
    expect([created.r.code, created.rows]).toEqual([0, [`${name} created`]]);
    expect(writes(created.r)).toEqual(['POST /v2/workflows']);
    const updatedAt = await field(['workflow-get', name], 'Updated at');

    const again = await apply(['workflow-apply', path]);
    expect([again.r.code, again.rows]).toEqual([0, [`${name} unchanged`]]);
    expect(requests(again.r).filter((line) => line.includes('/v2/'))).toEqual([`GET /v2/workflows/${name}`]);
    expect(await field(['workflow-get', name], 'Updated at')).toBe(updatedAt);

    file('wf.yaml', WF(name, 'two'));
    const updated = await apply(['workflow-apply', path]);
    expect([updated.r.code, updated.rows]).toEqual([0, [`${name} updated`]]);
    expect(writes(updated.r)).toEqual(['PUT /v2/workflows']);
    expect(await ok(mistral(['workflow-get-definition', name], home))).toBe(WF(name, 'two'));
  });

  it('workbook-apply', async () => {
    const name = `apply_wb_${run}`;
    const text = (output: string) => `---\nversion: '2.0'\nname: ${name}\nworkflows:\n  inner:\n    tasks:\n      t1:\n        action: std.echo output=${output}\n`;
    const path = file('wb.yaml', text('one'));
    cleanup.push([['workbook-delete', name], home]);
    expect((await apply(['workbook-apply', path])).rows).toEqual([`${name} created`]);
    const updatedAt = await field(['workbook-get', name], 'Updated at');
    const again = await apply(['workbook-apply', path]);
    expect([again.r.code, again.rows, writes(again.r)]).toEqual([0, [`${name} unchanged`], []]);
    expect(await field(['workbook-get', name], 'Updated at')).toBe(updatedAt);
    file('wb.yaml', text('two'));
    const updated = await apply(['workbook-apply', path]);
    expect([updated.r.code, updated.rows, writes(updated.r)]).toEqual([0, [`${name} updated`], ['PUT /v2/workbooks']]);
  });

  it('action-apply: a file of two actions', async () => {
    const [a, b] = [`apply.greet_${run}`, `apply.wave_${run}`];
    const text = (output: string) => `---\nversion: '2.0'\n${a}:\n  base: std.echo\n  base-input:\n    output: ${output}\n${b}:\n  base: std.echo\n  base-input:\n    output: bye\n`;
    const path = file('actions.yaml', text('hi'));
    cleanup.push([['action-delete', a, b], home]);
    const created = await apply(['action-apply', path]);
    expect([created.r.code, created.rows, writes(created.r)]).toEqual([0, [`${a} created`, `${b} created`], ['POST /v2/actions']]);
    const again = await apply(['action-apply', path]);
    expect([again.r.code, again.rows, writes(again.r)]).toEqual([0, [`${a} unchanged`, `${b} unchanged`], []]);
    file('actions.yaml', text('hello'));
    const updated = await apply(['action-apply', path]);
    expect([updated.r.code, updated.rows, writes(updated.r)]).toEqual([0, [`${a} updated`, `${b} updated`], ['PUT /v2/actions']]);
    expect(await ok(mistral(['action-get-definition', a], home))).toBe(text('hello'));
  });

  it('environment-apply', async () => {
    const name = `apply_env_${run}`;
    const path = file('env.yaml', `name: ${name}\ndescription: deploy settings\nvariables:\n  region: north\n  nested: {a: [1, 2]}\n`);
    cleanup.push([['environment-delete', name], home]);
    expect((await apply(['environment-apply', path])).rows).toEqual([`${name} created`]);
    const updatedAt = await field(['environment-get', name], 'Updated at');
    // The same data in JSON, keys in another order: equal.
    const json = file('env.json', JSON.stringify({ variables: { nested: { a: [1, 2] }, region: 'north' }, description: 'deploy settings', name }));
    const again = await apply(['environment-apply', json]);
    expect([again.r.code, again.rows, writes(again.r)]).toEqual([0, [`${name} unchanged`], []]);
    expect(await field(['environment-get', name], 'Updated at')).toBe(updatedAt);
    file('env.yaml', `name: ${name}\nvariables:\n  region: south\n`);
    const updated = await apply(['environment-apply', path]);
    expect([updated.r.code, updated.rows, writes(updated.r)]).toEqual([0, [`${name} updated`], ['PUT /v2/environments']]);
    // The description the file left out is as it was.
    expect(await field(['environment-get', name], 'Description')).toBe('deploy settings');
  });
});

describe('what Mistral stores is what apply compares', () => {
  it('a file of several workflows: Mistral stores its own dumps of each, and the same file is unchanged', async () => {
    const [a, b] = [`apply_multi_a_${run}`, `apply_multi_b_${run}`];
    const text = `---\nversion: '2.0'\n# a comment Mistral drops\n${a}:\n  input:\n    - x: yes\n  tasks:\n    t1:\n      action: std.echo output=<% $.x %>\n${b}:\n  tasks:\n    t1:\n      workflow: ${a}\n`;
    const path = file('multi.yaml', text);
    cleanup.push([['workflow-delete', b, a], home]);
    expect((await apply(['workflow-apply', path])).rows).toEqual([`${a} created`, `${b} created`]);
    expect(await ok(mistral(['workflow-get-definition', a], home))).not.toContain('comment');
    const again = await apply(['workflow-apply', path]);
    expect([again.r.code, again.rows, writes(again.r)]).toEqual([0, [`${a} unchanged`, `${b} unchanged`], []]);
    // Only b changes: only b is sent.
    file('multi.yaml', `${text}      input: {x: no}\n`);
    const updated = await apply(['workflow-apply', path]);
    expect([updated.r.code, updated.rows, writes(updated.r)]).toEqual([0, [`${a} unchanged`, `${b} updated`], ['PUT /v2/workflows']]);
  });
});

describe("Mistral's own create is one transaction", () => {
  it('a POST of a file of two workflows, one of which exists, stores neither (what apply avoids by writing only what is absent)', async () => {
    const [a, b] = [`apply_tx_a_${run}`, `apply_tx_b_${run}`];
    cleanup.push([['workflow-delete', a], home]);
    await ok(mistral(['workflow-create', file('tx-a.yaml', WF(a))], home));
    const both = file('tx-both.yaml', `${WF(a)}${WF(b).replace(/^---\nversion: '2.0'\n/, '')}`);
    const create = await mistral(['workflow-create', both], home);
    expect(create.code).toBe(1);
    expect(create.stderr).toMatch(/Duplicate entry/);
    expect((await mistral(['workflow-get', b], home)).code).toBe(1);
    // apply of the same file: a unchanged, b created alone.
    cleanup.push([['workflow-delete', b], home]);
    const applied = await apply(['workflow-apply', both]);
    expect([applied.r.code, applied.rows, writes(applied.r)]).toEqual([0, [`${a} unchanged`, `${b} created`], ['POST /v2/workflows']]);
  });
});

describe('files', () => {
  it('a directory with an invalid file among good ones: the good ones applied, nothing of the invalid one, one stderr line, exit 1', async () => {
    const names = [`apply_dir_1_${run}`, `apply_dir_3_${run}`];
    file('dir/1.yaml', WF(names[0]));
    file('dir/2.yaml', `---\nversion: '2.0'\napply_dir_bad_${run}:\n  type: no_such_type\n  tasks:\n    t1:\n      action: std.noop\n`);
    file('dir/3.yml', WF(names[1]));
    file('dir/README.md', 'not a definition');
    cleanup.push([['workflow-delete', ...names], home]);
    const result = await apply(['workflow-apply', join(dir, 'dir')]);
    expect(result.r.code).toBe(1);
    expect(result.rows).toEqual([`${names[0]} created`, `apply_dir_bad_${run} failed`, `${names[1]} created`]);
    const failures = result.r.stderr.split('\n').filter((line) => line.startsWith('mistral: '));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(new RegExp(`^mistral: ${dir}/dir/2\\.yaml: workflow apply_dir_bad_${run}: not valid, nothing was written: .*no_such_type`));
    expect(writes(result.r)).toEqual(['POST /v2/workflows', 'POST /v2/workflows']);
    const missing = await mistral(['workflow-get', `apply_dir_bad_${run}`], home);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining('not found')]);
  });

  it("'-' reads standard input; --dry-run writes nothing and says what a run would do", async () => {
    const name = `apply_stdin_${run}`;
    const dry = await apply(['workflow-apply', '--dry-run', '-'], home, WF(name));
    expect([dry.r.code, dry.rows, writes(dry.r)]).toEqual([0, [`${name} created`], []]);
    expect(dry.r.stderr).toContain('mistral: warning: --dry-run: nothing was written');
    expect((await mistral(['workflow-get', name], home)).code).toBe(1);
    cleanup.push([['workflow-delete', name], home]);
    expect((await apply(['workflow-apply', '-'], home, WF(name))).rows).toEqual([`${name} created`]);
  });
});

describe('under target cloud B', () => {
  it("applies in B's project, then leaves it alone; at home the workflow is not there", async () => {
    const name = `apply_target_${run}`;
    const path = file('target.yaml', WF(name));
    cleanup.push([['workflow-delete', name], targetB]);
    const created = await apply(['workflow-apply', path], targetB);
    expect([created.r.code, created.rows]).toEqual([0, [`${name} created`]]);
    expect(created.r.stderr).toMatch(/"X-Target-Auth-Token":"<redacted>"/);
    const again = await apply(['workflow-apply', path], targetB);
    expect([again.r.code, again.rows, writes(again.r)]).toEqual([0, [`${name} unchanged`], []]);
    const tenant = Object.values(stack.clouds.b.users).find((u) => u.name === targetB.TARGET_OS_USERNAME);
    expect(await field(['workflow-get', name], 'Project ID', targetB)).toBe(tenant?.project_id);
    expect((await mistral(['workflow-get', name], home)).code).toBe(1);
  });
});

describe('README "CI"', () => {
  /** The fenced block after `<!-- ci:<step> -->` in README.md. */
  function readmeStep(step: string): string {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const block = new RegExp(`<!-- ci:${step} -->\\n\`\`\`sh\\n([\\s\\S]*?)\`\`\``).exec(readme);
    if (!block) throw new Error(`README.md has no ci:${step} block`);
    return block[1];
  }

  /** The Result column of the tables the step printed. */
  const results = (stdout: string) => [...stdout.matchAll(/\| (created|updated|unchanged|failed) +\|/g)].map((m) => m[1]);

  it('the deploy step, as written, deploys a repository twice: everything created, then everything unchanged', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'mistral-e2e-ci-'));
    const put = (path: string, text: string) => {
      mkdirSync(join(repo, path, '..'), { recursive: true });
      writeFileSync(join(repo, path), text);
    };
    const [action, workflow, env] = [`ci.say_${run}`, `ci_deploy_${run}`, `ci_env_${run}`];
    put('definitions/actions/say.yaml', `---\nversion: '2.0'\n${action}:\n  base: std.echo\n  base-input:\n    output: deployed\n`);
    put('definitions/workflows/deploy.yaml', `---\nversion: '2.0'\n${workflow}:\n  tasks:\n    t1:\n      action: ${action}\n`);
    put('definitions/environments/prod.json', JSON.stringify({ name: env, variables: { stage: 'prod' } }));
    cleanup.push([['environment-delete', env], home], [['action-delete', '--namespace', 'ci', action], home], [['workflow-delete', '--namespace', 'ci', workflow], home]);
    put('deploy.sh', readmeStep('deploy'));
    // `mistral` on PATH is this client (/usr/bin/mistral is Debian's python-mistralclient).
    const bin = join(repo, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'mistral'), `#!/bin/sh\nexec ${process.execPath} -- ${join(REPO, 'bin/mistral.js')} "$@"\n`);
    chmodSync(join(bin, 'mistral'), 0o755);
    const env2 = { ...home, PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` };
    const deploy = () => runProgram('bash', ['-c', `cd ${repo} && bash deploy.sh`], env2);

    const first = await deploy();
    expect([first.code, first.stderr]).toEqual([0, '']);
    expect(results(first.stdout)).toEqual(['created', 'created', 'created']);
    const second = await deploy();
    expect([second.code, second.stderr]).toEqual([0, '']);
    expect(results(second.stdout)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(await field(['workflow-get', '--namespace', 'ci', workflow], 'Namespace')).toBe('ci');
  });
});
