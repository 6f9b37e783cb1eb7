// The event trigger, environment, member, service, code source and dynamic action commands send
// exactly the reference's REST calls (method, path, raw query, content type, body) and print
// exactly its output, compared with the transcripts' blocks (t_trig, t_env, t_mem, t_cs, t_fmt),
// run, as they were, unauthenticated against a fake Mistral. Then bash-completion, and the
// behaviour the transcripts do not show.
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/index.js';
import { GLOBAL_OPTIONS } from '../../src/settings/options.js';
import { lines, runCli } from '../helpers/cli.js';
import { useMistral, wire } from '../helpers/mistral.js';
import {
  CODE_SOURCE_CASES, CODE_SOURCE_CONTENT, DYNAMIC_ACTION_CASES, ENVIRONMENT_CASES, EVENT_TRIGGER_CASES, GROUP_B_CASES,
  groupBWorkDir, MEMBER_CASES, SERVICE_CASES, type GroupBCase,
} from '../helpers/command-cases-group-b.js';
import { transcript } from '../helpers/transcripts.js';
import { startWorld } from '../helpers/clouds.js';

const mistral = useMistral();
let cwd: string;

beforeAll(() => {
  cwd = groupBWorkDir();
});

const run = (argv: string[], stdin?: string) => runCli(['--os-mistral-url', mistral.apiUrl, ...argv], {}, { cwd, stdin });

function checkAgainstTranscript(c: GroupBCase) {
  return async () => {
    const block = transcript(c.argv.join(' '));
    const result = await run(c.argv);
    expect(mistral.requests.map(wire)).toEqual(block.requests);
    expect(result.code).toBe(block.rc);
    expect(result.stdout).toBe(c.stdout ? c.stdout(block.stdout) : block.stdout);
    expect(result.stderr).toBe(c.stderr ? c.stderr(block.stderr) : block.stderr);
    expect(result.stray).toBe('');
  };
}

const title = (c: GroupBCase) => `mistral ${c.argv.join(' ')}${c.why ? ` (${c.why})` : ''}`;

describe('the commands match the transcripts', () => {
  for (const [group, cases] of [
    ['event trigger', EVENT_TRIGGER_CASES],
    ['environment', ENVIRONMENT_CASES],
    ['member', MEMBER_CASES],
    ['service', SERVICE_CASES],
    ['code source', CODE_SOURCE_CASES],
    ['dynamic action', DYNAMIC_ACTION_CASES],
  ] as const) {
    describe(`${group} commands`, () => {
      for (const c of cases) it(title(c), checkAgainstTranscript(c));
    });
  }
});

describe('the cases cover', () => {
  it('all 26 commands of these groups', () => {
    const covered = new Set(GROUP_B_CASES.map((c) => c.argv[0]));
    const declared = COMMANDS.map((c) => c.name).filter((n) => /^(event-trigger|environment|member|service|code-source|dynamic-action)-/.test(n));
    expect(declared).toHaveLength(26);
    expect([...covered].sort()).toEqual([...declared].sort());
  });

  it('every transcript block of these groups', () => {
    // 5 + 12 + 8 + 2 + 10 + 9 blocks in t_trig (event part), t_env, t_fmt, t_mem, t_cs.
    expect(GROUP_B_CASES).toHaveLength(46);
    for (const c of GROUP_B_CASES) expect(transcript(c.argv.join(' ')).command).toBe(c.argv.join(' '));
  });
});

describe('bash-completion', () => {
  it('prints every command name, help and every global option on one line, sorted, without connecting', async () => {
    // No --os-mistral-url and a closed endpoint in the environment: nothing may be contacted.
    const result = await runCli(['bash-completion'], { OS_MISTRAL_URL: 'http://127.0.0.1:1/v2' });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.endsWith('\n')).toBe(true);
    expect(lines(result.stdout)).toHaveLength(1);
    const words = result.stdout.trimEnd().split(' ');
    expect(words).toEqual([...words].sort());
    expect(new Set(words).size).toBe(words.length);
    const expected = new Set([
      ...COMMANDS.map((c) => c.name),
      'help',
      ...GLOBAL_OPTIONS.flatMap((o) => o.flags),
      '--version', '-v', '--verbose', '-q', '--quiet', '-h', '--help',
    ]);
    expect(new Set(words)).toEqual(expected);
    for (const word of ['bash-completion', 'workflow-list', 'member-get', 'help', '--os-mistral-url', '--os-tenant-name', '--os-target_cacert', '-h', '--debug']) {
      expect(words).toContain(word);
    }
  });

  it('sends nothing to Mistral', async () => {
    const result = await run(['bash-completion']);
    expect(result.code).toBe(0);
    expect(mistral.requests).toEqual([]);
  });
});

