// members: to be filled from python-mistralclient 4.5.0 (commands/v2/members.py).
import type { CommandSpec } from './spec.js';

export const memberCommands: CommandSpec[] = [];
