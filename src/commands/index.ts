// Every command group's table, in the order `mistral --help` lists groups.
import { executionCommands } from './executions.js';
import type { CommandSpec } from './spec.js';
import { workflowCommands } from './workflows.js';

export const COMMANDS: CommandSpec[] = [...workflowCommands, ...executionCommands].sort((a, b) => a.name.localeCompare(b.name));
