// configuration-show: every resolved setting of the home and target clouds with where it came
// from (like `openstack configuration show`), from the same rows --debug prints. Sends no request.
import { settingRows } from '../settings/report.js';
import type { CommandSpec } from './spec.js';

export const configurationCommands: CommandSpec[] = [
  {
    name: 'configuration-show',
    summary: 'Show the settings of the home and target clouds and where each comes from (sends no request).',
    kind: 'list',
    offline: true,
    fanOut: true,
    options: [{ flags: '--unmask', help: 'Show passwords and tokens instead of <redacted>.', default: false }],
    async run(ctx, values) {
      const rows = settingRows(await ctx.configuration(), Boolean(values.unmask));
      return { list: { columns: ['Cloud', 'Setting', 'Value', 'Source'], rows: rows.map((r) => [r.cloud, r.setting, r.value, r.source]) } };
    },
  },
];
