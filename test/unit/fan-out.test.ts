// One workflow on several target clouds at once (README "One workflow on several clouds"):
// repeated --os-target-cloud, every cloud authenticated before anything starts, one execution per
// target, one row per cloud, an exit code that counts them all; and a target cloud that explains
// itself (the 404 hint, members of the target project); targets of one user at one Keystone that
// check the password once and rescope that token for the other projects (src/auth/keystone.ts
// rescope).
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { lines, NOW, runCli, type RunOptions } from '../helpers/cli.js';
import { TARGET_DOMAIN, useWorld, type Env } from '../helpers/clouds.js';
import { perCloudExecutionId } from '../../src/commands/execution-ids.js';
import { perCloudColumns } from '../../src/commands/execution-resource.js';
import { startKeystone, type FakeKeystone } from '../helpers/keystone.js';
import { newSecret } from '../helpers/secrets.js';

const world = useWorld();
let second: FakeKeystone;
const secondDomain = { id: 'default', name: 'Default' };
const secondUser = { id: 'su-3333', name: 'suser', domain: secondDomain, password: newSecret('second-target-password') };
const secondProject = { id: 'sp-3333', name: 'sproject', domain: secondDomain };
let env: Env;

beforeAll(async () => {
  second = await startKeystone({
    name: 'second-target-keystone',
    domains: [secondUser.domain],
    users: [secondUser],
    projects: [secondProject],
    catalog: [{ id: 'svc-c', type: 'compute', name: 'nova', endpoints: [{ id: 'ep', interface: 'public', region: 'SecondRegion', region_id: 'SecondRegion', url: 'http://nova.second.invalid' }] }],
  });
  const dir = mkdtempSync(join(tmpdir(), 'mistral-fan-out-'));
  const cloudsFile = join(dir, 'clouds.yaml');
  writeFileSync(cloudsFile, stringify({
    clouds: {
      first: { auth: { auth_url: world.target.authUrl, username: 'tuser', password: world.targetUser.password, project_name: 'tproject', user_domain_name: TARGET_DOMAIN.name, project_domain_name: TARGET_DOMAIN.name }, region_name: 'TargetRegion' },
      second: { auth: { auth_url: second.authUrl, username: 'suser', password: secondUser.password, project_name: 'sproject' }, region_name: 'SecondRegion' },
      wrongpass: { auth: { auth_url: second.authUrl, username: 'suser', password: newSecret('not-the-password'), project_name: 'sproject' } },
    },
  }));
  env = { ...world.homeEnv(), OS_CLIENT_CONFIG_FILE: cloudsFile };
});
afterAll(async () => {
  await second?.close();
});

function fakeTime(): RunOptions {
  let now = NOW.getTime();
  return { clock: () => new Date(now), sleep: async (ms) => void (now += ms) };
}

const targets = ['--os-target-cloud', 'first', '--os-target-cloud', 'second'];
const posts = () => world.mistral.requests.filter((r) => r.method === 'POST');

