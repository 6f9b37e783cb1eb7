// The 31 workbook, action, task, action-execution and cron-trigger commands send exactly the
// reference's REST calls (method, path, raw query, content type, body) and print exactly its
// output, compared with the transcripts' blocks (run, as they were, unauthenticated against a
// fake Mistral), plus the quirks the transcripts do not show.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/index.js';
import { localTimeToUtc } from '../../src/commands/cron-triggers.js';
import { publishedText } from '../../src/commands/tasks.js';
import { lines, runCli, NOW } from '../helpers/cli.js';
import {
  ACTION_CASES, ACTION_EXECUTION_CASES, ACTION_FILE, CRON_TRIGGER_CASES, GROUP_A_CASES, groupAWorkDir, TASK_CASES,
  WB_FILE, WORKBOOK_CASES, type GroupACase,
} from '../helpers/command-cases-group-a.js';
import { useMistral, wire } from '../helpers/mistral.js';
import { parseTranscripts, transcript } from '../helpers/transcripts.js';

const mistral = useMistral();
let cwd: string;
const savedTz = process.env.TZ;

beforeAll(() => {
  // cron-trigger-create converts local time with the process's time zone; the transcripts ran in UTC.
  process.env.TZ = 'UTC';
  cwd = groupAWorkDir();
});
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

async function run(argv: string[], stdin?: string) {
  const result = await runCli(['--os-mistral-url', mistral.apiUrl, ...argv], {}, { cwd, stdin });
  expect(result.stray).toBe('');
  return result;
}

function checkAgainstTranscript(c: GroupACase) {
  return async () => {
    const block = transcript(c.argv.join(' '));
    const result = await run(c.argv);
    expect(mistral.requests.map(wire)).toEqual(block.requests.flatMap((r) => Array<typeof r>(c.tries ?? 1).fill(r)));
    expect(result.code).toBe(block.rc);
    if (c.compare !== 'stderr') expect(result.stdout).toBe(block.stdout);
    if (c.compare !== 'stdout') expect(result.stderr).toBe(block.stderr);
  };
}

const title = (c: GroupACase) => `mistral ${c.argv.join(' ')}${c.why ? ` (${c.compare} and requests; ${c.why})` : ''}`;

describe('the workbook commands match the transcripts', () => {
  for (const c of WORKBOOK_CASES) it(title(c), checkAgainstTranscript(c));
});

describe('the action commands match the transcripts', () => {
  for (const c of ACTION_CASES) it(title(c), checkAgainstTranscript(c));
});

describe('the task commands match the transcripts', () => {
  for (const c of TASK_CASES) it(title(c), checkAgainstTranscript(c));
});

describe('the action execution commands match the transcripts', () => {
  for (const c of ACTION_EXECUTION_CASES) it(title(c), checkAgainstTranscript(c));
});

describe('the cron trigger commands match the transcripts', () => {
  for (const c of CRON_TRIGGER_CASES) it(title(c), checkAgainstTranscript(c));
});

describe('the cases cover', () => {
  it('all 31 workbook, action, task, action-execution and cron-trigger commands', () => {
    const mine = /^(workbook-|action-|task-|run-action$|cron-trigger-)/;
    const declared = COMMANDS.map((c) => c.name).filter((n) => mine.test(n));
    expect(declared).toHaveLength(31);
    const covered = new Set(GROUP_A_CASES.map((c) => c.argv[0]));
    expect([...covered].sort()).toEqual([...declared].sort());
  });

  it('every transcript block of those commands, once', () => {
    const text = readFileSync(fileURLToPath(new URL('../helpers/fixtures/mistralclient-transcripts.txt', import.meta.url)), 'utf8');
    const blocks = parseTranscripts(text).filter((b) => /^(workbook-|action-|task-|run-action |cron-trigger-)/.test(b.command));
    const commands = GROUP_A_CASES.map((c) => c.argv.join(' '));
    expect(new Set(commands).size).toBe(commands.length);
    expect([...commands].sort()).toEqual([...new Set(blocks.map((b) => b.command))].sort());
  });
});

describe('where our messages differ on purpose', () => {
  it('a definition file that does not exist is a one-line usage error (exit 2), nothing sent', async () => {
    const result = await run(['workbook-create', 'nonexist.yaml']);
    expect(result.stderr).toBe("mistral workbook-create: error: argument definition: can't open 'nonexist.yaml': No such file or directory\n");
    expect(result.code).toBe(2);
    expect(mistral.requests).toEqual([]);
  });

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

  it("a failed delete's line names the HTTP status instead of b''", async () => {
    const result = await run(['workbook-delete', 'emptybody']);
    expect(result.stdout).toBe(`Mistral answered DELETE ${mistral.apiUrl}/workbooks/emptybody with HTTP 503 Service Unavailable (no content type), empty body\n`);
    expect(result.stderr).toBe('ERROR (app) Unable to delete the specified workbook(s).\n');
    expect(result.code).toBe(1);
  });
});

