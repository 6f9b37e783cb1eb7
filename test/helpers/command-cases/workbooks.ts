// The transcript cases of the 7 workbook commands (t_workbook, and its lines in t_fmt and t_err2).
import { same, type CaseGroup } from './case.js';

export const WB_FILE = "---\nversion: '2.0'\nname: wb\n";

export const WORKBOOK_CASES: CaseGroup = {
  name: 'workbooks',
  noun: 'workbook',
  files: { 'wb.yaml': WB_FILE },
  cases: [
    same('workbook-list', '--limit', '5', '--marker', 'abc', '--sort_keys', 'name', '--sort_dirs', 'desc', '--filter', 'scope=private', '--filter', 'name=wb'),
    same('workbook-get', 'wb', '--namespace', 'ns1'),
    same('workbook-create', 'wb.yaml'),
    same('workbook-create', 'wb.yaml', '--public', '--namespace', 'ns1'),
    same('workbook-update', 'wb.yaml'),
    same('workbook-update', 'wb.yaml', '--namespace', 'ns1', '--public'),
    same('workbook-delete', 'wb', 'wb2'),
    same('workbook-delete', 'wb', '--namespace', 'ns1'),
    same('workbook-get-definition', 'wb'),
    same('workbook-validate', 'wb.yaml'),
    same('workbook-validate', 'invalid.yaml'),
    { argv: ['workbook-create', 'nonexist.yaml'], stderr: 'not compared', why: 'usage errors are one line, without the argparse usage' },
    // t_fmt
    same('workbook-list', '-f', 'json'),
    same('workbook-list', '-f', 'json', '--noindent'),
    same('workbook-list', '-f', 'yaml'),
    same('workbook-list', '-f', 'csv'),
    same('workbook-list', '-f', 'csv', '--quote', 'all'),
    same('workbook-list', '-f', 'csv', '--quote', 'minimal'),
    same('workbook-list', '-f', 'value'),
    same('workbook-list', '-f', 'value', '-c', 'Name', '-c', 'Scope'),
    same('workbook-list', '-c', 'Scope', '-c', 'Name'),
    { argv: ['workbook-list', '-c', 'Nope'], tries: 0, why: 'the reference lists the workbooks, then refuses -c; -c is checked before the request here' },
    same('workbook-get', 'wb', '-f', 'json'),
    same('workbook-get', 'wb', '-f', 'yaml'),
    same('workbook-get', 'wb', '-f', 'shell'),
    same('workbook-get', 'wb', '-f', 'shell', '--prefix', 'wb_', '-c', 'Name', '-c', 'Created at'),
    same('workbook-get', 'wb', '-f', 'value'),
    // t_err2
    {
      argv: ['workbook-delete', 'emptybody'],
      stdout: 'not compared',
      tries: 3,
      why: "the per-item failure line is a readable message with the HTTP status instead of b'', after three tries of the DELETE that got a 503",
    },
  ],
};
