// The Duration column (src/commands/cells.ts duration, timedelta): python-mistralclient's
// get_duration_str (commands/v2/base.py), which prints Python's str(datetime.timedelta) of the
// span between two '%Y-%m-%d %H:%M:%S' times, or of the time since the start and '...' while the
// execution or task still runs. The times are read in place, digit by digit.
import { describe, expect, it } from 'vitest';
import { duration, timedelta } from '../../../src/commands/cells.js';

describe('timedelta: str(datetime.timedelta(seconds=n))', () => {
  it('hours unpadded, minutes and seconds two digits, days before them', () => {
    const cases: Array<[number, string]> = [
      [0, '0:00:00'],
      [9, '0:00:09'],
      [59, '0:00:59'],
      [60, '0:01:00'],
      [3599, '0:59:59'],
      [3600, '1:00:00'],
      [86399, '23:59:59'],
      [86400, '1 day, 0:00:00'],
      [90061, '1 day, 1:01:01'],
      [2 * 86400 + 3723, '2 days, 1:02:03'],
      [-1, '-1 day, 23:59:59'],
      [-86401, '-2 days, 23:59:59'],
    ];
    for (const [seconds, text] of cases) expect(timedelta(seconds), String(seconds)).toBe(text);
  });
});

describe('duration', () => {
  const now = new Date(Date.UTC(2024, 2, 1, 12, 0, 0));

  it('a finished span: across a year end, a leap day, a change in every field, and backwards', () => {
    expect(duration('2024-01-01 10:00:00', '2024-01-01 10:00:09', now)).toBe('0:00:09');
    expect(duration('2023-12-31 23:59:59', '2024-01-01 00:00:01', now)).toBe('0:00:02');
    expect(duration('2024-02-28 12:00:00', '2024-03-01 12:00:00', now)).toBe('2 days, 0:00:00');
    expect(duration('1999-09-09 09:09:09', '2000-10-10 10:10:10', now)).toBe('397 days, 1:01:01');
    expect(duration('2024-01-01 10:00:09', '2024-01-01 10:00:00', now)).toBe('-1 day, 23:59:51');
  });

  it('still running: the time since the start and ..., or ... alone in its first two seconds', () => {
    expect(duration('2024-03-01 11:59:00', '', now)).toBe('0:01:00...');
    expect(duration('2024-03-01 11:59:59', undefined, now)).toBe('...');
    expect(duration('', '2024-03-01 11:59:59', now)).toBe('');
  });

  it("a time of another shape: Python's strptime error", () => {
    expect(() => duration('2024-03-01T11:59:00Z', '', now)).toThrow("time data '2024-03-01T11:59:00Z' does not match format '%Y-%m-%d %H:%M:%S'");
  });
});
