// README "Commands": the 7 workflow and 10 execution commands send exactly the reference's REST calls
// (method, path, raw query, content type, body) and print exactly its output, compared with the
// transcripts' blocks (run, as they were, unauthenticated against a fake Mistral).
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/index.js';
import { lines, runCli } from '../helpers/cli.js';
import { EXECUTION_CASES, WORKFLOW_CASES, type CommandCase } from '../helpers/command-cases.js';
import { referenceWire, useMistral, WF_DEFINITION, wire } from '../helpers/mistral.js';
import { transcript } from '../helpers/transcripts.js';

const mistral = useMistral();

const run = (argv: string[], stdin?: string) => runCli(['--os-mistral-url', mistral.apiUrl, ...argv], {}, { stdin });

function checkAgainstTranscript(c: CommandCase) {
  return async () => {
    const block = transcript(c.argv.join(' '));
    const result = await run(c.argv);
    expect(mistral.requests.map(referenceWire)).toEqual(block.requests);
    expect(result.code).toBe(block.rc);
    if (c.compare !== 'none') expect(result.stdout).toBe(block.stdout);
    if (c.compare === 'all') expect(result.stderr).toBe(block.stderr);
    expect(result.stray).toBe('');
  };
}

describe('the workflow commands match the transcripts', () => {
  for (const c of WORKFLOW_CASES) it(`mistral ${c.argv.join(' ')}`, checkAgainstTranscript(c));
});

describe('the execution commands match the transcripts', () => {
  for (const c of EXECUTION_CASES) it(`mistral ${c.argv.join(' ')}${c.why ? ` (requests and exit code; ${c.why})` : ''}`, checkAgainstTranscript(c));
});

describe('the cases cover', () => {
  it('all 17 workflow and execution commands', () => {
    const covered = new Set([...WORKFLOW_CASES, ...EXECUTION_CASES].map((c) => c.argv[0]));
    // execution-wait is this client's own (README "Waiting"), not one of the reference's commands.
    const declared = COMMANDS.map((c) => c.name).filter((n) => /^(workflow|execution)-/.test(n) && n !== 'execution-wait');
    expect(declared).toHaveLength(17);
    expect([...covered].sort()).toEqual([...declared].sort());
  });
});

describe('request details', () => {
  it('execution-create sends the body keys in the reference order with JSON strings spaced as Python writes them, then the id it chose', async () => {
    const result = await run(['execution-create', 'wf1', '{"a":1,"b":[1,2],"c":{"d":"é"}}', '{"env":{"x":1}}', '-d', 'my desc', '--namespace', 'ns1']);
    expect(result.code).toBe(0);
    const [request] = mistral.requests;
    expect(request.headers['content-type']).toBe('application/json');
    const { id } = JSON.parse(request.body) as { id: string };
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(request.body).toBe(
      `{"description": "my desc", "workflow_name": "wf1", "workflow_namespace": "ns1", "input": "{\\"a\\": 1, \\"b\\": [1, 2], \\"c\\": {\\"d\\": \\"\\\\u00e9\\"}}", "params": "{\\"env\\": {\\"x\\": 1}}", "id": "${id}"}`,
    );
  });

  it('execution-list asks for the newest page and prints it oldest first', async () => {
    const result = await run(['execution-list', '-f', 'value', '-c', 'ID']);
    expect(mistral.requests[0].query).toContain('sort_dirs=desc');
    // The fake answers a descending request newest first: [e2, e1].
    expect(result.stdout).toBe('e1e1e1e1-0000-0000-0000-000000000001\ne2\n');
  });

  it('execution-list --oldest asks in ascending order and keeps the order', async () => {
    const result = await run(['execution-list', '--oldest', '-f', 'value', '-c', 'ID']);
    expect(mistral.requests[0].query).toContain('sort_dirs=asc');
    expect(result.stdout).toBe('e1e1e1e1-0000-0000-0000-000000000001\ne2\n');
  });

  it('execution-list with a non-default sort key keeps the order as given', async () => {
    const result = await run(['execution-list', '--sort_keys', 'id', '-f', 'value', '-c', 'ID']);
    expect(mistral.requests[0].query).toBe(
      'limit=100&sort_keys=id&sort_dirs=asc&fields=id%2Cworkflow_id%2Cworkflow_name%2Cworkflow_namespace%2Cdescription%2Ctask_execution_id%2Croot_execution_id%2Cstate%2Cstate_info%2Ccreated_at%2Cupdated_at',
    );
    expect(result.stdout).toBe('e1e1e1e1-0000-0000-0000-000000000001\ne2\n');
  });

  it('execution-list puts nulls (--rootsonly) before the filters and task_execution_id (--task) last', async () => {
    await run(['execution-list', '--rootsonly', '--task', 't9', '--filter', 'state=ERROR', '--filter', 'description=a b']);
    expect(mistral.requests[0].query).toMatch(/&nulls=root_execution_id&state=ERROR&description=a\+b&task_execution_id=t9$/);
  });

  it('workflow-update --id sends namespace before scope', async () => {
    await run(['workflow-update', 'wf.yaml', '--id', 'abc', '--public']);
    expect(wire(mistral.requests[0])).toEqual({ m: 'PUT', path: '/v2/workflows/abc', q: 'namespace=&scope=public', ct: 'text/plain', body: WF_DEFINITION });
  });

  it('workflow-create reads the definition from standard input with -', async () => {
    const result = await run(['workflow-create', '-'], WF_DEFINITION);
    expect(result.code).toBe(0);
    expect(wire(mistral.requests[0])).toEqual({ m: 'POST', path: '/v2/workflows', q: 'scope=private&namespace=', ct: 'text/plain', body: WF_DEFINITION });
  });

  it('workflow-validate reports an invalid definition as a table (exit 0)', async () => {
    const result = await run(['workflow-validate', 'invalid.yaml']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      ['+-------+------------------------+', '| Field | Value                  |', '+-------+------------------------+', '| Valid | False                  |', '| Error | Invalid DSL: bad thing |', '+-------+------------------------+', ''].join('\n'),
    );
  });

  it('encodes path segments (a name with a space)', async () => {
    await run(['workflow-get', 'my wf']);
    expect(mistral.requests[0].path).toBe('/v2/workflows/my%20wf');
  });
});

