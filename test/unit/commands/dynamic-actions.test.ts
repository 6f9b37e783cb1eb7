// The 5 dynamic-action commands (src/commands/dynamic-actions.ts): the transcript cases
// (test/helpers/command-cases/dynamic-actions.ts), then the behaviour the transcripts do not show.
import { describe, expect, it } from 'vitest';
import { DYNAMIC_ACTION_CASES } from '../../helpers/command-cases/dynamic-actions.js';
import { transcriptSuite } from '../../helpers/command-cases/suite.js';

const { mistral, run } = transcriptSuite(DYNAMIC_ACTION_CASES);

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