describe('workbooks', () => {
  it('send the namespace only when it is set (get, delete, create, update)', async () => {
    await run(['workbook-get', 'wb']);
    await run(['workbook-get', 'wb', '--namespace']);
    await run(['workbook-delete', 'wb', '--namespace', '']);
    await run(['workbook-create', 'wb.yaml', '--namespace', '']);
    await run(['workbook-update', 'wb.yaml', '--namespace']);
    expect(mistral.requests.map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([
      'GET /v2/workbooks/wb?',
      'GET /v2/workbooks/wb?',
      'DELETE /v2/workbooks/wb?',
      'POST /v2/workbooks?scope=private',
      'PUT /v2/workbooks?scope=private',
    ]);
  });

  it('workbook-list sends no fields and prints one blank row for an empty list', async () => {
    const result = await run(['workbook-list', '--filter', 'name=empty', '-f', 'csv']);
    expect(mistral.requests[0].query).toBe('sort_keys=created_at&sort_dirs=asc&name=empty');
    expect(result.stdout).toBe('"Name","Namespace","Tags","Scope","Created at","Updated at"\n"","","","","",""\n');
  });

  it('workbook-create reads the definition from standard input with -', async () => {
    const result = await run(['workbook-create', '-', '--public'], WB_FILE);
    expect(result.code).toBe(0);
    expect(wire(mistral.requests[0])).toEqual({ m: 'POST', path: '/v2/workbooks', q: 'scope=public', ct: 'text/plain', body: WB_FILE });
  });

  it('an empty definition file: Workbook is missing field "definition" (exit 1), nothing sent', async () => {
    const result = await run(['workbook-update', 'empty.yaml']);
    expect(result.stderr).toBe('ERROR (app) Workbook is missing field "definition"\n');
    expect(result.code).toBe(1);
    expect(mistral.requests).toEqual([]);
  });

  it('workbook-get of a missing workbook: the faultstring with the status (exit 1)', async () => {
    const result = await run(['workbook-get', 'missing']);
    expect(result.stderr).toBe('ERROR (app) Object not found [name=missing] (HTTP 404 Not Found)\n');
    expect(result.stdout).toBe('');
    expect(result.code).toBe(1);
  });
});

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

describe('cron triggers', () => {
  it('--first-time without --utc is local time, converted with the offset in force now (not the date\'s)', async () => {
    process.env.TZ = 'America/New_York';
    try {
      // NOW is in June: daylight saving time, UTC-4, even for a January date.
      await run(['cron-trigger-create', 'ct1', 'wf1', '--first-time', '2030-01-01 10:00']);
      await run(['cron-trigger-create', 'ct1', 'wf1', '--first-time', '2030-01-01 10:00', '--utc']);
    } finally {
      process.env.TZ = 'UTC';
    }
    expect(mistral.requests.map((r) => JSON.parse(r.body).first_execution_time)).toEqual(['2030-01-01 14:00', '2030-01-01 10:00']);
  });

  it('the conversion follows the clock and parses as Python strptime does', () => {
    process.env.TZ = 'America/New_York';
    try {
      const november = new Date('2026-11-27T12:00:00Z');
      expect(localTimeToUtc('2030-07-01 10:00', november)).toBe('2030-07-01 15:00');
      expect(localTimeToUtc('2030-01-01 10:00', NOW)).toBe('2030-01-01 14:00');
      expect(localTimeToUtc('2030-12-31 22:30', november)).toBe('2031-01-01 03:30');
      expect(localTimeToUtc('2030-1-2 3:4', november)).toBe('2030-01-02 08:04');
    } finally {
      process.env.TZ = 'UTC';
    }
    expect(() => localTimeToUtc('2030-02-30 10:00', NOW)).toThrow('day is out of range for month');
    expect(() => localTimeToUtc('2030-01-01 10:00x', NOW)).toThrow('unconverted data remains: x');
    expect(() => localTimeToUtc("it's", NOW)).toThrow(`time data "it's" does not match format '%Y-%m-%d %H:%M'`);
  });

  it('cron-trigger-create with a bad --count is a usage error (exit 2), nothing sent', async () => {
    const result = await run(['cron-trigger-create', 'ct1', 'wf1', '--count', 'many']);
    expect(result.stderr).toBe("mistral cron-trigger-create: error: option '--count <integer>' argument 'many' is invalid. invalid int value: 'many'\n");
    expect(result.code).toBe(2);
    expect(mistral.requests).toEqual([]);
  });

  it('cron-trigger-create reads the input from a JSON file and leaves out empty params', async () => {
    await run(['cron-trigger-create', 'ct1', 'wf1', 'input.json', '--params', '{}', '--pattern', '0 * * * *']);
    expect(mistral.requests[0].body).toBe('{"name": "ct1", "pattern": "0 * * * *", "first_execution_time": null, "remaining_executions": null, "workflow_name": "wf1", "workflow_input": "{\\"a\\": 1}"}');
  });

  it('cron-trigger-list right-aligns Remaining executions (a number) in the table', async () => {
    const result = await run(['cron-trigger-list', '-c', 'Name', '-c', 'Remaining executions']);
    expect(lines(result.stdout)[3]).toBe('| ct1  |                    3 |');
  });

  it('cron-trigger-delete goes on after a failure, then fails (exit 1)', async () => {
    const result = await run(['cron-trigger-delete', 'ct1', 'hdrerr']);
    expect(lines(result.stdout)).toEqual(['Request to delete cron trigger ct1 has been accepted.', 'Header error message (HTTP 409 Conflict)']);
    expect(result.stderr).toBe('ERROR (app) Unable to delete the specified cron trigger(s).\n');
    expect(result.code).toBe(1);
  });
});

describe('help', () => {
  it('mistral help workbook lists the 7 workbook commands', async () => {
    const result = await run(['help', 'workbook']);
    expect(result.stdout).toBe('Command "workbook" matches:\n  workbook-create\n  workbook-delete\n  workbook-get\n  workbook-get-definition\n  workbook-list\n  workbook-update\n  workbook-validate\n');
    expect(result.code).toBe(0);
  });

  it('mistral help cron-trigger-create shows its arguments and options', async () => {
    const result = await run(['help', 'cron-trigger-create']);
    for (const text of ['workflow_identifier', '[workflow_input]', '--first-time <YYYY-MM-DD HH:MM>', '--pattern <* * * * *>', '--count <integer>', '--utc', '--format']) {
      expect(result.stdout).toContain(text);
    }
    expect(result.code).toBe(0);
  });
});
