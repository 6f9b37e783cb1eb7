// The command lines of the reference transcripts for the workbook, action, task, action-execution
// and cron-trigger commands (sections t_workbook, t_action, t_task, t_aex, t_trig, and their lines
// in t_fmt, t_err and t_err2), as argv arrays: the transcripts print the words joined by spaces,
// so JSON and multi-word values need their boundaries given here.
// `record-reference.ts --verify` checks them against the real python-mistralclient.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSubdir } from './run-dir.js';

export interface GroupACase {
  argv: string[];
  /**
   * What must match the transcript byte for byte besides the exit code and the requests: 'all'
   * (stdout and stderr), 'stdout' (our stderr differs on purpose), 'stderr' (our stdout differs on
   * purpose). The tests check our own text for the others.
   */
  compare: 'all' | 'stdout' | 'stderr';
  /** Why our output differs from the reference's, when it does. */
  why?: string;
  /** Each request is sent this many times: a 502/503/504 to an idempotent request is tried again (README "Timeouts and retries"). */
  tries?: number;
}

const all = (...argv: string[]): GroupACase => ({ argv, compare: 'all' });

export const WORKBOOK_CASES: GroupACase[] = [
  all('workbook-list', '--limit', '5', '--marker', 'abc', '--sort_keys', 'name', '--sort_dirs', 'desc', '--filter', 'scope=private', '--filter', 'name=wb'),
  all('workbook-get', 'wb', '--namespace', 'ns1'),
  all('workbook-create', 'wb.yaml'),
  all('workbook-create', 'wb.yaml', '--public', '--namespace', 'ns1'),
  all('workbook-update', 'wb.yaml'),
  all('workbook-update', 'wb.yaml', '--namespace', 'ns1', '--public'),
  all('workbook-delete', 'wb', 'wb2'),
  all('workbook-delete', 'wb', '--namespace', 'ns1'),
  all('workbook-get-definition', 'wb'),
  all('workbook-validate', 'wb.yaml'),
  all('workbook-validate', 'invalid.yaml'),
  { argv: ['workbook-create', 'nonexist.yaml'], compare: 'stdout', why: 'usage errors are one line, without the argparse usage' },
  // t_fmt
  all('workbook-list', '-f', 'json'),
  all('workbook-list', '-f', 'json', '--noindent'),
  all('workbook-list', '-f', 'yaml'),
  all('workbook-list', '-f', 'csv'),
  all('workbook-list', '-f', 'csv', '--quote', 'all'),
  all('workbook-list', '-f', 'csv', '--quote', 'minimal'),
  all('workbook-list', '-f', 'value'),
  all('workbook-list', '-f', 'value', '-c', 'Name', '-c', 'Scope'),
  all('workbook-list', '-c', 'Scope', '-c', 'Name'),
  all('workbook-list', '-c', 'Nope'),
  all('workbook-get', 'wb', '-f', 'json'),
  all('workbook-get', 'wb', '-f', 'yaml'),
  all('workbook-get', 'wb', '-f', 'shell'),
  all('workbook-get', 'wb', '-f', 'shell', '--prefix', 'wb_', '-c', 'Name', '-c', 'Created at'),
  all('workbook-get', 'wb', '-f', 'value'),
  // t_err2
  { argv: ['workbook-delete', 'emptybody'], compare: 'stderr', tries: 3, why: "the per-item failure line is a readable message with the HTTP status instead of b'', after three tries of the DELETE that got a 503" },
];

export const ACTION_CASES: GroupACase[] = [
  all('action-list'),
  all('action-list', '--namespace', 'ns1', '--limit', '5'),
  all('action-get', 'std.echo'),
  all('action-get', 'std.echo', '--namespace', 'ns1'),
  all('action-create', 'action.yaml'),
  all('action-create', 'action.yaml', '--public', '--namespace', 'ns1'),
  all('action-update', 'action.yaml'),
  all('action-update', 'action.yaml', '--id', 'a1', '--public', '--namespace', 'ns1'),
  all('action-delete', 'a', 'b'),
  all('action-delete', 'a', '--namespace', 'ns1'),
  all('action-get-definition', 'std.echo'),
  all('action-validate', 'action.yaml'),
  // t_err
  all('action-list', '-f', 'csv', '-c', 'Name', '-c', 'Is system'),
  all('action-list', '-f', 'yaml', '-c', 'Name', '-c', 'Is system'),
];

