// The 7 workbook commands (src/commands/workbooks.ts): the transcript cases
// (test/helpers/command-cases/workbooks.ts), then the quirks the transcripts do not show.
import { describe, expect, it } from 'vitest';
import { transcriptSuite } from '../../helpers/command-cases/suite.js';
import { WB_FILE, WORKBOOK_CASES } from '../../helpers/command-cases/workbooks.js';
import { wire } from '../../helpers/mistral.js';

const { mistral, run } = transcriptSuite(WORKBOOK_CASES);

describe('where our messages differ on purpose', () => {
  it('a definition file that does not exist is a one-line usage error (exit 2), nothing sent', async () => {
    const result = await run(['workbook-create', 'nonexist.yaml']);
    expect(result.stderr).toBe("mistral workbook-create: error: argument definition: can't open 'nonexist.yaml': No such file or directory\n");
    expect(result.code).toBe(2);
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

describe('help', () => {
  it('mistral help workbook lists the 7 workbook commands and workbook-apply (README "CI")', async () => {
    const result = await run(['help', 'workbook']);
    expect(result.stdout).toBe('Command "workbook" matches:\n  workbook-apply\n  workbook-create\n  workbook-delete\n  workbook-get\n  workbook-get-definition\n  workbook-list\n  workbook-update\n  workbook-validate\n');
    expect(result.code).toBe(0);
  });
});