describe('event triggers', () => {
  it('event-trigger-create reads the input and params from JSON files', async () => {
    const result = await run(['event-trigger-create', 'et', 'wf-id', 'nova', 'notifications', 'compute.create', 'env.json', '--params', 'env.json']);
    expect(result.code).toBe(0);
    const body = JSON.parse(mistral.requests[0].body) as Record<string, string>;
    expect(body.workflow_input).toBe('{"name": "env1", "description": "d", "variables": {"k": "v"}}');
    expect(body.workflow_params).toBe(body.workflow_input);
  });

  it('event-trigger-create refuses input that is not JSON, before any request (exit 1)', async () => {
    const result = await run(['event-trigger-create', 'et', 'wf-id', 'nova', 'notifications', 'compute.create', 'a: 1']);
    expect(result.stderr).toMatch(/^ERROR \(app\) workflow input must be JSON text or a JSON file: 'a: 1' is not valid JSON/);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.code).toBe(1);
    expect(mistral.requests).toEqual([]);
  });

  it('event-trigger-create with an empty name: EventTrigger is missing field "name" (exit 1, no request)', async () => {
    const result = await run(['event-trigger-create', '', 'wf-id', 'nova', 'notifications', 'compute.create']);
    expect(result.stderr).toBe('ERROR (app) EventTrigger is missing field "name"\n');
    expect(result.code).toBe(1);
    expect(mistral.requests).toEqual([]);
  });

  it('event-trigger-get with an empty id: EventTrigger is missing field "id"', async () => {
    const result = await run(['event-trigger-get', '']);
    expect(result.stderr).toBe('ERROR (app) EventTrigger is missing field "id"\n');
    expect(result.code).toBe(1);
    expect(mistral.requests).toEqual([]);
  });

  it('event-trigger-list prints one blank row for an empty list', async () => {
    const result = await run(['event-trigger-list', '--filter', 'name=empty', '-f', 'csv']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('"ID","Name","Workflow ID","Params","Exchange","Topic","Event","Created at","Updated at"\n"","","","","","","","",""\n');
  });

  it('event-trigger-delete goes on after a failure, then fails (exit 1)', async () => {
    const result = await run(['event-trigger-delete', 'missing', 'et2']);
    expect(lines(result.stdout)).toEqual(['Object not found [name=missing] (HTTP 404 Not Found)', 'Request to delete event trigger et2 has been accepted.']);
    expect(result.stderr).toBe('ERROR (app) Unable to delete the specified event trigger(s).\n');
    expect(result.code).toBe(1);
  });
});

