// tasks: to be filled from python-mistralclient 4.5.0 (commands/v2/tasks.py).
import type { CommandSpec } from './spec.js';

export const taskCommands: CommandSpec[] = [];
