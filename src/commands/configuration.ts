// Commands about the client's own settings and files, which send no request: configuration-show
// (every resolved setting with its source, like `openstack configuration show`, from the same rows
// --debug prints) and token-cache-clear.
import { maskUrlCredentials } from '../text/redact.js';
import { settingRows } from '../settings/report.js';
import { defineCommand, type CommandSpec } from './spec.js';

const SETTING_COLUMNS = ['Cloud', 'Setting', 'Value', 'Source'];

export const configurationCommands: CommandSpec[] = [
  defineCommand({
    name: 'configuration-show',
    summary: 'Show the settings of the home and target clouds and where each comes from (sends no request).',
    kind: 'list',
    offline: true,
    options: [{ flags: '--unmask', help: 'Show passwords and tokens instead of <redacted>.', default: false }],
    output: () => ({ columns: SETTING_COLUMNS }),
    async run(ctx, values) {
      // Credentials written into a URL are never shown, even with --unmask (README "Errors, exit codes, --debug").
      const rows = settingRows(await ctx.configuration(), Boolean(values.unmask));
      return { list: { columns: SETTING_COLUMNS, rows: rows.map((r) => [r.cloud, r.setting, maskUrlCredentials(r.value), r.source]) } };
    },
  }),
  {
    name: 'token-cache-clear',
    summary: 'Remove every token kept by --os-cache (sends no request).',
    kind: 'plain',
    offline: true,
    async run(ctx) {
      const { TokenCache } = await import('../auth/token-cache.js');
      const { removed, records, left } = new TokenCache(ctx.tokenCacheDirectory, (line) => ctx.warn(line)).clear();
      if (left.length) ctx.warn(`left ${counted(left.length, 'file')} in ${ctx.tokenCacheDirectory} that the token cache did not write: ${left.join(', ')}`);
      const also = records ? ` and ${counted(records, 'joint password record')}` : '';
      return { text: `Removed ${counted(removed, 'cached token')}${also} from ${ctx.tokenCacheDirectory}.\n` };
    },
  },
];

/** `1 cached token`, `2 cached tokens`: token-cache-clear's counts. */
function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
