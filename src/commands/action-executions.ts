// action-executions: to be filled from python-mistralclient 4.5.0 (commands/v2/action_executions.py).
import type { CommandSpec } from './spec.js';

export const actionExecutionCommands: CommandSpec[] = [];