describe('execution-create on several target clouds', () => {
  it('starts one execution per target, each with its own target token, and prints one row per cloud', async () => {
    const result = await runCli([...targets, 'execution-create', 'wait_ok', '-f', 'value'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(world.home.tokenRequests()).toHaveLength(1);
    expect(world.target.tokenRequests()).toHaveLength(1);
    expect(second.tokenRequests()).toHaveLength(1);
    const sent = posts().map((r) => r.headers['x-target-project-id']).sort();
    expect(sent).toEqual([secondProject.id, world.targetProject.id].sort());
    const rows = lines(result.stdout).map((l) => l.split(' '));
    expect(rows.map((r) => [r[0], r[2], r[3]])).toEqual([['first', 'wait_ok', 'RUNNING'], ['second', 'wait_ok', 'RUNNING']]);
  });

  it('--wait: final states and Duration per cloud; exit 0 only when all succeeded', async () => {
    const result = await runCli([...targets, 'execution-create', 'wait_ok', '--wait', '-f', 'json'], env, fakeTime());
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as Array<Record<string, string>>;
    expect(rows.map((r) => [r['Target cloud'], r.State, r.Duration])).toEqual([['first', 'SUCCESS', '0:00:10'], ['second', 'SUCCESS', '0:00:10']]);
    expect(Object.keys(rows[0])).toEqual(['Target cloud', 'ID', 'Workflow name', 'State', 'State info', 'Created at', 'Duration']);
    // Per cloud: RUNNING, each task as it ends, then the end with the execution's own time.
    const progress = (row: Record<string, string>) => [
      `execution ${row.ID} on the target cloud '${row['Target cloud']}': RUNNING`,
      `execution ${row.ID} on the target cloud '${row['Target cloud']}': task task0 SUCCESS after 0:00:01`,
      `execution ${row.ID} on the target cloud '${row['Target cloud']}': task task1 SUCCESS after 0:00:02`,
      `execution ${row.ID} on the target cloud '${row['Target cloud']}': SUCCESS after 0:00:10`,
    ];
    for (const row of rows) expect(lines(result.stderr).filter((l) => l.includes(row.ID))).toEqual(progress(row));
  });

  it('--wait --print-output: one output per cloud, each under its label; -f json: one object keyed by cloud', async () => {
    const text = await runCli([...targets, 'execution-create', 'wait_ok', '--wait', '--print-output'], env, fakeTime());
    expect([text.code, text.stdout]).toEqual([0, '==> first <==\n{\n    "result": "ok"\n}\n==> second <==\n{\n    "result": "ok"\n}\n']);
    world.reset();
    const json = await runCli([...targets, 'execution-create', 'wait_ok', '--wait', '--print-output', '-f', 'json'], env, fakeTime());
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ first: { result: 'ok' }, second: { result: 'ok' } });
    world.reset();
    const compact = await runCli([...targets, 'execution-create', 'wait_ok', '--wait', '--print-output', '-f', 'json', '--noindent'], env, fakeTime());
    expect(compact.stdout).toBe('{"first": {"result": "ok"}, "second": {"result": "ok"}}\n');
  });

  it('--print-output with a cloud where nothing started: null under its name, exit 1', async () => {
    world.mistral.intercept = (req) => (req.method === 'POST' && req.headers['x-target-project-id'] === secondProject.id
      ? { status: 404, body: { faultstring: 'Workflow not found [workflow_identifier=wait_ok]', debuginfo: null } }
      : undefined);
    const result = await runCli([...targets, 'execution-create', 'wait_ok', '--wait', '--print-output', '-f', 'json'], env, fakeTime());
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({ first: { result: 'ok' }, second: null });
    expect(lines(result.stderr).filter((l) => l.startsWith('mistral:'))).toHaveLength(1);
  });

  it('failed executions on both clouds: each names its failed task and the action\'s error', async () => {
    const result = await runCli([...targets, 'execution-create', 'wait_fail', '--wait', '--print-output', '-f', 'json'], env, fakeTime());
    expect(result.code).toBe(1);
    for (const cloud of ['first', 'second']) {
      expect(result.stderr).toMatch(new RegExp(`^mistral: execution \\S+ on the target cloud '${cloud}': task fail_here: action std.fail failed with: The action raised an exception .*msg='Fail action expected exception\\.'\\]$`, 'm'));
    }
  });

  it('a target that cannot log in stops everything before any execution starts', async () => {
    const result = await runCli(['--os-target-cloud', 'first', '--os-target-cloud', 'wrongpass', 'execution-create', 'wait_ok', '--wait'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`ERROR (app) Authentication failed: The request you have made requires authentication. (HTTP 401 Unauthorized) (target cloud 'wrongpass' Keystone at ${second.authUrl}/auth/tokens)\n`);
    expect(posts()).toEqual([]);
  });

  it("one cloud's failure to start never hides the others' results; exit 1", async () => {
    world.mistral.intercept = (req) => (req.method === 'POST' && req.headers['x-target-project-id'] === secondProject.id
      ? { status: 404, body: { faultstring: 'Workflow not found [workflow_identifier=wait_ok]', debuginfo: null } }
      : undefined);
    const result = await runCli([...targets, 'execution-create', 'wait_ok', '--wait', '-f', 'value', '-c', 'Target cloud', '-c', 'State'], env, fakeTime());
    expect(result.code).toBe(1);
    expect(lines(result.stdout)).toEqual(['first SUCCESS', 'second NOT STARTED']);
    // One line for the one not started: no progress line for it.
    expect(lines(result.stderr).filter((l) => l.includes("'second'"))).toHaveLength(1);
    expect(lines(result.stderr).at(-1)).toBe("mistral: execution (none) on the target cloud 'second' was not started: Workflow not found [workflow_identifier=wait_ok] (HTTP 404 Not Found); with a target cloud set, Mistral acts in the target's project (sproject, target cloud 'second'): the workflow must be public or shared with that project (member-create), or created with the same target cloud set");
  });

  it('without --wait too: the rows of those started, and one line for the one that was not; exit 1', async () => {
    world.mistral.intercept = (req) => (req.method === 'POST' && req.headers['x-target-project-id'] === world.targetProject.id ? { status: 503, body: '' } : undefined);
    const result = await runCli([...targets, 'execution-create', 'wait_ok', '-f', 'value', '-c', 'Target cloud', '-c', 'State'], env);
    expect(result.code).toBe(1);
    expect(lines(result.stdout)).toEqual(['first NOT STARTED', 'second RUNNING']);
    expect(lines(result.stderr)).toEqual([expect.stringMatching(/^mistral: the execution on the target cloud 'first' was not started: Mistral answered POST http:\/\/127\.0\.0\.1:\d+\/public-r1\/v2\/executions with HTTP 503 Service Unavailable \(no content type\), empty body$/)]);
  });

  it('execution-wait finds each execution on the cloud that owns it', async () => {
    const created = await runCli([...targets, 'execution-create', 'wait_fail', '-f', 'value', '-c', 'ID'], env);
    const ids = lines(created.stdout);
    const result = await runCli([...targets, 'execution-wait', ...ids, '-f', 'value', '-c', 'Target cloud', '-c', 'State'], env, fakeTime());
    expect(result.code).toBe(1);
    expect(lines(result.stdout)).toEqual(['first ERROR', 'second ERROR']);
  });
});

describe('output options on several target clouds are checked before anything starts', () => {
  /** Nothing was sent to any server: no login, no execution. */
  async function expectNothingSent(args: string[], code: number, stderr: string): Promise<void> {
    const logins = second.tokenRequests().length;
    const result = await runCli(args, env, fakeTime());
    expect(result.stderr).toBe(stderr);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    expect(world.allRequests()).toEqual([]);
    expect(second.tokenRequests()).toHaveLength(logins);
  }

  it("-f shell (one execution's formatter) is a usage error, with or without --wait", async () => {
    for (const wait of [[], ['--wait']]) {
      await expectNothingSent([...targets, 'execution-create', 'wait_ok', '-f', 'shell', ...wait], 2,
        "mistral execution-create: error: argument -f/--format: 'shell' prints one execution, and execution-create prints one row for each here: choose one of json, table, value, yaml\n");
    }
    await expectNothingSent([...targets, 'execution-wait', 'e1', 'e2', '-f', 'shell'], 2,
      "mistral execution-wait: error: argument -f/--format: 'shell' prints one execution, and execution-wait prints one row for each here: choose one of json, table, value, yaml\n");
  });

  it('-c naming no column of the rows per cloud: cliff\'s message, exit 1, with or without --wait', async () => {
    await expectNothingSent([...targets, 'execution-create', 'wait_ok', '-c', 'id'], 1,
      "ERROR (app) No recognized column names in ['id']. Recognized columns are ['Target cloud', 'ID', 'Workflow name', 'State', 'State info', 'Created at'].\n");
    await expectNothingSent([...targets, 'execution-create', 'wait_ok', '-c', 'Workflow ID', '--wait'], 1,
      "ERROR (app) No recognized column names in ['Workflow ID']. Recognized columns are ['Target cloud', 'ID', 'Workflow name', 'State', 'State info', 'Created at', 'Duration'].\n");
  });

  it('the columns checked are the columns printed', async () => {
    for (const wait of [false, true]) {
      const result = await runCli([...targets, 'execution-create', 'wait_ok', '-f', 'json', ...(wait ? ['--wait'] : [])], env, fakeTime());
      expect(result.code).toBe(0);
      const rows = JSON.parse(result.stdout) as Array<Record<string, string>>;
      expect(Object.keys(rows[0])).toEqual(perCloudColumns(wait));
      // One list for both, written out: the row columns of README "One workflow on several target clouds".
      expect(perCloudColumns(wait)).toEqual(['Target cloud', 'ID', 'Workflow name', 'State', 'State info', 'Created at', ...(wait ? ['Duration'] : [])]);
    }
    const some = await runCli([...targets, 'execution-create', 'wait_ok', '--wait', '-c', 'Target cloud', '-c', 'Duration', '-f', 'value'], env, fakeTime());
    expect(some.code).toBe(0);
    expect(lines(some.stdout)).toEqual(['first 0:00:10', 'second 0:00:10']);
  });
});

describe('execution ids on several target clouds (README "Token cache, timeouts and retries")', () => {
  const ID = '123e4567-e89b-12d3-a456-426655440000';
  const sentIds = () => posts().map((r) => (JSON.parse(r.body) as { id: string }).id);

  it('without --id every target gets a random id of its own', async () => {
    const result = await runCli([...targets, 'execution-create', 'wait_ok', '-f', 'value', '-c', 'ID'], env);
    expect(result.code).toBe(0);
    const ids = sentIds();
    expect(new Set(ids).size).toBe(2);
    expect(lines(result.stdout).sort()).toEqual([...world.mistral.running.keys()].sort());
  });

  it('--id: each target gets the version 5 UUID of its cloud name in the namespace of the id; run again, both are found and nothing starts', async () => {
    world.mistral.clientIds = true;
    const expected = { first: perCloudExecutionId(ID, 'first'), second: perCloudExecutionId(ID, 'second') };
    const result = await runCli([...targets, 'execution-create', 'wait_ok', '--id', ID, '-f', 'value', '-c', 'Target cloud', '-c', 'ID'], env);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(lines(result.stdout)).toEqual([`first ${expected.first}`, `second ${expected.second}`]);
    expect(sentIds().sort()).toEqual([expected.first, expected.second].sort());
    const again = await runCli([...targets, 'execution-create', 'wait_ok', '--id', ID, '--wait', '-f', 'value', '-c', 'Target cloud', '-c', 'ID', '-c', 'State'], env, fakeTime());
    expect(again.code).toBe(0);
    expect(lines(again.stdout)).toEqual([`first ${expected.first} SUCCESS`, `second ${expected.second} SUCCESS`]);
    expect(lines(again.stderr).filter((l) => l.startsWith('mistral: warning:')).sort()).toEqual([
      `mistral: warning: execution ${expected.first} on the target cloud 'first' already exists (created 2024-06-01 11:59:50, RUNNING): nothing new was started`,
      `mistral: warning: execution ${expected.second} on the target cloud 'second' already exists (created 2024-06-01 11:59:50, RUNNING): nothing new was started`,
    ].sort());
    expect(world.mistral.running.size).toBe(2);
    expect(posts()).toHaveLength(2);
  });

  it('one target cloud alone takes the --id as it is', async () => {
    world.mistral.clientIds = true;
    const result = await runCli(['--os-target-cloud', 'first', 'execution-create', 'wait_ok', '--id', ID, '-f', 'value', '-c', 'ID'], env);
    expect([result.code, result.stdout]).toEqual([0, `${ID}\n`]);
  });
});

describe('a target cloud that explains itself', () => {
  it('a 404 for a workflow under a target says whose project Mistral looked in', async () => {
    const result = await runCli(['workflow-get', 'missing'], { ...world.homeEnv(), ...world.targetEnv() });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("ERROR (app) Object not found [name=missing] (HTTP 404 Not Found); with a target cloud set, Mistral acts in the target's project (tproject, target cloud): the workflow must be public or shared with that project (member-create), or created with the same target cloud set\n");
  });

  it('no hint without a target', async () => {
    const result = await runCli(['workflow-get', 'missing'], world.homeEnv());
    expect(result.stderr).toBe('ERROR (app) Object not found [name=missing] (HTTP 404 Not Found)\n');
  });

  /** An execution started on `env`'s cloud; its id. */
  async function started(on: Env): Promise<string> {
    const result = await runCli(['execution-create', 'wait_ok', '-f', 'value', '-c', 'ID'], on);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout.trim();
  }

  it('an execution of another project under a target gets the advice for an execution, not for a workflow', async () => {
    const id = await started(world.homeEnv());
    const result = await runCli(['execution-get', id], { ...world.homeEnv(), ...world.targetEnv() });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`ERROR (app) WorkflowExecution not found [id=${id}] (HTTP 404 Not Found); with a target cloud set, Mistral acts in the target's project (tproject, target cloud): an execution is found only with the cloud it was started with (none for one started at home)\n`);
  });

  it("a target's execution read without the target says it may live in a target's project", async () => {
    const id = await started({ ...world.homeEnv(), ...world.targetEnv() });
    const result = await runCli(['execution-get', id], world.homeEnv());
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`ERROR (app) WorkflowExecution not found [id=${id}] (HTTP 404 Not Found); an execution started with a target cloud belongs to the target's project: read it with the same target cloud set (--os-target-cloud, --os-target-openrc or TARGET_OS_*)\n`);
  });

  it("member-create under a target without a member: the home project shares it with the target's project", async () => {
    const result = await runCli(['member-create', 'wf-id', 'workflow', '-f', 'value', '-c', 'Member ID'], { ...world.homeEnv(), ...world.targetEnv() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const post = world.mistral.requests.find((r) => r.method === 'POST')!;
    expect(post.path).toMatch(/\/v2\/workflows\/wf-id\/members$/);
    expect(JSON.parse(post.body)).toEqual({ member_id: world.targetProject.id });
    // Sent as the owner: with the target headers Mistral would look the workflow up in the target's project.
    expect(Object.keys(post.headers).filter((h) => h.startsWith('x-target-'))).toEqual([]);
  });

  it('member-create without a member and without a target is the usage error it was', async () => {
    const result = await runCli(['member-create', 'wf-id', 'workflow'], world.homeEnv());
    expect(result.stderr).toBe("mistral member-create: error: missing required argument 'member_id'\n");
    expect(result.code).toBe(2);
    expect(world.mistral.requests).toEqual([]);
  });

  it('member-update under a target defaults the member to the target project', async () => {
    const result = await runCli(['member-update', 'wf-id', 'workflow', '-s', 'accepted'], { ...world.homeEnv(), ...world.targetEnv() });
    expect(result.code).toBe(0);
    const put = world.mistral.requests.find((r) => r.method === 'PUT')!;
    expect(put.path).toMatch(new RegExp(`/workflows/wf-id/members/${world.targetProject.id}$`));
  });
});

describe('targets of one user at one Keystone: the password is checked once', () => {
  const domain = { id: 'default', name: 'Default' };
  const user = { id: 'mu-4444', name: 'many', domain, password: newSecret('many-projects-password') };
  const mfaUser = { id: 'mf-4444', name: 'mfa-many', domain, password: newSecret('mfa-many-password'), passcode: '135790', mfaRules: [['password', 'totp']] };
  const projects = ['p1', 'p2', 'p3'].map((name) => ({ id: `id-${name}`, name, domain }));
  let keystone: FakeKeystone;
  let manyEnv: Env;

  beforeAll(async () => {
    keystone = await startKeystone({ name: 'many-projects-keystone', domains: [domain], users: [user, mfaUser], projects });
    const wrongPassword = newSecret('a-wrong-password');
    const auth = (extra: Record<string, string>) => ({ auth_url: keystone.authUrl, username: 'many', password: user.password, user_domain_id: 'default', project_domain_id: 'default', ...extra });
    const dir = mkdtempSync(join(tmpdir(), 'mistral-shared-login-'));
    const cloudsFile = join(dir, 'clouds.yaml');
    writeFileSync(cloudsFile, stringify({
      clouds: {
        ...Object.fromEntries(projects.map((p) => [p.name, { auth: auth({ project_name: p.name }) }])),
        'p2-by-id': { auth: auth({ project_id: 'id-p2' }) },
        'no-such-project': { auth: auth({ project_name: 'nowhere' }) },
        ...Object.fromEntries(['w1', 'w2', 'w3'].map((name, i) => [name, { auth: auth({ project_name: projects[i].name, password: wrongPassword }) }])),
        ...Object.fromEntries(['m1', 'm2'].map((name, i) => [name, { auth_type: 'v3password', auth: { ...auth({ project_name: projects[i].name }), username: 'mfa-many', password: mfaUser.password, passcode: mfaUser.passcode } }])),
      },
    }));
    manyEnv = { ...world.homeEnv(), OS_CLIENT_CONFIG_FILE: cloudsFile };
  });
  afterAll(async () => {
    await keystone?.close();
  });
  beforeEach(() => {
    keystone.reset();
    keystone.allowRescopeScopedToken = true;
  });

  const clouds = (...names: string[]) => names.flatMap((name) => ['--os-target-cloud', name]);
  type Sent = { auth: { identity: { methods: string[]; token?: { id: string } }; scope?: { project: { name?: string; id?: string } } } };
  const sent = () => keystone.tokenRequests().map((r) => JSON.parse(r.body) as Sent);
  const methods = () => sent().map((b) => b.auth.identity.methods.join('+'));

  it('three projects: one password login, the other two rescope its token; each execution carries its own project token', async () => {
    const result = await runCli([...clouds('p1', 'p2', 'p3'), 'execution-create', 'wait_ok', '-f', 'value', '-c', 'Target cloud', '-c', 'State'], manyEnv);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(lines(result.stdout)).toEqual(['p1 RUNNING', 'p2 RUNNING', 'p3 RUNNING']);
    expect(methods()).toEqual(['password', 'token', 'token']);
    const first = keystone.issued[0];
    expect(sent().slice(1).map((b) => [b.auth.identity.token?.id === first, b.auth.scope?.project.name]).sort()).toEqual([[true, 'p2'], [true, 'p3']]);
    for (const post of posts()) {
      // The target token Mistral gets is a token of the project it names, not the first login's.
      expect(keystone.tokenInfo(post.headers['x-target-auth-token']!)?.project?.id).toBe(post.headers['x-target-project-id']);
    }
    expect(posts().map((p) => p.headers['x-target-project-id']).sort()).toEqual(['id-p1', 'id-p2', 'id-p3']);
  });

  it('the home cloud and a target of the same user at the same Keystone: one password login, each its own project token', async () => {
    const homeHere = { OS_CLIENT_CONFIG_FILE: manyEnv.OS_CLIENT_CONFIG_FILE, OS_AUTH_URL: keystone.authUrl, OS_USERNAME: 'many', OS_PASSWORD: user.password, OS_PROJECT_NAME: 'p1', OS_USER_DOMAIN_ID: 'default', OS_PROJECT_DOMAIN_ID: 'default', OS_MISTRAL_URL: world.mistral.apiUrl };
    const result = await runCli([...clouds('p2'), 'execution-create', 'wait_ok'], homeHere);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(methods()).toEqual(['password', 'token']);
    const [post] = posts();
    expect(keystone.tokenInfo(post.headers['x-auth-token']!)?.project?.name).toBe('p1');
    expect(keystone.tokenInfo(post.headers['x-target-auth-token']!)?.project?.name).toBe('p2');
  });

  it('a project named by id and one by name are one login too', async () => {
    const result = await runCli([...clouds('p1', 'p2-by-id'), 'execution-create', 'wait_ok'], manyEnv);
    expect(result.code).toBe(0);
    expect(methods()).toEqual(['password', 'token']);
    expect(sent()[1].auth.scope).toEqual({ project: { id: 'id-p2' } });
  });

  it("where Keystone refuses to rescope a project token (allow_rescope_scoped_token = false), each logs in with the password; --debug says why", async () => {
    keystone.allowRescopeScopedToken = false;
    const result = await runCli(['--debug', ...clouds('p1', 'p2', 'p3'), 'execution-create', 'wait_ok', '-f', 'value', '-c', 'State'], manyEnv);
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual(['RUNNING', 'RUNNING', 'RUNNING']);
    expect(methods()).toEqual(['password', 'token', 'token', 'password', 'password']);
    const why = lines(result.stderr).filter((l) => l.includes('could not rescope'));
    expect(why).toEqual(['p2', 'p3'].map((name) => `DEBUG TOKEN: the target cloud '${name}' could not rescope its user's token (Keystone refused the request: You are not authorized to perform the requested action: rescope a scoped token. (HTTP 403 Forbidden) (target cloud '${name}' Keystone at ${keystone.authUrl}/auth/tokens)); logging in with the password`));
  });

  it('a wrong password is sent once, not once per project (one failure toward a lockout), and stops everything; exit 1', async () => {
    const result = await runCli([...clouds('w1', 'w2', 'w3'), 'execution-create', 'wait_ok'], manyEnv);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`ERROR (app) Authentication failed: The request you have made requires authentication. (HTTP 401 Unauthorized) (target cloud 'w1' Keystone at ${keystone.authUrl}/auth/tokens)\n`);
    expect(methods()).toEqual(['password']);
    expect(posts()).toEqual([]);
  });

  it('another password at the same Keystone is another login', async () => {
    const result = await runCli([...clouds('p1', 'w2'), 'execution-create', 'wait_ok'], manyEnv);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`ERROR (app) Authentication failed: The request you have made requires authentication. (HTTP 401 Unauthorized) (target cloud 'w2' Keystone at ${keystone.authUrl}/auth/tokens)\n`);
    expect(methods()).toEqual(['password', 'password']);
  });

  it("a project Keystone will not scope to: the rescope's refusal is followed by the password login, whose answer is the error; exit 1", async () => {
    const result = await runCli([...clouds('p1', 'no-such-project'), 'execution-create', 'wait_ok'], manyEnv);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`ERROR (app) Authentication failed: The request you have made requires authentication. (HTTP 401 Unauthorized) (target cloud 'no-such-project' Keystone at ${keystone.authUrl}/auth/tokens)\n`);
    expect(methods()).toEqual(['password', 'token', 'password']);
    expect(posts()).toEqual([]);
  });

  it('a user with multi-factor rules: one receipt and one passcode, the other project rescoped; neither token is cached', async () => {
    const xdg = mkdtempSync(join(tmpdir(), 'mistral-shared-mfa-cache-'));
    const result = await runCli(['--os-cache', ...clouds('m1', 'm2'), 'execution-create', 'wait_ok'], { ...manyEnv, XDG_CACHE_HOME: xdg });
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(methods()).toEqual(['password', 'totp', 'token']);
    // The home cloud's file only: a token got after a second factor, or made from one, would let a later run skip it.
    expect(readdirSync(join(xdg, 'mistral', 'auth')).filter((f) => f.endsWith('.json'))).toHaveLength(1);
  });

  it("with the token cache: a project not yet cached rescopes the cached token of its user's other project", async () => {
    const cache = { ...manyEnv, OS_CACHE: '1', XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'mistral-shared-cache-')) };
    expect((await runCli([...clouds('p1'), 'execution-create', 'wait_ok'], cache)).code).toBe(0);
    const cachedToken = keystone.issued.at(-1);
    keystone.reset();
    const result = await runCli([...clouds('p1', 'p2'), 'execution-create', 'wait_ok'], cache);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(methods()).toEqual(['token']);
    expect(sent()[0].auth.identity.token?.id).toBe(cachedToken);
    keystone.reset();
    // Both cached now: no login at all.
    expect((await runCli([...clouds('p1', 'p2'), 'execution-create', 'wait_ok'], cache)).code).toBe(0);
    expect(methods()).toEqual([]);
  });
});
