// workflow-apply, workbook-apply, action-apply and environment-apply (src/commands/apply.ts,
// README "CI") against a fake Mistral that keeps what it is sent
// (test/helpers/mistral-routes/definitions.ts): each kind created, then left alone with no write
// request at all, then updated; a file of several workflows or actions; a directory, '-', a dry
// run, a failing file among good ones, every formatter, and the same under a target cloud.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lines, runCli } from '../../helpers/cli.js';
import { workDir } from '../../helpers/cli-workdir.js';
import { useWorld } from '../../helpers/clouds.js';
import { definitionStore, type DefinitionStore } from '../../helpers/mistral-routes/definitions.js';
import { startMistral, wire, type FakeMistral } from '../../helpers/mistral.js';
import type { RecordedRequest } from '../../helpers/server.js';

let mistral: FakeMistral;
let store: DefinitionStore;
let dir: string;
let dirs = 0;

beforeAll(async () => {
  mistral = await startMistral();
});
afterAll(async () => {
  await mistral?.close();
});

/** Forgets the requests so far; the store keeps its objects. */
function forget(): void {
  mistral.reset();
  mistral.intercept = store.reply;
}

beforeEach(() => {
  store = definitionStore();
  forget();
  dir = join(workDir(), `apply-${process.pid}-${dirs++}`);
  mkdirSync(dir, { recursive: true });
});

function file(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return name;
}

const run = (argv: string[], stdin?: string) => runCli(['--os-mistral-url', mistral.apiUrl, ...argv], {}, { cwd: dir, stdin });

/** Requests that change something: every POST and PUT but a validation's. */
const writes = (requests: RecordedRequest[]) => requests.filter((r) => (r.method === 'POST' || r.method === 'PUT') && !r.path.endsWith('/validate'));

/** The rows of `-f value -c Name -c Result`: "name result" each. */
const results = (stdout: string) => lines(stdout);

const WF = (name: string, action = 'std.noop') => `---\nversion: '2.0'\n${name}:\n  tasks:\n    t1:\n      action: ${action}\n`;
const WB = (name: string, action = 'std.noop') => `---\nversion: '2.0'\nname: ${name}\nworkflows:\n  inner:\n    tasks:\n      t1:\n        action: ${action}\n`;
const ACTIONS = (output = 'hi') => `---\nversion: '2.0'\ngreet:\n  base: std.echo\n  base-input:\n    output: ${output}\nwave:\n  base: std.echo\n  base-input:\n    output: bye\n`;
const ENV = (value: string, extra = '') => `name: env_apply\ndescription: deploy settings\nvariables:\n  region: ${value}\n  replicas: 3\n${extra}`;

const VALUE = ['-f', 'value', '-c', 'Name', '-c', 'Result'];

