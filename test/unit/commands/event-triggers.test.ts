// The 4 event-trigger commands (src/commands/event-triggers.ts): the transcript cases
// (test/helpers/command-cases/event-triggers.ts), then the behaviour the transcripts do not show.
import { describe, expect, it } from 'vitest';
import { lines } from '../../helpers/cli.js';
import { EVENT_TRIGGER_CASES } from '../../helpers/command-cases/event-triggers.js';
import { transcriptSuite } from '../../helpers/command-cases/suite.js';

const { mistral, run } = transcriptSuite(EVENT_TRIGGER_CASES);

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
