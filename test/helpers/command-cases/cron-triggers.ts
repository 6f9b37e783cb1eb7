// The transcript cases of the 4 cron-trigger commands (t_trig, and its lines in t_fmt and t_err).
// cron-trigger-create converts local time with the process's time zone; the transcripts ran with
// TZ=UTC, and so do the cases (suite.ts).
import { same, type CaseGroup } from './case.js';

export const CRON_TRIGGER_CASES: CaseGroup = {
  name: 'cron-triggers',
  noun: 'cron trigger',
  cases: [
    same('cron-trigger-list'),
    same('cron-trigger-get', 'ct1'),
    same('cron-trigger-create', 'ct1', 'wf1', '{"a": 1}', '--params', '{"env": "e"}', '--pattern', '*/5 * * * *', '--first-time', '2030-01-01 10:00', '--count', '3', '--utc'),
    // Without --utc the time is local time.
    same('cron-trigger-create', 'ct1', '11111111-2222-3333-4444-555555555555', '--first-time', '2030-01-01 10:00'),
    same('cron-trigger-create', 'ct1', 'wf1'),
    {
      argv: ['cron-trigger-create', 'ct1', 'wf1', '--first-time', 'bad'],
      stderr: () => "mistral cron-trigger-create: error: argument --first-time: 'bad' is not a date and time in the format YYYY-MM-DD HH:MM (for example 2030-01-31 09:30)\n",
      rc: 2,
      why: "a usage error naming the format, not Python's strptime message with exit 1",
    },
    same('cron-trigger-delete', 'ct1', 'ct2'),
    // t_fmt, t_err
    same('cron-trigger-list', '-f', 'json'),
    same('cron-trigger-list', '-f', 'csv'),
    same('cron-trigger-get', 'ct1', '-f', 'shell'),
  ],
};
