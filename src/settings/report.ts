// Where every setting came from, as rows: configuration-show prints them with any formatter and
// --debug prints them once before the first request. Secrets are masked unless asked otherwise.
import { REDACTED } from '../text/redact.js';
import { describeSource, type CloudConfig, type Configuration } from './gather.js';
import { CLOUD_SETTINGS, GLOBAL_OPTIONS, optionFor } from './options.js';

export interface SettingRow {
  cloud: string;
  setting: string;
  value: string;
  source: string;
}


function cloudName(cloud: CloudConfig): string {
  return cloud.name ? `${cloud.role} (${cloud.name.value})` : cloud.role;
}

export function settingRows(config: Configuration, unmask = false): SettingRow[] {
  const rows: SettingRow[] = [];
  for (const cloud of [config.home, ...config.targets]) {
    const name = cloudName(cloud);
    if (cloud.name) rows.push({ cloud: name, setting: 'cloud', value: cloud.name.value, source: describeSource(cloud.name.source) });
    for (const setting of CLOUD_SETTINGS) {
      const found = cloud.settings[setting];
      if (!found) continue;
      // The option table says which settings are secret (passwords, tokens, application credential secrets, passcodes).
      const secret = optionFor(cloud.role, setting)?.secret;
      rows.push({ cloud: name, setting, value: secret && !unmask ? REDACTED : found.value, source: describeSource(found.source) });
    }
  }
  for (const option of GLOBAL_OPTIONS) {
    const found = !option.cloud ? config.program[option.key] : undefined;
    if (!found || option.key === 'debug') continue;
    rows.push({ cloud: 'program', setting: option.flags[0].replace(/^--/, ''), value: option.secret && !unmask ? REDACTED : found.value, source: describeSource(found.source) });
  }
  return rows;
}
