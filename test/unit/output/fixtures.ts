// Data the reference transcripts (mistralclient-transcripts.txt) printed, as the commands hand it
// to the formatters, and a helper for formatter options with cliff's defaults.
import { randomBytes } from 'node:crypto';
import type { FormatOptions, ListData, ShowData } from '../../../src/output/types.js';

export function opts(overrides: Partial<FormatOptions> = {}): FormatOptions {
  return {
    format: 'table',
    columns: [],
    maxWidth: 0,
    fitWidth: false,
    isTTY: false,
    terminalWidth: 0,
    printEmpty: false,
    noindent: false,
    prefix: '',
    variables: [],
    quote: 'nonnumeric',
    sortColumns: [],
    sortDescending: false,
    ...overrides,
  };
}

const WORKBOOK_COLUMNS = ['Name', 'Namespace', 'Tags', 'Scope', 'Created at', 'Updated at'];
const WORKBOOK_VALUES = ['wb', '', 'tag1, tag2', 'private', '2024-01-01 10:00:00', null];

export const workbookList: ListData = { columns: WORKBOOK_COLUMNS, rows: [WORKBOOK_VALUES] };
export const workbookShow: ShowData = { columns: WORKBOOK_COLUMNS, values: WORKBOOK_VALUES };

const WORKFLOW_COLUMNS = ['ID', 'Name', 'Namespace', 'Project ID', 'Tags', 'Input', 'Scope', 'Created at', 'Updated at'];
const WF_ID = '11111111-2222-3333-4444-555555555555';

export const workflowList: ListData = {
  columns: WORKFLOW_COLUMNS,
  rows: [[WF_ID, 'wf1', '', 'p1', '<none>', 'a, b=2, a_very_long_param...', 'private', '2024-01-01 10:00:00', '2024-01-02 11:00:00']],
};

export const workflowShow: ShowData = {
  columns: WORKFLOW_COLUMNS,
  values: [
    WF_ID,
    'wf1',
    '',
    'p1',
    '<none>',
    'a, b=2, a_very_long_parameter_name=some_default_value',
    'private',
    '2024-01-01 10:00:00',
    '2024-01-02 11:00:00',
  ],
};

/** What a Mistral lister formats for an empty result: one row of empty strings. */
export const emptyWorkflowList: ListData = { columns: WORKFLOW_COLUMNS, rows: [WORKFLOW_COLUMNS.map(() => '')] };

const E1 = 'e1e1e1e1-0000-0000-0000-000000000001';

export const executionList: ListData = {
  columns: [
    'ID',
    'Workflow ID',
    'Workflow name',
    'Workflow namespace',
    'Description',
    'Task Execution ID',
    'Root Execution ID',
    'State',
    'State info',
    'Created at',
    'Updated at',
    'Duration',
  ],
  rows: [
    [E1, WF_ID, 'wf1', '', 'my run', '<none>', '<none>', 'SUCCESS', null, '2024-01-01 10:00:00', '2024-01-01 10:00:09', '0:00:09'],
    ['e2', WF_ID, 'wf1', '', '', 't9', E1, 'ERROR', 'Failure caused by error i...', '2024-01-01 10:00:00', '2024-01-01 10:00:09', '0:00:09'],
  ],
};

export const environmentShow: ShowData = {
  columns: ['Name', 'Description', 'Variables', 'Scope', 'Created at', 'Updated at'],
  values: ['env1', 'Test env', '{\n    "k": "v",\n    "n": 1\n}', 'private', '2024-01-01 10:00:00', '<none>'],
};

export const cronTriggerList: ListData = {
  columns: ['Name', 'Workflow', 'Params', 'Pattern', 'Next execution time', 'Remaining executions', 'Created at', 'Updated at'],
  rows: [['ct1', 'wf1', '{}', '* * * * *', '2024-01-01 10:01:00', 3, '2024-01-01 10:00:00', null]],
};

export const actionList: ListData = {
  columns: ['ID', 'Name', 'Is system', 'Input', 'Description', 'Tags', 'Created at', 'Updated at'],
  rows: [['a1', 'std.echo', true, 'output, some_other_parame...', 'Action that just returns ...', 'x', '2024-01-01 10:00:00', null]],
};

export const actionExecutionShow: ShowData = {
  columns: ['ID', 'Name', 'Workflow name', 'Workflow namespace', 'Task name', 'Task ID', 'State', 'State info', 'Accepted', 'Created at', 'Updated at'],
  values: ['ae1', 'std.echo', 'wf1', '', 't1', 't1', 'SUCCESS', null, true, '2024-01-01 10:00:00', '2024-01-01 10:00:02'],
};

/** Joins lines with '\n' and adds the final newline, to keep expected tables readable. */
export const text = (...lines: string[]): string => `${lines.join('\n')}\n`;

/** A token shaped like Keystone's: urlsafe base64 of 0x80, a timestamp, IV, ciphertext and HMAC, unpadded. */
export function fakeFernet(payloadBytes = 96): string {
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000)));
  return Buffer.concat([Buffer.from([0x80]), time, randomBytes(16 + payloadBytes + 32)]).toString('base64url').replace(/=+$/, '');
}
