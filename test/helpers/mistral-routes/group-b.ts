// Fake Mistral routes for event triggers, environments, members, services, code sources, dynamic actions, with the transcripts' canned data.
import type { ExtraRoute } from './index.js';

export const groupBRoutes: ExtraRoute = () => undefined;
