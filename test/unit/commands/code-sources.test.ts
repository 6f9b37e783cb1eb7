// The 6 code-source commands (src/commands/code-sources.ts): the transcript cases
// (test/helpers/command-cases/code-sources.ts), then the behaviour the transcripts do not show.
import { describe, expect, it } from 'vitest';
import { lines } from '../../helpers/cli.js';
import { CODE_SOURCE_CASES } from '../../helpers/command-cases/code-sources.js';
import { transcriptSuite } from '../../helpers/command-cases/suite.js';
import { wire } from '../../helpers/mistral.js';
import { CODE_SOURCE_CONTENT } from '../../helpers/mistral-routes/code-sources.js';

const { mistral, run } = transcriptSuite(CODE_SOURCE_CASES);

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
