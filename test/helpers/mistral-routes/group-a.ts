// Fake Mistral routes for workbooks, actions, tasks, action executions, cron triggers, with the transcripts' canned data.
import type { ExtraRoute } from './index.js';

export const groupARoutes: ExtraRoute = () => undefined;