describe('environments', () => {
  it('environment-create: Environment is missing field "name" (exit 1, no request)', async () => {
    const result = await run(['environment-create', '-'], 'variables:\n  k: v\n');
    expect(result.stderr).toBe('ERROR (app) Environment is missing field "name"\n');
    expect(result.code).toBe(1);
    expect(mistral.requests).toEqual([]);
  });

  it('environment-create: an empty file is missing the name too', async () => {
    const result = await run(['environment-create', 'empty.py']);
    expect(result.stderr).toBe('ERROR (app) Environment is missing field "name"\n');
    expect(result.code).toBe(1);
  });

  it('environment-create: a document that is not a mapping is refused before any request', async () => {
    const result = await run(['environment-create', '-'], '- a\n- b\n');
    expect(result.stderr).toBe('ERROR (app) the environment file must hold a mapping (a YAML or JSON object), not a list\n');
    expect(result.code).toBe(1);
    expect(mistral.requests).toEqual([]);
  });

  it('environment-create keeps the keys in file order and sends variables given as text as they are', async () => {
    await run(['environment-create', '-'], 'scope: public\nvariables: \'{"a": 1}\'\nname: e2\n');
    expect(wire(mistral.requests[0])).toEqual({ m: 'POST', path: '/v2/environments', q: '', ct: 'application/json', body: '{"scope": "public", "variables": "{\\"a\\": 1}", "name": "e2"}' });
  });

  it('environment-create: a `file` key loads the environment from that file instead', async () => {
    await run(['environment-create', '-'], 'file: env.yaml\n');
    expect(mistral.requests[0].body).toBe('{"name": "env1", "variables": "{\\"k\\": \\"v\\"}"}');
  });

  it('environment-create sends empty variables as "{}", environment-update leaves them an object', async () => {
    await run(['environment-create', '-'], 'name: e\nvariables: {}\n');
    await run(['environment-update', '-'], 'name: e\nvariables: {}\n');
    expect(mistral.requests.map((r) => r.body)).toEqual(['{"name": "e", "variables": "{}"}', '{"name": "e", "variables": {}}']);
  });

  it('environment-update: Environment is missing field "name"', async () => {
    const result = await run(['environment-update', '-'], 'description: d\n');
    expect(result.stderr).toBe('ERROR (app) Environment is missing field "name"\n');
    expect(result.code).toBe(1);
    expect(mistral.requests).toEqual([]);
  });

  it('environment-list never shows the variables, but asks for them', async () => {
    const result = await run(['environment-list', '-f', 'value']);
    expect(result.stdout).toBe('env1 Test env private 2024-01-01 10:00:00 <none>\n');
    expect(mistral.requests[0].query).toContain('fields=name%2Cdescription%2Cvariables%2C');
  });

  it('environment-get --export -f json prints the compact variables text', async () => {
    const result = await run(['environment-get', 'env1', '--export', '-f', 'json']);
    expect(result.stdout).toBe('{\n  "name": "env1",\n  "description": "Test env",\n  "scope": "private",\n  "variables": "{\\"k\\": \\"v\\", \\"n\\": 1}"\n}\n');
  });

  it('environment-get of a missing environment: the error with its status (exit 1)', async () => {
    const result = await run(['environment-get', 'missing']);
    expect(result.stderr).toBe('ERROR (app) Object not found [name=missing] (HTTP 404 Not Found)\n');
    expect(result.stdout).toBe('');
    expect(result.code).toBe(1);
  });

  it('environment-create with an unreadable file is a usage error (exit 2)', async () => {
    const result = await run(['environment-create', 'nonexist.yaml']);
    expect(result.stderr).toBe("mistral environment-create: error: argument file: can't open 'nonexist.yaml': No such file or directory\n");
    expect(result.code).toBe(2);
  });
});

describe('members', () => {
  it('member-update without -m asks for `/members/` (no project id without authentication)', async () => {
    const result = await run(['member-update', 'wf1', 'workflow']);
    expect(wire(mistral.requests[0])).toEqual({ m: 'PUT', path: '/v2/workflows/wf1/members/', q: '', ct: 'application/json', body: '{"status": "accepted"}' });
    expect(result.code).toBe(1);
  });

  it('member-update without -m uses --os-project-id without authentication, as the reference', async () => {
    await runCli(['--os-mistral-url', mistral.apiUrl, '--os-project-id', 'proj-7', 'member-update', 'wf1', 'workflow'], {}, { cwd });
    expect(wire(mistral.requests[0])).toMatchObject({ m: 'PUT', path: '/v2/workflows/wf1/members/proj-7' });
  });

  it('member-get without -m uses the project of the home token when authenticated', async () => {
    const world = await startWorld();
    try {
      await runCli(['member-get', 'wf1', 'workflow'], world.homeEnv(), { cwd });
      const request = world.mistral.requests.find((r) => r.path.includes('/members/'));
      expect(request?.path).toMatch(new RegExp(`/v2/workflows/wf1/members/${world.homeProject.id}$`));
    } finally {
      await world.close();
    }
  });

  it('member-update refuses a status outside pending, accepted, rejected (exit 2, no request)', async () => {
    const result = await run(['member-update', 'wf1', 'workflow', '-m', 'p2', '-s', 'maybe']);
    expect(result.stderr).toMatch(/^mistral member-update: error: .*maybe.*\n$/);
    expect(result.code).toBe(2);
    expect(mistral.requests).toEqual([]);
  });

  it('member-create with an empty member: Member is missing field "member_id"', async () => {
    const result = await run(['member-create', 'wf1', 'workflow', '']);
    expect(result.stderr).toBe('ERROR (app) Member is missing field "member_id"\n');
    expect(result.code).toBe(1);
    expect(mistral.requests).toEqual([]);
  });

  it('member-delete with an empty member prints the check on stdout, then fails', async () => {
    const result = await run(['member-delete', 'wf1', 'workflow', '']);
    expect(result.stdout).toBe('Member is missing field "member_id"\n');
    expect(result.stderr).toBe('ERROR (app) Unable to delete the specified member.\n');
    expect(result.code).toBe(1);
    expect(mistral.requests).toEqual([]);
  });

  it('member-list accepts and ignores the pagination options (even a bad filter)', async () => {
    const result = await run(['member-list', 'wf1', 'workflow', '--limit', '3', '--filter', 'bad']);
    expect(result.code).toBe(0);
    expect(wire(mistral.requests[0])).toMatchObject({ m: 'GET', path: '/v2/workflows/wf1/members', q: '' });
  });

  it('encodes the resource id and type in the path', async () => {
    await run(['member-get', 'my wf', 'work book', '-m', 'p 2']);
    expect(mistral.requests[0].path).toBe('/v2/work%20books/my%20wf/members/p%202');
  });
});