describe('each kind: created, then unchanged with no write request, then updated', () => {
  const kinds = [
    { command: 'workflow-apply', kind: 'workflows', first: WF('wf_apply'), second: WF('wf_apply', 'std.echo output=1'), name: 'wf_apply' },
    { command: 'workbook-apply', kind: 'workbooks', first: WB('wb_apply'), second: WB('wb_apply', 'std.echo output=1'), name: 'wb_apply' },
    { command: 'environment-apply', kind: 'environments', first: ENV('north'), second: ENV('south'), name: 'env_apply' },
  ] as const;
  for (const k of kinds) {
    it(`${k.command}`, async () => {
      file('def.yaml', k.first);
      const created = await run([k.command, 'def.yaml', ...VALUE]);
      expect(created.stderr).toBe('');
      expect(created.code).toBe(0);
      expect(results(created.stdout)).toEqual([`${k.name} created`]);
      expect(writes(mistral.requests).map((r) => r.method)).toEqual(['POST']);
      const createdAt = store.all(k.kind)[0].created_at;

      forget();
      const again = await run([k.command, 'def.yaml', ...VALUE]);
      expect([again.code, again.stderr, results(again.stdout)]).toEqual([0, '', [`${k.name} unchanged`]]);
      expect(mistral.requests.map((r) => r.method)).toEqual(['GET']);

      file('def.yaml', k.second);
      forget();
      const updated = await run([k.command, 'def.yaml', ...VALUE]);
      expect([updated.code, updated.stderr, results(updated.stdout)]).toEqual([0, '', [`${k.name} updated`]]);
      expect(writes(mistral.requests).map((r) => r.method)).toEqual(['PUT']);
      expect(store.all(k.kind)).toHaveLength(1);
      expect(store.all(k.kind)[0].created_at).toBe(createdAt);
      expect(store.all(k.kind)[0].updated_at).not.toBeNull();
    });
  }

  it('action-apply: a file of two actions is two rows; each is stored with the whole file', async () => {
    file('actions.yaml', ACTIONS());
    const created = await run(['action-apply', 'actions.yaml', ...VALUE]);
    expect([created.code, created.stderr, results(created.stdout)]).toEqual([0, '', ['greet created', 'wave created']]);
    expect(writes(mistral.requests).map((r) => `${r.method} ${r.body === ACTIONS()}`)).toEqual(['POST true']);

    forget();
    const again = await run(['action-apply', 'actions.yaml', ...VALUE]);
    expect(results(again.stdout)).toEqual(['greet unchanged', 'wave unchanged']);
    expect(mistral.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v2/actions/greet/', 'GET /v2/actions/wave/']);

    file('actions.yaml', ACTIONS('hello'));
    forget();
    const updated = await run(['action-apply', 'actions.yaml', ...VALUE]);
    // Both actions' definition is the file, so both differ from it now.
    expect([updated.code, results(updated.stdout)]).toEqual([0, ['greet updated', 'wave updated']]);
    expect(writes(mistral.requests).map((r) => r.method)).toEqual(['PUT']);
    expect(store.all('actions').map((a) => a.definition)).toEqual([ACTIONS('hello'), ACTIONS('hello')]);
  });
});

describe('what "equal" means', () => {
  it('a file of several workflows: one row each; only the one that changed is sent, alone', async () => {
    const two = `---\nversion: '2.0'\nwf_a:\n  tasks:\n    t1:\n      action: std.noop\nwf_b:\n  tasks:\n    t1:\n      action: std.noop\n`;
    file('two.yaml', two);
    expect(results((await run(['workflow-apply', 'two.yaml', ...VALUE])).stdout)).toEqual(['wf_a created', 'wf_b created']);

    // Mistral stored each as its own YAML dump, not as the file's text: still equal.
    expect(store.all('workflows').map((w) => w.definition)).not.toContain(two);
    forget();
    expect(results((await run(['workflow-apply', 'two.yaml', ...VALUE])).stdout)).toEqual(['wf_a unchanged', 'wf_b unchanged']);
    expect(writes(mistral.requests)).toEqual([]);

    // wf_b changes and wf_c is new: wf_c created alone, wf_b updated alone, wf_a not touched.
    const aUpdated = store.all('workflows')[0].updated_at;
    file('two.yaml', `${two.replace(/std\.noop\n$/, 'std.echo output=2\n')}wf_c:\n  tasks:\n    t1:\n      action: std.noop\n`);
    forget();
    const mixed = await run(['workflow-apply', 'two.yaml', ...VALUE]);
    expect([mixed.code, mixed.stderr, results(mixed.stdout)]).toEqual([0, '', ['wf_a unchanged', 'wf_b updated', 'wf_c created']]);
    const sent = writes(mistral.requests);
    expect(sent.map((r) => r.method)).toEqual(['POST', 'PUT']);
    expect(sent[0].body).toBe("version: \"2.0\"\nwf_c:\n  tasks:\n    t1:\n      action: std.noop\n");
    expect(sent[1].body).toContain('wf_b:');
    expect(sent[1].body).not.toContain('wf_a:');
    expect(store.all('workflows')[0].updated_at).toBe(aUpdated);
  });

  it('--public makes the scope part of the definition: the same text without it is an update back to private', async () => {
    file('wf.yaml', WF('wf_scope'));
    expect(results((await run(['workflow-apply', '--public', 'wf.yaml', ...VALUE])).stdout)).toEqual(['wf_scope created']);
    expect(store.all('workflows')[0].scope).toBe('public');
    expect(results((await run(['workflow-apply', '--public', 'wf.yaml', ...VALUE])).stdout)).toEqual(['wf_scope unchanged']);
    forget();
    expect(results((await run(['workflow-apply', 'wf.yaml', ...VALUE])).stdout)).toEqual(['wf_scope updated']);
    expect(wire(writes(mistral.requests)[0])).toMatchObject({ m: 'PUT', path: '/v2/workflows', q: 'namespace=&scope=private' });
    expect(store.all('workflows')[0].scope).toBe('private');
  });

  it('--namespace: looked up, created and updated in that namespace; another namespace\'s object is another object', async () => {
    file('wf.yaml', WF('wf_ns'));
    await run(['workflow-apply', 'wf.yaml']);
    const inNs = await run(['workflow-apply', '--namespace', 'team1', 'wf.yaml', '-f', 'value', '-c', 'Name', '-c', 'Namespace', '-c', 'Result']);
    expect(results(inNs.stdout)).toEqual(['wf_ns team1 created']);
    expect(store.all('workflows').map((w) => w.namespace)).toEqual(['', 'team1']);
  });

  it("action-apply --namespace: Mistral's answer from the default namespace is not this namespace's action", async () => {
    file('actions.yaml', ACTIONS());
    await run(['action-apply', 'actions.yaml']);
    forget();
    const result = await run(['action-apply', '--namespace', 'team1', 'actions.yaml', '-f', 'value', '-c', 'Name', '-c', 'Namespace', '-c', 'Result']);
    expect([result.code, result.stderr, results(result.stdout)]).toEqual([0, '', ['greet team1 created', 'wave team1 created']]);
    expect(wire(writes(mistral.requests)[0])).toMatchObject({ m: 'POST', path: '/v2/actions', q: 'scope=private&namespace=team1' });
    expect(store.all('actions').map((a) => `${a.name}/${a.namespace}`)).toEqual(['greet/', 'wave/', 'greet/team1', 'wave/team1']);
  });

  it('action-apply: one action of the file missing on the server is created, then the whole file is put', async () => {
    file('actions.yaml', ACTIONS());
    await run(['action-apply', 'actions.yaml']);
    store.all('actions').splice(1, 1);
    forget();
    const result = await run(['action-apply', 'actions.yaml', ...VALUE]);
    expect([result.code, result.stderr, results(result.stdout)]).toEqual([0, '', ['greet unchanged', 'wave created']]);
    expect(writes(mistral.requests).map((r) => `${r.method} ${r.body.includes('greet:')}`)).toEqual(['POST false', 'PUT true']);
    expect(store.all('actions').map((a) => a.definition === ACTIONS())).toEqual([true, true]);
  });

  it('environment-apply: variables are compared as data, and a field the file leaves out is not compared', async () => {
    file('env.json', JSON.stringify({ name: 'env_json', variables: { b: [1, 2], a: { x: null } } }));
    await run(['environment-apply', 'env.json']);
    store.all('environments')[0].description = 'set by someone else';
    // The same variables in another order and another notation.
    file('env.json', 'name: env_json\nvariables: {a: {x: ~}, b: [1, 2]}\n');
    forget();
    const result = await run(['environment-apply', 'env.json', ...VALUE]);
    expect([result.code, result.stderr, results(result.stdout)]).toEqual([0, '', ['env_json unchanged']]);
    expect(writes(mistral.requests)).toEqual([]);
  });

  it('environment-apply sends what environment-create sends: the variables as JSON text', async () => {
    file('env.yaml', ENV('north', 'scope: private\n'));
    await run(['environment-apply', 'env.yaml']);
    expect(wire(writes(mistral.requests)[0])).toEqual({
      m: 'POST', path: '/v2/environments', q: '', ct: 'application/json',
      body: '{"name": "env_apply", "description": "deploy settings", "variables": "{\\"region\\": \\"north\\", \\"replicas\\": 3}", "scope": "private"}',
    });
  });
});

describe('files: several, a directory, standard input', () => {
  it('a directory: its .yaml and .yml files in sorted order, no hidden or other files', async () => {
    file('defs/b.yaml', WF('wf_b'));
    file('defs/a.yml', WF('wf_a'));
    file('defs/notes.txt', WF('wf_txt'));
    file('defs/.hidden.yaml', WF('wf_hidden'));
    const result = await run(['workflow-apply', 'defs', '-f', 'value', '-c', 'Name', '-c', 'Result', '-c', 'File']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(results(result.stdout)).toEqual(['wf_a created defs/a.yml', 'wf_b created defs/b.yaml']);
  });

  it('environment-apply takes .json files from a directory too', async () => {
    file('envs/one.json', JSON.stringify({ name: 'one', variables: { k: 1 } }));
    file('envs/two.yaml', 'name: two\nvariables: {k: 2}\n');
    expect(results((await run(['environment-apply', 'envs', ...VALUE])).stdout)).toEqual(['one created', 'two created']);
  });

  it("'-' reads standard input", async () => {
    const result = await run(['workbook-apply', '-', '-f', 'value', '-c', 'Name', '-c', 'Result', '-c', 'File'], WB('wb_stdin'));
    expect([result.code, result.stderr, results(result.stdout)]).toEqual([0, '', ['wb_stdin created -']]);
  });

  it('a file that does not exist, or a directory without definition files: exit 2 before any request', async () => {
    file('good.yaml', WF('wf_good'));
    const missing = await run(['workflow-apply', 'good.yaml', 'nonexist.yaml']);
    expect([missing.code, missing.stderr]).toEqual([2, "mistral workflow-apply: error: argument files: can't open 'nonexist.yaml': No such file or directory\n"]);
    file('empty/readme.txt', 'x');
    const empty = await run(['workflow-apply', 'empty']);
    expect([empty.code, empty.stderr]).toEqual([2, "mistral workflow-apply: error: argument files: no definition files (*.yaml, *.yml) in directory 'empty'\n"]);
    expect(mistral.requests).toEqual([]);
  });

  it('the same object in two files of one run fails the second file', async () => {
    file('one.yaml', WF('wf_twice'));
    file('two.yaml', WF('wf_twice', 'std.echo output=2'));
    const result = await run(['workflow-apply', 'one.yaml', 'two.yaml', ...VALUE]);
    expect(result.code).toBe(1);
    expect(results(result.stdout)).toEqual(['wf_twice created', 'wf_twice failed']);
    expect(result.stderr).toBe('mistral: two.yaml: workflow wf_twice: also defined by one.yaml; nothing of this file was applied\n');
  });
});

describe('a failing file among good ones', () => {
  it('the good ones are applied, the invalid one fails validation and nothing of it is written: one stderr line, exit 1', async () => {
    file('defs/1.yaml', WF('wf_one'));
    file('defs/2.yaml', WF('wf_bad', 'invalid'));
    file('defs/3.yaml', 'version: [unclosed\n');
    file('defs/4.yaml', WF('wf_four'));
    const result = await run(['workflow-apply', 'defs', ...VALUE]);
    expect(result.code).toBe(1);
    expect(results(result.stdout)).toEqual(['wf_one created', 'wf_bad failed', ' failed', 'wf_four created']);
    expect(lines(result.stderr)).toEqual([
      'mistral: defs/2.yaml: workflow wf_bad: not valid, nothing was written: Invalid DSL: bad thing',
      expect.stringMatching(/^mistral: defs\/3\.yaml: not valid YAML: /),
    ]);
    expect(store.all('workflows').map((w) => w.name)).toEqual(['wf_one', 'wf_four']);
    expect(writes(mistral.requests).map((r) => r.body)).toEqual([WF('wf_one'), WF('wf_four')]);
  });

  it('an invalid change to an existing workflow: no PUT, the stored definition stays', async () => {
    file('wf.yaml', WF('wf_keep'));
    await run(['workflow-apply', 'wf.yaml']);
    file('wf.yaml', WF('wf_keep', 'invalid'));
    forget();
    const result = await run(['workflow-apply', 'wf.yaml', ...VALUE]);
    expect([result.code, result.stderr, results(result.stdout)]).toEqual([1, 'mistral: wf.yaml: workflow wf_keep: not valid, nothing was written: Invalid DSL: bad thing\n', ['wf_keep failed']]);
    expect(mistral.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v2/workflows/wf_keep', 'POST /v2/workflows/validate']);
    expect(store.all('workflows')[0].definition).toBe(WF('wf_keep'));
  });

  it("a server's refusal of one write fails that object only", async () => {
    file('a.yaml', WF('wf_a'));
    file('b.yaml', WF('wf_b'));
    mistral.intercept = (req) => (req.method === 'POST' && req.body.includes('wf_a:') ? { status: 500, body: { faultstring: 'database is locked' } } : store.reply(req));
    const result = await run(['workflow-apply', 'a.yaml', 'b.yaml', ...VALUE]);
    expect([result.code, result.stderr, results(result.stdout)]).toEqual([1, 'mistral: a.yaml: workflow wf_a: database is locked (HTTP 500 Internal Server Error)\n', ['wf_a failed', 'wf_b created']]);
  });
});

describe('--dry-run', () => {
  it('shows the rows a run would show and writes nothing', async () => {
    file('wf.yaml', WF('wf_dry'));
    file('other.yaml', WF('wf_same'));
    await run(['workflow-apply', 'other.yaml']);
    file('bad.yaml', WF('wf_bad', 'invalid'));
    forget();
    const dry = await run(['workflow-apply', '--dry-run', 'wf.yaml', 'other.yaml', 'bad.yaml', ...VALUE]);
    expect(dry.code).toBe(1);
    expect(results(dry.stdout)).toEqual(['wf_dry created', 'wf_same unchanged', 'wf_bad failed']);
    expect(lines(dry.stderr)).toEqual([
      'mistral: bad.yaml: workflow wf_bad: not valid, nothing was written: Invalid DSL: bad thing',
      'mistral: warning: --dry-run: nothing was written; the rows say what a run would do',
    ]);
    expect(writes(mistral.requests)).toEqual([]);
    expect(store.all('workflows').map((w) => w.name)).toEqual(['wf_same']);

    // The real run then does what the dry run said.
    const real = await run(['workflow-apply', 'wf.yaml', 'other.yaml', ...VALUE]);
    expect(results(real.stdout)).toEqual(['wf_dry created', 'wf_same unchanged']);
  });

  it('an update in a dry run', async () => {
    file('env.yaml', ENV('north'));
    await run(['environment-apply', 'env.yaml']);
    file('env.yaml', ENV('south'));
    forget();
    const dry = await run(['environment-apply', '--dry-run', '-q', 'env.yaml', ...VALUE]);
    expect([dry.code, dry.stderr, results(dry.stdout)]).toEqual([0, '', ['env_apply updated']]);
    expect(writes(mistral.requests)).toEqual([]);
  });
});

describe('output in every formatter', () => {
  it('table', async () => {
    file('wf.yaml', WF('wf_table'));
    const result = await run(['workflow-apply', 'wf.yaml']);
    expect(lines(result.stdout)).toEqual([
      '+----------+-----------+---------+-------------+---------+---------+---------------------+------------+',
      '| Name     | Namespace | Result  | ID          | Scope   | File    | Created at          | Updated at |',
      '+----------+-----------+---------+-------------+---------+---------+---------------------+------------+',
      '| wf_table |           | created | workflows-1 | private | wf.yaml | 2024-06-01 10:00:00 | None       |',
      '+----------+-----------+---------+-------------+---------+---------+---------------------+------------+',
    ]);
  });

  it('json, yaml, value and csv', async () => {
    file('env.yaml', ENV('north'));
    await run(['environment-apply', 'env.yaml']);
    const json = JSON.parse((await run(['environment-apply', 'env.yaml', '-f', 'json'])).stdout);
    expect(json).toEqual([{ Name: 'env_apply', Result: 'unchanged', ID: 'environments-1', Scope: 'private', File: 'env.yaml', 'Created at': '2024-06-01 10:00:00', 'Updated at': null }]);
    expect((await run(['environment-apply', 'env.yaml', '-f', 'yaml', '-c', 'Name', '-c', 'Result'])).stdout).toBe('- Name: env_apply\n  Result: unchanged\n');
    expect((await run(['environment-apply', 'env.yaml', '-f', 'value', '-c', 'Result'])).stdout).toBe('unchanged\n');
    expect((await run(['environment-apply', 'env.yaml', '-f', 'csv', '-c', 'Name', '-c', 'Result'])).stdout).toBe('"Name","Result"\n"env_apply","unchanged"\n');
  });
});

describe('under a target cloud, as workflow-create', () => {
  const world = useWorld();
  let targetStore: DefinitionStore;
  beforeEach(() => {
    targetStore = definitionStore({ homeProject: world.homeProject.id });
    world.mistral.intercept = targetStore.reply;
  });

  it("creates in the target's project with the target headers on every request, then leaves it alone", async () => {
    file('wf.yaml', WF('wf_target'));
    const env = { ...world.homeEnv(), ...world.targetEnv() };
    const first = await runCli(['workflow-apply', 'wf.yaml', ...VALUE], env, { cwd: dir });
    expect([first.code, first.stderr, results(first.stdout)]).toEqual([0, '', ['wf_target created']]);
    expect(world.mistral.requests.length).toBeGreaterThan(0);
    for (const r of world.mistral.requests) expect(r.headers['x-target-project-id'], `${r.method} ${r.path}`).toBe(world.targetProject.id);
    expect(targetStore.all('workflows').map((w) => w.project_id)).toEqual([world.targetProject.id]);

    world.mistral.reset();
    world.mistral.intercept = targetStore.reply;
    const again = await runCli(['workflow-apply', 'wf.yaml', ...VALUE], env, { cwd: dir });
    expect(results(again.stdout)).toEqual(['wf_target unchanged']);
    expect(writes(world.mistral.requests)).toEqual([]);

    // At home the workflow is absent: the home project has none.
    const home = await runCli(['workflow-apply', '--dry-run', '-q', 'wf.yaml', ...VALUE], world.homeEnv(), { cwd: dir });
    expect(results(home.stdout)).toEqual(['wf_target created']);
  });

  it("an object of another project (a public one Mistral shows) is refused, not changed", async () => {
    targetStore.put('workflows', { name: 'wf_theirs', project_id: 'someone-else', scope: 'public', definition: WF('wf_theirs') });
    file('wf.yaml', WF('wf_theirs', 'std.echo output=1'));
    const result = await runCli(['workflow-apply', 'wf.yaml', ...VALUE], world.homeEnv(), { cwd: dir });
    expect([result.code, results(result.stdout)]).toEqual([1, ['wf_theirs failed']]);
    expect(result.stderr).toBe(`mistral: wf.yaml: workflow wf_theirs: project someone-else's (public), not this project's (${world.homeProject.id}): apply changes only its own project's workflows; nothing of this file was applied\n`);
    expect(writes(world.mistral.requests)).toEqual([]);
  });
});
