// The 7 workflow commands (src/commands/workflows.ts, README "Commands"): the transcript cases
// (test/helpers/command-cases/workflows.ts), then the request details the transcripts do not show.
import { describe, expect, it } from 'vitest';
import { lines } from '../../helpers/cli.js';
import { WORKFLOW_CASES } from '../../helpers/command-cases/workflows.js';
import { transcriptSuite } from '../../helpers/command-cases/suite.js';
import { WF_DEFINITION, wire } from '../../helpers/mistral.js';

const { mistral, run } = transcriptSuite(WORKFLOW_CASES);

describe('request details', () => {
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
  it('workflow-delete prints a line per item on stdout, then one error on stderr and exits 1 when any failed', async () => {
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
