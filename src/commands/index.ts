// Every command group's table. `mistral --help` lists the commands alphabetically.
import { applyCommands } from './apply.js';
import { workbookCommands } from './workbooks.js';
import { actionCommands } from './actions.js';
import { taskCommands } from './tasks.js';
import { actionExecutionCommands } from './action-executions.js';
import { cronTriggerCommands } from './cron-triggers.js';
import { eventTriggerCommands } from './event-triggers.js';
import { environmentCommands } from './environments.js';
import { memberCommands } from './members.js';
import { serviceCommands } from './services.js';
import { codeSourceCommands } from './code-sources.js';
import { completionCommands } from './completion.js';
import { dynamicActionCommands } from './dynamic-actions.js';
import { shellCommands } from './shell.js';
import { configurationCommands } from './configuration.js';
import { executionCommands } from './executions.js';
import type { CommandSpec } from './spec.js';
import { workflowCommands } from './workflows.js';

export const COMMANDS: CommandSpec[] = [
  ...workflowCommands,
  ...executionCommands,
  ...workbookCommands,
  ...actionCommands,
  ...taskCommands,
  ...actionExecutionCommands,
  ...cronTriggerCommands,
  ...eventTriggerCommands,
  ...environmentCommands,
  ...memberCommands,
  ...serviceCommands,
  ...codeSourceCommands,
  ...dynamicActionCommands,
  ...shellCommands,
  ...configurationCommands,
  ...completionCommands,
  ...applyCommands,
  // By UTF-16 code unit, which for lowercase words and hyphens is alphabetical; localeCompare would
  // set up ICU's collator first, 15 ms of every start-up.
].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