export const TASK_CASES: GroupACase[] = [
  all('task-list'),
  all('task-list', 'e1', '--limit', '10', '--oldest'),
  all('task-get', 't1'),
  all('task-get-result', 't1'),
  all('task-get-published', 't1'),
  all('task-rerun', 't1'),
  all('task-rerun', 't1', '--resume', '-e', '{"k": 1}'),
  all('task-get-sub-executions', 't1', '--errors-only'),
];

const JSON_WHY = "our message names the argument instead of printing Python's JSON error alone";

export const ACTION_EXECUTION_CASES: GroupACase[] = [
  all('run-action', 'std.echo', '{"output": "hi"}'),
  all('run-action', 'std.echo', '{"output": "hi"}', '--save-result'),
  all('run-action', 'std.echo', '{"output": "hi"}', '-s', '--run-sync', '-t', 'exec1', '--namespace', 'ns1'),
  all('run-action', 'std.noop'),
  all('run-action', 'std.echo', 'input.json'),
  { argv: ['run-action', 'std.echo', 'output: hi'], compare: 'stdout', why: JSON_WHY },
  all('action-execution-list'),
  all('action-execution-list', 't1', '--oldest', '--limit', '3'),
  all('action-execution-get', 'ae1'),
  all('action-execution-get-input', 'ae1'),
  all('action-execution-get-output', 'ae1'),
  all('action-execution-update', 'ae1', '--state', 'SUCCESS', '--output', '{"r": 1}'),
  { argv: ['action-execution-update', 'ae1', '--output', 'plain'], compare: 'stdout', why: JSON_WHY },
  all('action-execution-update', 'ae1'),
  all('action-execution-delete', 'ae1', 'ae2'),
  // t_fmt
  all('run-action', 'std.echo', '{"output": "hi"}', '-f', 'json'),
  all('run-action', 'std.echo', '{"output": "hi"}', '-s', '-f', 'json'),
];

export const CRON_TRIGGER_CASES: GroupACase[] = [
  all('cron-trigger-list'),
  all('cron-trigger-get', 'ct1'),
  all('cron-trigger-create', 'ct1', 'wf1', '{"a": 1}', '--params', '{"env": "e"}', '--pattern', '*/5 * * * *', '--first-time', '2030-01-01 10:00', '--count', '3', '--utc'),
  // Without --utc the time is local time; the transcripts ran with TZ=UTC.
  all('cron-trigger-create', 'ct1', '11111111-2222-3333-4444-555555555555', '--first-time', '2030-01-01 10:00'),
  all('cron-trigger-create', 'ct1', 'wf1'),
  all('cron-trigger-create', 'ct1', 'wf1', '--first-time', 'bad'),
  all('cron-trigger-delete', 'ct1', 'ct2'),
  // t_fmt, t_err
  all('cron-trigger-list', '-f', 'json'),
  all('cron-trigger-list', '-f', 'csv'),
  all('cron-trigger-get', 'ct1', '-f', 'shell'),
];

export const GROUP_A_CASES: GroupACase[] = [...WORKBOOK_CASES, ...ACTION_CASES, ...TASK_CASES, ...ACTION_EXECUTION_CASES, ...CRON_TRIGGER_CASES];

export const WB_FILE = "---\nversion: '2.0'\nname: wb\n";
export const ACTION_FILE = "---\nversion: '2.0'\nmy_action:\n  base: std.echo\n";

/** The files these cases read (the transcripts' working directory), in a per-process directory. */
export function groupAWorkDir(): string {
  const dir = join(runSubdir('work-group-a'), String(process.pid));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'wb.yaml'), WB_FILE);
  writeFileSync(join(dir, 'action.yaml'), ACTION_FILE);
  writeFileSync(join(dir, 'invalid.yaml'), 'invalid: yes\n');
  writeFileSync(join(dir, 'empty.yaml'), '');
  writeFileSync(join(dir, 'input.json'), '{"a": 1}\n');
  writeFileSync(join(dir, 'env.yaml'), 'k: from file\n');
  return dir;
}
