// service-list: the one service command of python-mistralclient 4.5.0 (commands/v2/services.py).
import { field } from './cells.js';
import type { CommandSpec, ResourceSpec } from './spec.js';
import { listOutput, listRows } from './verbs.js';

export const services: ResourceSpec = {
  path: '/services',
  listKey: 'services',
  noun: 'service',
  columns: [
    field('Name', 'name'),
    field('Type', 'type'),
  ],
};

export const serviceCommands: CommandSpec[] = [
  {
    name: 'service-list',
    summary: 'List all services.',
    kind: 'list',
    // The pagination options are accepted and ignored: no query, and even `--filter badfilter` passes.
    pagination: 'list',
    output: listOutput(services),
    async run(ctx) {
      const manager = await ctx.manager(services);
      return { list: listRows(services, await manager.list(), ctx.now) };
    },
  },
];