describe('delete of several items', () => {
  it('prints a line per item on stdout, then one error on stderr and exits 1 when any failed', async () => {
    const result = await run(['execution-delete', 'e1', 'missing', 'e3']);
    expect(mistral.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /v2/executions/e1', 'DELETE /v2/executions/missing', 'DELETE /v2/executions/e3']);
    const out = lines(result.stdout);
    expect(out).toHaveLength(3);
    expect(out[0]).toBe('Request to delete execution e1 has been accepted.');
    expect(out[1]).toMatch(/^Object not found \[name=missing\]/);
    expect(out[1]).toContain('404');
    expect(out[2]).toBe('Request to delete execution e3 has been accepted.');
    expect(result.stderr).toBe('ERROR (app) Unable to delete the specified execution(s).\n');
    expect(result.code).toBe(1);
  });

  it('does the same for workflows', async () => {
    const result = await run(['workflow-delete', 'missing', 'wf1']);
    expect(lines(result.stdout)[0]).toMatch(/^Object not found \[name=missing\]/);
    expect(lines(result.stdout)[1]).toBe('Request to delete workflow wf1 has been accepted.');
    expect(result.stderr).toBe('ERROR (app) Unable to delete the specified workflow(s).\n');
    expect(result.code).toBe(1);
  });
});

describe('input checked before any request', () => {
  it('an empty definition file: Workflow is missing field "definition" (exit 1)', async () => {
    const result = await run(['workflow-create', 'empty.yaml']);
    expect(result.stderr).toBe('ERROR (app) Workflow is missing field "definition"\n');
    expect(result.code).toBe(1);
    expect(mistral.requests).toEqual([]);
  });

  it("a definition file that does not exist is a usage error (exit 2)", async () => {
    const result = await run(['workflow-create', 'nonexist.yaml']);
    expect(result.stderr).toBe("mistral workflow-create: error: argument definition: can't open 'nonexist.yaml': No such file or directory\n");
    expect(result.code).toBe(2);
    expect(mistral.requests).toEqual([]);
  });
});

describe('query strings as python-mistralclient builds them', () => {
  it('a repeated --filter key keeps its first place and its last value (a Python dict)', async () => {
    // Checked against the real client: the same query, byte for byte.
    const result = await run(['workflow-list', '--filter', 'name=a', '--filter', 'tags=x', '--filter', 'name=b', '--marker', 'm']);
    expect(result.code).toBe(0);
    expect(mistral.requests.map(wire)[0].q).toBe(
      'marker=m&sort_keys=created_at&sort_dirs=asc&fields=id%2Cname%2Cnamespace%2Cproject_id%2Ctags%2Cinput%2Cscope%2Ccreated_at%2Cupdated_at&name=b&tags=x',
    );
  });
});
