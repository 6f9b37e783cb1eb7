// Issue §5: every formatter's exact text for a list and a show, through the whole CLI, against the
// reference's own output: the transcripts, and for the formats they lack, recordings of the real
// python-mistralclient 4.5.0 against the same fake Mistral (fixtures/reference-formats.txt).
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useMistral, wire } from '../helpers/mistral.js';
import { REFERENCE_CASES } from '../helpers/record-reference.js';
import { transcript } from '../helpers/transcripts.js';

const mistral = useMistral();

/** Transcript command lines (t_workflow, t_exec1, t_fmt) whose output is a formatted list or show. */
const TRANSCRIPT_CASES: string[][] = [
  ['workflow-get', 'wf1'],
  ['execution-list'],
  ['execution-get', 'e1e1e1e1-0000-0000-0000-000000000001'],
  ['workflow-list', '-f', 'value', '-c', 'Input'],
  ['workflow-list', '-f', 'json', '-c', 'Tags'],
  ['workflow-list', '--filter', 'name=empty', '--print-empty'],
  ['workflow-list', '--filter', 'name=empty', '-f', 'json'],
  ['workflow-list', '--filter', 'name=empty', '-f', 'value'],
  ['workflow-list', '--filter', 'name=empty', '-f', 'csv'],
  ['workflow-list', '--max-width', '80'],
  ['workflow-get', 'wf1', '--max-width', '40'],
  ['execution-list', '--sort-column', 'State', '--sort-descending', '-c', 'ID', '-c', 'State'],
  ['execution-list', '--sort-column', 'State', '--sort-ascending', '-c', 'ID', '-c', 'State'],
  ['execution-list', '--sort-column', 'State', '-c', 'ID', '-c', 'State', '-f', 'csv'],
  ['execution-list', '--filter', 'name=empty'],
];

function samePrinting(argv: string[]) {
  return async () => {
    const block = transcript(argv.join(' '));
    expect(block.rc).toBe(0);
    const result = await runCli(['--os-mistral-url', mistral.apiUrl, ...argv]);
    expect(result.stdout).toBe(block.stdout);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(mistral.requests.map(wire)).toEqual(block.requests);
  };
}

describe('prints what the reference transcripts show', () => {
  for (const argv of TRANSCRIPT_CASES) it(`mistral ${argv.join(' ')}`, samePrinting(argv));
});

describe('prints what the reference client prints for the same data', () => {
  for (const argv of REFERENCE_CASES) it(`mistral ${argv.join(' ')}`, samePrinting(argv));
});

describe('the recordings cover', () => {
  it('every list and show formatter for workflows and executions, plus -c, --noindent, --prefix and --max-width', () => {
    const commands = [...TRANSCRIPT_CASES, ...REFERENCE_CASES].map((a) => a.join(' '));
    for (const [list, show] of [['workflow-list', 'workflow-get wf1'], ['execution-list', 'execution-get e']]) {
      for (const f of ['json', 'yaml', 'value', 'csv']) expect(commands.some((c) => c.startsWith(list) && c.includes(`-f ${f}`)), `${list} -f ${f}`).toBe(true);
      for (const f of ['json', 'yaml', 'value', 'shell']) expect(commands.some((c) => c.startsWith(show) && c.includes(`-f ${f}`)), `${show} -f ${f}`).toBe(true);
      for (const cmd of [list, show]) {
        expect(commands.some((c) => c.startsWith(cmd) && !c.includes('-f ')), `${cmd} table`).toBe(true);
        expect(commands.some((c) => c.startsWith(cmd) && c.includes('--noindent')), `${cmd} --noindent`).toBe(true);
        expect(commands.some((c) => c.startsWith(cmd) && c.includes('-c ')), `${cmd} -c`).toBe(true);
        expect(commands.some((c) => c.startsWith(cmd) && c.includes('--max-width')), `${cmd} --max-width`).toBe(true);
      }
    }
  });
});

describe('formatter errors', () => {
  it('-c naming no column fails before the request with the reference message (exit 1)', async () => {
    const result = await runCli(['--os-mistral-url', mistral.apiUrl, 'workflow-list', '-c', 'Nope']);
    expect(result.stderr).toBe(
      "ERROR (app) No recognized column names in ['Nope']. Recognized columns are ['ID', 'Name', 'Namespace', 'Project ID', 'Tags', 'Input', 'Scope', 'Created at', 'Updated at'].\n",
    );
    expect(result.code).toBe(1);
    expect(mistral.requests).toEqual([]);
  });

  it('an unknown -f choice is a usage error before any request (exit 2)', async () => {
    const result = await runCli(['--os-mistral-url', mistral.apiUrl, 'workflow-get', 'wf1', '-f', 'csv']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^mistral workflow-get: error: .*'csv'.*json, shell, table, value, yaml/);
    expect(mistral.requests).toEqual([]);
  });
});
