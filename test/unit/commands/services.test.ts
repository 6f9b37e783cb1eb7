// service-list (src/commands/services.ts): the transcript cases
// (test/helpers/command-cases/services.ts), then the behaviour the transcripts do not show.
import { describe, expect, it } from 'vitest';
import { SERVICE_CASES } from '../../helpers/command-cases/services.js';
import { transcriptSuite } from '../../helpers/command-cases/suite.js';
import { wire } from '../../helpers/mistral.js';

const { mistral, run } = transcriptSuite(SERVICE_CASES);

describe('services', () => {
  it('service-list accepts even a filter without =', async () => {
    const result = await run(['service-list', '--filter', 'badfilter', '-f', 'value']);
    expect(result.stdout).toBe('host1_executor executor_group\n');
    expect(result.code).toBe(0);
    expect(mistral.requests.map(wire)).toEqual([{ m: 'GET', path: '/v2/services', q: '', ct: null, body: '' }]);
  });
});