describe('services', () => {
  it('service-list accepts even a filter without =', async () => {
    const result = await run(['service-list', '--filter', 'badfilter', '-f', 'value']);
    expect(result.stdout).toBe('host1_executor executor_group\n');
    expect(result.code).toBe(0);
    expect(mistral.requests.map(wire)).toEqual([{ m: 'GET', path: '/v2/services', q: '', ct: null, body: '' }]);
  });
});

describe('code sources', () => {
  it('code-source-create with an empty file: CodeSource is missing field "content" (exit 1, no request)', async () => {
    const result = await run(['code-source-create', 'mod1', 'empty.py']);
    expect(result.stderr).toBe('ERROR (app) CodeSource is missing field "content"\n');
    expect(result.code).toBe(1);
    expect(mistral.requests).toEqual([]);
  });

  it('code-source-update reads the content from standard input with -', async () => {
    const result = await run(['code-source-update', 'mod1', '-'], CODE_SOURCE_CONTENT);
    expect(result.code).toBe(0);
    expect(wire(mistral.requests[0])).toEqual({ m: 'PUT', path: '/v2/code_sources', q: 'identifier=mod1&scope=private&namespace=', ct: 'text/plain', body: CODE_SOURCE_CONTENT });
  });

  it('code-source-create encodes the query values (a name with a space)', async () => {
    await run(['code-source-create', 'my mod', 'mod.py', '--namespace', 'a&b']);
    expect(mistral.requests[0].query).toBe('name=my+mod&scope=private&namespace=a%26b');
  });

  it('a bare --namespace means the default namespace (not the literal None)', async () => {
    await run(['code-source-get', 'mod1', '--namespace']);
    await run(['code-source-delete', 'mod1', '--namespace']);
    expect(mistral.requests.map((r) => r.query)).toEqual(['namespace=', '']);
  });

  it('code-source-delete reports each failure on stdout and fails at the end', async () => {
    const result = await run(['code-source-delete', 'mod1', 'missing']);
    expect(lines(result.stdout)).toEqual(["Request to delete code source 'mod1' has been accepted.", 'Object not found [name=missing] (HTTP 404 Not Found)']);
    expect(result.stderr).toBe('ERROR (app) Unable to delete the specified code source(s).\n');
    expect(result.code).toBe(1);
  });

  it('code-source-get-content -f is not an option (a plain command)', async () => {
    const result = await run(['code-source-get-content', 'mod1', '-f', 'json']);
    expect(result.code).toBe(2);
    expect(mistral.requests).toEqual([]);
  });
});

describe('dynamic actions', () => {
  it('dynamic-action-update sends a UUID-like code source as code_source_id and a bare flag as nothing', async () => {
    await run(['dynamic-action-update', 'dyn1', '--code-source', '11111111222233334444555555555555', '--class-name']);
    expect(mistral.requests[0].body).toBe('{"scope": "private", "namespace": "", "name": "dyn1", "code_source_id": "11111111222233334444555555555555"}');
  });

  it('dynamic-action-list puts the namespace after the filters', async () => {
    await run(['dynamic-action-list', '--namespace', 'ns1', '--filter', 'scope=public']);
    expect(mistral.requests[0].query).toMatch(/&scope=public&namespace=ns1$/);
  });

  it('dynamic-action-create with an empty class name: DynamicAction is missing field "class_name"', async () => {
    const result = await run(['dynamic-action-create', 'dyn1', '', 'mod1']);
    expect(result.stderr).toBe('ERROR (app) DynamicAction is missing field "class_name"\n');
    expect(result.code).toBe(1);
    expect(mistral.requests).toEqual([]);
  });

  it('dynamic-action-get -f yaml keeps the column order', async () => {
    const result = await run(['dynamic-action-get', 'dyn1', '-f', 'yaml', '-c', 'Name', '-c', 'ID']);
    expect(result.stdout).toBe('ID: da1\nName: dyn1\n');
  });
});
