// The fake Mistral's services, with the canned data of the reference transcripts (t_mem's service-list).
import type { Route } from './shared.js';

export const SERVICE1 = { name: 'host1_executor', type: 'executor_group' };

export const serviceRoutes: Route = (req, parts) =>
  parts[0] === 'services' && parts.length === 1 && req.method === 'GET' ? { status: 200, body: { services: [SERVICE1] } } : undefined;
