// -f and -c are checked before the first request (src/commands/engine.ts checkOutputChoices, each
// command's `output`): cliff checks -c only once it has the answer, so a write with a mistyped
// column took effect and then failed, and a CI retry wrote again (README "Differences").
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/commands/index.js';
import { runCli } from '../../helpers/cli.js';
import { useWorld } from '../../helpers/clouds.js';

const world = useWorld();

describe('every list and show command declares what it prints', () => {
  it('has an output shape, so that -c is checked before anything is sent', () => {
    const missing = COMMANDS.filter((c) => c.kind !== 'plain' && !c.output).map((c) => c.name);
    expect(missing).toEqual([]);
  });
});

describe('a wrong -c sends nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mistral-output-choices-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const definition = file('wf.yaml', "version: '2.0'\nwf:\n  tasks:\n    t:\n      action: std.noop\n");
  const environment = file('env.json', JSON.stringify({ name: 'env1', variables: { a: 1 } }));
  const writes: Array<[string, string[]]> = [
    ['execution-create', ['execution-create', 'wait_ok']],
    ['execution-create --wait', ['execution-create', 'wait_ok', '--wait']],
    ['execution-update', ['execution-update', 'e1', '-s', 'PAUSED']],
    ['workflow-create', ['workflow-create', definition]],
    ['workflow-validate', ['workflow-validate', definition]],
    ['environment-create', ['environment-create', environment]],
    ['cron-trigger-create', ['cron-trigger-create', 'c1', 'wait_ok', '--pattern', '* * * * *']],
    ['member-create', ['member-create', 'w1', 'workflow', 'p1']],
    ['task-rerun', ['task-rerun', 't1']],
    ['run-action -s', ['run-action', 'std.noop', '-s']],
    ['workflow-get', ['workflow-get', 'wait_ok']],
    ['workflow-list', ['workflow-list']],
  ];
  for (const [name, args] of writes) {
    it(name, async () => {
      const result = await runCli([...args, '-c', 'NoSuchColumn'], world.homeEnv());
      expect(result.stderr).toMatch(/^ERROR \(app\) No recognized column names in \['NoSuchColumn'\]\. Recognized columns are \['[^\n]+'\]\.\n$/);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(world.allRequests()).toEqual([]);
    });
  }

  it('a column that exists still selects it, and environment-get --export checks its own columns', async () => {
    const wrong = await runCli(['environment-get', 'env1', '--export', '-c', 'Name'], world.homeEnv());
    expect(wrong.stderr).toBe("ERROR (app) No recognized column names in ['Name']. Recognized columns are ['name', 'description', 'scope', 'variables'].\n");
    expect(world.allRequests()).toEqual([]);
  });

  it('run-action without -s prints the raw output, so -c is not checked (as the reference)', async () => {
    const result = await runCli(['run-action', 'std.noop', '-c', 'NoSuchColumn'], world.homeEnv());
    expect(world.allRequests().length).toBeGreaterThan(0);
    expect(result.stderr).not.toContain('No recognized column names');
  });
});
