// The 6 task commands (src/commands/tasks.ts): the transcript cases
// (test/helpers/command-cases/tasks.ts), then the quirks the transcripts do not show.
import { describe, expect, it } from 'vitest';
import { publishedText } from '../../../src/commands/tasks.js';
import { transcriptSuite } from '../../helpers/command-cases/suite.js';
import { TASK_CASES } from '../../helpers/command-cases/tasks.js';

const { mistral, run } = transcriptSuite(TASK_CASES);

describe('tasks', () => {
  it('task-list asks for the newest page by default, and lists one execution\'s tasks under it', async () => {
    await run(['task-list', '--filter', 'state=ERROR']);
    await run(['task-list', 'e 1', '--marker', 't0']);
    expect(mistral.requests.map((r) => `${r.path}?${r.query}`)).toEqual([
      '/v2/tasks?limit=100&sort_keys=created_at&sort_dirs=desc&fields=id%2Cname%2Cworkflow_name%2Cworkflow_namespace%2Cworkflow_execution_id%2Cstate%2Cstate_info%2Ccreated_at%2Cstarted_at%2Cfinished_at&state=ERROR',
      '/v2/executions/e%201/tasks?marker=t0&limit=100&sort_keys=created_at&sort_dirs=asc&fields=id%2Cname%2Cworkflow_name%2Cworkflow_namespace%2Cworkflow_execution_id%2Cstate%2Cstate_info%2Ccreated_at%2Cstarted_at%2Cfinished_at',
    ]);
  });

  it('task-rerun reads --env from a YAML file and sends it as a JSON string', async () => {
    const result = await run(['task-rerun', 't1', '-e', 'env.yaml']);
    expect(result.code).toBe(0);
    expect(mistral.requests[0].body).toBe('{"id": "t1", "state": "RUNNING", "reset": true, "env": "{\\"k\\": \\"from file\\"}"}');
  });

  it('task-rerun and execution-update refuse an --env that is not a mapping, before any request (exit 1)', async () => {
    for (const [command, env, what] of [['task-rerun', 'not json', 'a string'], ['task-rerun', '[1, 2]', 'a list'], ['execution-update', '42', 'a number']]) {
      const result = await run([command, 't1', '-e', env]);
      expect(result.stderr).toBe(`ERROR (app) -e/--env '${env}' must hold a mapping (a YAML or JSON object), not ${what}\n`);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
    }
    expect(mistral.requests).toEqual([]);
    const help = await run(['task-rerun', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('Environment variables: a JSON or YAML mapping, or a file holding one');
  });

  it('task-get-sub-executions sends errors_only empty and the max depth given', async () => {
    await run(['task-get-sub-executions', 't1', '--max-depth', '2']);
    expect(`${mistral.requests[0].path}?${mistral.requests[0].query}`).toBe('/v2/tasks/t1/executions?max_depth=2&errors_only=');
  });

  it('task-get-published prints published, then published_global only when there is one', () => {
    expect(publishedText({ published: '{"p": [1, 2]}', published_global: '' })).toBe('{\n    "p": [\n        1,\n        2\n    ]\n}\n');
    expect(publishedText({ published: '{"p": 1}' })).toBe('{\n    "p": 1\n}\n');
    expect(publishedText({ published: '{"p": 1}', published_global: '{}' })).toBe('{\n    "p": 1\n}\n{}\n');
    expect(publishedText({ published: 'not json', published_global: '{"g": 1}' })).toBe('not json');
    expect(publishedText({ published: null })).toBe('\n');
  });

  it('task-get counts the duration from started_at, not created_at', async () => {
    const result = await run(['task-get', 't1', '-f', 'json', '--noindent', '-c', 'Started at', '-c', 'Duration']);
    expect(result.stdout).toBe('{"Started at": "2024-01-01 10:00:01", "Duration": "0:00:04"}\n');
  });
});
