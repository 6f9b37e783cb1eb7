// cron-triggers: to be filled from python-mistralclient 4.5.0 (commands/v2/cron_triggers.py).
import type { CommandSpec } from './spec.js';

export const cronTriggerCommands: CommandSpec[] = [];
