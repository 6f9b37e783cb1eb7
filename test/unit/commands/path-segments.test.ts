// Names and ids that cannot be one URL path segment ('.', '..', anything with '/') are refused as a
// usage error before any request (src/api/manager.ts segment; README "Differences"); the real
// Mistral's side is test/e2e/path-segments.test.ts.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { useMistral } from '../../helpers/mistral.js';

const mistral = useMistral();

const run = (argv: string[]) => runCli(['--os-mistral-url', mistral.apiUrl, ...argv]);

describe("'.', '..' and '/' in names or ids (src/api/manager.ts segment)", () => {
  it('the reason: the URL parser drops them even percent-encoded, so they cannot be sent as one segment', () => {
    expect(new URL('http://h/v2/environments/%2E%2E').pathname).toBe('/v2/');
    expect(new URL('http://h/v2/environments/%2e').pathname).toBe('/v2/environments/');
    expect(new URL('http://h/v2/workflows/w1/members/.%2E').pathname).toBe('/v2/workflows/w1/');
  });

  const refused = (value: string) =>
    value.includes('/')
      ? `refusing '${value}' as a name or id: Mistral reads a '/' in it as a path separator, even encoded, so it would address something other than the object it names`
      : `refusing '${value}' as a name or id: a '.' or '..' in a URL path would address something other than the object it names`;
  const LINES: Array<[string[], string]> = [
    [['environment-delete', '..'], '..'],
    [['environment-delete', '.'], '.'],
    // Not even the good name before it is deleted.
    [['environment-delete', 'env1', '..', 'env2'], '..'],
    [['member-delete', 'wf1', 'workflow', '..'], '..'],
    [['member-delete', '..', 'workflow', 'p1'], '..'],
    [['member-get', 'wf1', 'workflow', '-m', '.'], '.'],
    [['workflow-delete', '..'], '..'],
    [['workflow-delete', 'a/..'], 'a/..'],
    // The server decodes %2F before routing: `<id>/` is workflow <id>.
    [['workflow-delete', 'wf1/'], 'wf1/'],
    [['member-delete', 'wf1', 'workflow', 'p1/x'], 'p1/x'],
    [['member-get', 'wf1', 'work/flow', '-m', 'p1'], 'work/flow'],
    [['workflow-get', '.'], '.'],
    [['environment-get', '../workflows/wf1'], '../workflows/wf1'],
    [['execution-get', '..'], '..'],
    [['execution-get-report', '..'], '..'],
    [['execution-update', '..', '-s', 'PAUSED'], '..'],
    [['task-list', '..'], '..'],
    [['action-get', 'std.echo', '--namespace', '..'], '..'],
    [['action-delete', '..'], '..'],
    [['cron-trigger-delete', '.'], '.'],
    [['workbook-delete', '..'], '..'],
  ];
  for (const [argv, value] of LINES) {
    it(`mistral ${argv.join(' ')}: a usage error (exit 2) and no request at all`, async () => {
      const result = await run(argv);
      expect([result.code, result.stdout, result.stderr]).toEqual([2, '', `mistral ${argv[0]}: error: ${refused(value)}\n`]);
      expect(mistral.requests).toEqual([]);
    });
  }

  it('other names with dots, and an encoded slash typed as text, are sent encoded as one segment', async () => {
    for (const name of ['...', '.hidden', 'a.', 'a..b', '%2E%2E', 'a%2Fb', 'a?b#c']) await run(['workflow-get', name]);
    expect(mistral.requests.map((r) => r.path)).toEqual(['/v2/workflows/...', '/v2/workflows/.hidden', '/v2/workflows/a.', '/v2/workflows/a..b', '/v2/workflows/%252E%252E', '/v2/workflows/a%252Fb', '/v2/workflows/a%3Fb%23c']);
  });
});
