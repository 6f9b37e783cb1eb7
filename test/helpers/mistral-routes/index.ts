// The fake Mistral's routes for the resource groups beyond workflows and executions, one module
// per set of groups. Each returns a reply, or undefined when the request is not its own.
import type { RecordedRequest, Reply } from '../server.js';
import { groupARoutes } from './group-a.js';
import { groupBRoutes } from './group-b.js';

export type ExtraRoute = (req: RecordedRequest, parts: string[], query: Array<[string, string]>) => Reply | undefined;

export const EXTRA_ROUTES: ExtraRoute[] = [groupARoutes, groupBRoutes];
