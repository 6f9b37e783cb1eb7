// The 5 member commands (src/commands/members.ts): the transcript cases
// (test/helpers/command-cases/members.ts), then the behaviour the transcripts do not show.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { startWorld } from '../../helpers/clouds.js';
import { MEMBER_CASES } from '../../helpers/command-cases/members.js';
import { transcriptSuite } from '../../helpers/command-cases/suite.js';
import { wire } from '../../helpers/mistral.js';

const { mistral, run, workDir } = transcriptSuite(MEMBER_CASES);

describe('members', () => {
  it('member-update without -m asks for `/members/` (no project id without authentication)', async () => {
    const result = await run(['member-update', 'wf1', 'workflow']);
    expect(wire(mistral.requests[0])).toEqual({ m: 'PUT', path: '/v2/workflows/wf1/members/', q: '', ct: 'application/json', body: '{"status": "accepted"}' });
    expect(result.code).toBe(1);
  });

  it('member-update without -m uses --os-project-id without authentication, as the reference', async () => {
    await run(['--os-project-id', 'proj-7', 'member-update', 'wf1', 'workflow']);
    expect(wire(mistral.requests[0])).toMatchObject({ m: 'PUT', path: '/v2/workflows/wf1/members/proj-7' });
  });

  it('member-get without -m uses the project of the home token when authenticated', async () => {
    const world = await startWorld();
    try {
      await runCli(['member-get', 'wf1', 'workflow'], world.homeEnv(), { cwd: workDir() });
      const request = world.mistral.requests.find((r) => r.path.includes('/members/'));
      expect(request?.path).toMatch(new RegExp(`/v2/workflows/wf1/members/${world.homeProject.id}$`));
    } finally {
      await world.close();
    }
  });

  it('member-update refuses a status outside pending, accepted, rejected (exit 2, no request)', async () => {
    const result = await run(['member-update', 'wf1', 'workflow', '-m', 'p2', '-s', 'maybe']);
    expect(result.stderr).toMatch(/^mistral member-update: error: .*maybe.*\n$/);
    expect(result.code).toBe(2);
    expect(mistral.requests).toEqual([]);
  });

  it('member-create with an empty member: Member is missing field "member_id"', async () => {
    const result = await run(['member-create', 'wf1', 'workflow', '']);
    expect(result.stderr).toBe('ERROR (app) Member is missing field "member_id"\n');
    expect(result.code).toBe(1);
    expect(mistral.requests).toEqual([]);
  });

  it('member-delete with an empty member prints the check on stdout, then fails', async () => {
    const result = await run(['member-delete', 'wf1', 'workflow', '']);
    expect(result.stdout).toBe('Member is missing field "member_id"\n');
    expect(result.stderr).toBe('ERROR (app) Unable to delete the specified member.\n');
    expect(result.code).toBe(1);
    expect(mistral.requests).toEqual([]);
  });

  it('member-list accepts and ignores the pagination options (even a bad filter)', async () => {
    const result = await run(['member-list', 'wf1', 'workflow', '--limit', '3', '--filter', 'bad']);
    expect(result.code).toBe(0);
    expect(wire(mistral.requests[0])).toMatchObject({ m: 'GET', path: '/v2/workflows/wf1/members', q: '' });
  });

  it('encodes the resource id and type in the path', async () => {
    await run(['member-get', 'my wf', 'work book', '-m', 'p 2']);
    expect(mistral.requests[0].path).toBe('/v2/work%20books/my%20wf/members/p%202');
  });
});
