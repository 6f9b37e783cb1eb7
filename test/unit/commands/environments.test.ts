// The 5 environment commands (src/commands/environments.ts): the transcript cases
// (test/helpers/command-cases/environments.ts), then the behaviour the transcripts do not show.
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT_CASES } from '../../helpers/command-cases/environments.js';
import { transcriptSuite } from '../../helpers/command-cases/suite.js';
import { wire } from '../../helpers/mistral.js';

const { mistral, run } = transcriptSuite(ENVIRONMENT_CASES);

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
