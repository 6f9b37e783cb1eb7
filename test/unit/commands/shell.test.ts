// bash-completion (src/commands/shell.ts), python-mistralclient's, kept for compatibility: the
// transcripts do not run it. (`completion` is test/unit/completion.test.ts's.)
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/commands/index.js';
import { GLOBAL_OPTIONS } from '../../../src/settings/options.js';
import { lines, runCli } from '../../helpers/cli.js';
import { useMistral } from '../../helpers/mistral.js';

const mistral = useMistral();

describe('bash-completion', () => {
  it('prints every command name, help and every global option on one line, sorted, without connecting', async () => {
    // No --os-mistral-url and a closed endpoint in the environment: nothing may be contacted.
    const result = await runCli(['bash-completion'], { OS_MISTRAL_URL: 'http://127.0.0.1:1/v2' });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.endsWith('\n')).toBe(true);
    expect(lines(result.stdout)).toHaveLength(1);
    const words = result.stdout.trimEnd().split(' ');
    expect(words).toEqual([...words].sort());
    expect(new Set(words).size).toBe(words.length);
    const expected = new Set([
      ...COMMANDS.map((c) => c.name),
      'help',
      ...GLOBAL_OPTIONS.flatMap((o) => o.flags),
      '--version', '-v', '--verbose', '-q', '--quiet', '-h', '--help',
    ]);
    expect(new Set(words)).toEqual(expected);
    for (const word of ['bash-completion', 'workflow-list', 'member-get', 'help', '--os-mistral-url', '--os-tenant-name', '--os-target_cacert', '-h', '--debug']) {
      expect(words).toContain(word);
    }
  });

  it('sends nothing to Mistral', async () => {
    const result = await runCli(['--os-mistral-url', mistral.apiUrl, 'bash-completion']);
    expect(result.code).toBe(0);
    expect(mistral.requests).toEqual([]);
  });
});
