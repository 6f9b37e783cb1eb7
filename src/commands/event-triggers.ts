// event-triggers: to be filled from python-mistralclient 4.5.0 (commands/v2/event_triggers.py).
import type { CommandSpec } from './spec.js';

export const eventTriggerCommands: CommandSpec[] = [];
