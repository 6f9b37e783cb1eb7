// run-action and the 6 action-execution commands (src/commands/action-executions.ts): the transcript
// cases (test/helpers/command-cases/action-executions.ts), then the quirks the transcripts do not show.
import { describe, expect, it } from 'vitest';
import { ACTION_EXECUTION_CASES } from '../../helpers/command-cases/action-executions.js';
import { transcriptSuite } from '../../helpers/command-cases/suite.js';
import { wire } from '../../helpers/mistral.js';

const { mistral, run } = transcriptSuite(ACTION_EXECUTION_CASES);

describe('where our messages differ on purpose', () => {
  it('run-action input that is not JSON names the argument (exit 1), nothing sent', async () => {
    const result = await run(['run-action', 'std.echo', 'output: hi']);
    expect(result.stderr).toMatch(/^ERROR \(app\) action input must be JSON text or a JSON file: 'output: hi' is not valid JSON \(.+\)\n$/);
    expect(result.code).toBe(1);
    expect(mistral.requests).toEqual([]);
  });

  it('action-execution-update --output that is not JSON names the option (exit 1), nothing sent', async () => {
    const result = await run(['action-execution-update', 'ae1', '--output', 'plain']);
    expect(result.stderr).toMatch(/^ERROR \(app\) action execution output must be JSON text or a JSON file: 'plain' is not valid JSON \(.+\)\n$/);
    expect(result.code).toBe(1);
    expect(mistral.requests).toEqual([]);
  });
});

describe('action executions', () => {
  it('run-action --save-result without --run-sync shows the action execution; other modes print the output', async () => {
    const saved = await run(['run-action', 'std.echo', '-s', '-f', 'value', '-c', 'ID', '-c', 'State info']);
    expect(saved.stdout).toBe('ae1\nNone\n');
    const sync = await run(['run-action', 'std.echo', '--run-sync', '-f', 'json']);
    expect(sync.stdout).toBe('{"result": "hi"}\n');
    expect(mistral.requests.map((r) => r.body)).toEqual(['{"name": "std.echo", "params": "{\\"save_result\\": true}"}', '{"name": "std.echo", "params": "{\\"run_sync\\": true}"}']);
  });

  it('run-action leaves out an empty input and the params no option set', async () => {
    await run(['run-action', 'std.echo', '{}', '--namespace', '']);
    expect(mistral.requests[0].body).toBe('{"name": "std.echo"}');
  });

  it('action-execution-list has no State info column and lists one task\'s action executions under it', async () => {
    const result = await run(['action-execution-list', 't1', '-f', 'csv', '--quote', 'minimal']);
    expect(result.stdout).toBe('ID,Name,Workflow name,Workflow namespace,Task name,Task ID,State,Accepted,Created at,Updated at\nae1,std.echo,wf1,,t1,t1,SUCCESS,True,2024-01-01 10:00:00,2024-01-01 10:00:02\n');
    expect(mistral.requests[0].path).toBe('/v2/tasks/t1/action_executions');
  });

  it('action-execution-update refuses an output that is empty JSON without a state, before any request', async () => {
    const result = await run(['action-execution-update', 'ae1', '--output', '{}']);
    expect(result.stderr).toBe('ERROR (app) Please provide either state or output for action execution.\n');
    expect(result.code).toBe(1);
    expect(mistral.requests).toEqual([]);
  });

  it('action-execution-update sends the state alone when no output is given', async () => {
    await run(['action-execution-update', 'ae1', '--state', 'PAUSED']);
    expect(wire(mistral.requests[0])).toEqual({ m: 'PUT', path: '/v2/action_executions/ae1', q: '', ct: 'application/json', body: '{"state": "PAUSED"}' });
  });

  it('action-execution-update refuses a state that is not one of the five (usage error, exit 2)', async () => {
    const result = await run(['action-execution-update', 'ae1', '--state', 'IDLE']);
    expect(result.stderr).toMatch(/^mistral action-execution-update: error: .*IDLE.*\n$/);
    expect(result.stderr).toContain('PAUSED, RUNNING, SUCCESS, ERROR, CANCELLED');
    expect(result.code).toBe(2);
    expect(mistral.requests).toEqual([]);
  });

  it('action-execution-get-output of a missing action execution: the faultstring with the status (exit 1)', async () => {
    const result = await run(['action-execution-get-output', 'missing']);
    expect(result.stderr).toBe('ERROR (app) Object not found [name=missing] (HTTP 404 Not Found)\n');
    expect(result.code).toBe(1);
  });
});
