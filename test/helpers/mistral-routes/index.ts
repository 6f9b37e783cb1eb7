// The fake Mistral's routes, one module per command group (as src/commands/), in the order they are
// asked: the first that answers a request wins. Members come last: their paths lie under the other
// resources (`/workflows/<id>/members`), after those resources' own routes declined them.
import { actionExecutionRoutes } from './action-executions.js';
import { actionRoutes } from './actions.js';
import { codeSourceRoutes } from './code-sources.js';
import { cronTriggerRoutes } from './cron-triggers.js';
import { dynamicActionRoutes } from './dynamic-actions.js';
import { environmentRoutes } from './environments.js';
import { eventTriggerRoutes } from './event-triggers.js';
import { executionRoutes } from './executions.js';
import { memberRoutes } from './members.js';
import { serviceRoutes } from './services.js';
import type { Route } from './shared.js';
import { taskRoutes } from './tasks.js';
import { workbookRoutes } from './workbooks.js';
import { workflowRoutes } from './workflows.js';

export const ROUTES: Route[] = [
  workflowRoutes,
  // Before taskRoutes: a special execution id fails `/executions/<id>/tasks` too.
  executionRoutes,
  workbookRoutes,
  actionRoutes,
  taskRoutes,
  // After taskRoutes, which declines `/tasks/<id>/action_executions`.
  actionExecutionRoutes,
  cronTriggerRoutes,
  eventTriggerRoutes,
  environmentRoutes,
  codeSourceRoutes,
  dynamicActionRoutes,
  serviceRoutes,
  memberRoutes,
];
