// The 4 cron-trigger commands (src/commands/cron-triggers.ts): the transcript cases
// (test/helpers/command-cases/cron-triggers.ts, run with TZ=UTC), then local time and the quirks the
// transcripts do not show.
import { describe, expect, it } from 'vitest';
import { localTimeToUtc } from '../../../src/commands/cron-triggers.js';
import { lines, NOW } from '../../helpers/cli.js';
import { CRON_TRIGGER_CASES } from '../../helpers/command-cases/cron-triggers.js';
import { transcriptSuite } from '../../helpers/command-cases/suite.js';

const { mistral, run } = transcriptSuite(CRON_TRIGGER_CASES);

describe('cron triggers', () => {
  it('--first-time without --utc is local time, converted with the offset in force now (not the date\'s)', async () => {
    process.env.TZ = 'America/New_York';
    try {
      // NOW is in June: daylight saving time, UTC-4, even for a January date.
      await run(['cron-trigger-create', 'ct1', 'wf1', '--first-time', '2030-01-01 10:00']);
      await run(['cron-trigger-create', 'ct1', 'wf1', '--first-time', '2030-01-01 10:00', '--utc']);
    } finally {
      process.env.TZ = 'UTC';
    }
    expect(mistral.requests.map((r) => JSON.parse(r.body).first_execution_time)).toEqual(['2030-01-01 14:00', '2030-01-01 10:00']);
  });

  it('the conversion follows the clock and parses as Python strptime does', () => {
    process.env.TZ = 'America/New_York';
    try {
      const november = new Date('2026-11-27T12:00:00Z');
      expect(localTimeToUtc('2030-07-01 10:00', november)).toBe('2030-07-01 15:00');
      expect(localTimeToUtc('2030-01-01 10:00', NOW)).toBe('2030-01-01 14:00');
      expect(localTimeToUtc('2030-12-31 22:30', november)).toBe('2031-01-01 03:30');
      expect(localTimeToUtc('2030-1-2 3:4', november)).toBe('2030-01-02 08:04');
    } finally {
      process.env.TZ = 'UTC';
    }
    expect(() => localTimeToUtc('2030-02-30 10:00', NOW)).toThrow("argument --first-time: '2030-02-30 10:00' is not a date: day is out of range for month");
    expect(() => localTimeToUtc('2030-01-01 10:00x', NOW)).toThrow("argument --first-time: '2030-01-01 10:00x' is not a date and time in the format YYYY-MM-DD HH:MM");
    expect(() => localTimeToUtc("it's", NOW)).toThrow(`argument --first-time: "it's" is not a date and time in the format YYYY-MM-DD HH:MM`);
  });

  it('--first-time in another format (ISO 8601 with a T) is a usage error naming the format, exit 2, nothing sent', async () => {
    const result = await run(['cron-trigger-create', 'ct1', 'wf1', '--first-time', '2030-01-01T00:00']);
    expect(result.stderr).toBe("mistral cron-trigger-create: error: argument --first-time: '2030-01-01T00:00' is not a date and time in the format YYYY-MM-DD HH:MM (for example 2030-01-31 09:30)\n");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(mistral.requests).toEqual([]);
  });

  it('cron-trigger-create with a bad --count is a usage error (exit 2), nothing sent', async () => {
    const result = await run(['cron-trigger-create', 'ct1', 'wf1', '--count', 'many']);
    expect(result.stderr).toBe("mistral cron-trigger-create: error: option '--count <integer>' argument 'many' is invalid. invalid int value: 'many'\n");
    expect(result.code).toBe(2);
    expect(mistral.requests).toEqual([]);
  });

  it('cron-trigger-create reads the input from a JSON file and leaves out empty params', async () => {
    await run(['cron-trigger-create', 'ct1', 'wf1', 'input.json', '--params', '{}', '--pattern', '0 * * * *']);
    expect(mistral.requests[0].body).toBe('{"name": "ct1", "pattern": "0 * * * *", "first_execution_time": null, "remaining_executions": null, "workflow_name": "wf1", "workflow_input": "{\\"a\\": 1}"}');
  });

  it('cron-trigger-list right-aligns Remaining executions (a number) in the table', async () => {
    const result = await run(['cron-trigger-list', '-c', 'Name', '-c', 'Remaining executions']);
    expect(lines(result.stdout)[3]).toBe('| ct1  |                    3 |');
  });

  it('cron-trigger-delete goes on after a failure, then fails (exit 1)', async () => {
    const result = await run(['cron-trigger-delete', 'ct1', 'hdrerr']);
    expect(lines(result.stdout)).toEqual(['Request to delete cron trigger ct1 has been accepted.', 'Header error message (HTTP 409 Conflict)']);
    expect(result.stderr).toBe('ERROR (app) Unable to delete the specified cron trigger(s).\n');
    expect(result.code).toBe(1);
  });
});

describe('help', () => {
  it('mistral help cron-trigger-create shows its arguments and options', async () => {
    const result = await run(['help', 'cron-trigger-create']);
    for (const text of ['workflow_identifier', '[workflow_input]', '--first-time <YYYY-MM-DD HH:MM>', '--pattern <* * * * *>', '--count <integer>', '--utc', '--format']) {
      expect(result.stdout).toContain(text);
    }
    expect(result.code).toBe(0);
  });
});
