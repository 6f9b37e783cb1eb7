// dynamic-actions: to be filled from python-mistralclient 4.5.0 (commands/v2/dynamic_actions.py).
import type { CommandSpec } from './spec.js';

export const dynamicActionCommands: CommandSpec[] = [];
