// The 7 action commands (src/commands/actions.ts): the transcript cases
// (test/helpers/command-cases/actions.ts), then the quirks the transcripts do not show.
import { describe, expect, it } from 'vitest';
import { lines } from '../../helpers/cli.js';
import { ACTION_CASES, ACTION_FILE } from '../../helpers/command-cases/actions.js';
import { transcriptSuite } from '../../helpers/command-cases/suite.js';
import { wire } from '../../helpers/mistral.js';

const { mistral, run } = transcriptSuite(ACTION_CASES);

describe('actions', () => {
  it('carry the namespace as a path segment, empty for a bare --namespace, and encode both segments', async () => {
    await run(['action-get', 'my action', '--namespace', 'ns 1']);
    await run(['action-get-definition', 'std.echo', '--namespace']);
    await run(['action-delete', 'a', 'b?c', '--namespace', 'ns1']);
    expect(mistral.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v2/actions/my%20action/ns%201',
      'GET /v2/actions/std.echo/',
      'DELETE /v2/actions/a/ns1',
      'DELETE /v2/actions/b%3Fc/ns1',
    ]);
  });

  it('action-list puts the namespace after the user filters', async () => {
    await run(['action-list', '--filter', 'scope=public', '--namespace', 'ns1']);
    expect(mistral.requests[0].query).toBe('sort_keys=created_at&sort_dirs=asc&fields=id%2Cname%2Cis_system%2Cinput%2Cdescription%2Ctags%2Ccreated_at%2Cupdated_at&scope=public&namespace=ns1');
  });

  it('action-get shows Input and Description in full, action-list cuts them at 25', async () => {
    const get = await run(['action-get', 'std.echo', '-f', 'value', '-c', 'Input', '-c', 'Description']);
    expect(get.stdout).toBe('output, some_other_parameter=None\nAction that just returns a given value.\n');
    const list = await run(['action-list', '-f', 'value', '-c', 'Input', '-c', 'Description']);
    expect(list.stdout).toBe('output, some_other_parame... Action that just returns ...\n');
  });

  it('action-update ignores --namespace and PUTs to the collection for an empty --id', async () => {
    await run(['action-update', 'action.yaml', '--id', '', '--namespace', 'ns1']);
    expect(wire(mistral.requests[0])).toEqual({ m: 'PUT', path: '/v2/actions', q: 'scope=private', ct: 'text/plain', body: ACTION_FILE });
  });

  it('action-delete goes on after a failure, then fails (exit 1)', async () => {
    const result = await run(['action-delete', 'missing', 'a']);
    expect(lines(result.stdout)).toEqual(['Object not found [name=missing] (HTTP 404 Not Found)', 'Request to delete action a has been accepted.']);
    expect(result.stderr).toBe('ERROR (app) Unable to delete the specified action(s).\n');
    expect(result.code).toBe(1);
  });

  it('an empty definition file: Action is missing field "definition" (exit 1), nothing sent', async () => {
    const result = await run(['action-create', 'empty.yaml']);
    expect(result.stderr).toBe('ERROR (app) Action is missing field "definition"\n');
    expect(result.code).toBe(1);
    expect(mistral.requests).toEqual([]);
  });

  it('action-validate reports an invalid definition as a table (exit 0)', async () => {
    const result = await run(['action-validate', 'invalid.yaml', '-f', 'json', '--noindent']);
    expect(result.stdout).toBe('{"Valid": false, "Error": "Invalid DSL: bad thing"}\n');
    expect(result.code).toBe(0);
  });
});
