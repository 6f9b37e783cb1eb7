// The 10 execution commands of python-mistralclient (src/commands/executions.ts, README "Commands"):
// the transcript cases (test/helpers/command-cases/executions.ts), then the request details the
// transcripts do not show. execution-wait, this client's own, is test/unit/wait.test.ts's.
import { describe, expect, it } from 'vitest';
import { lines } from '../../helpers/cli.js';
import { EXECUTION_CASES } from '../../helpers/command-cases/executions.js';
import { transcriptSuite } from '../../helpers/command-cases/suite.js';

const { mistral, run } = transcriptSuite(EXECUTION_CASES);

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
});
