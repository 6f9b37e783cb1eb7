// The home cloud and the target cloud(s), each turned from its gathered settings into one plain,
// validated description that the Keystone client can use. All or none for a target; a password
// that is the only thing missing may be asked for (by the caller's prompt, never from here).
import { UsageError, type Cloud } from '../errors.js';
import { isTrue, type CloudConfig } from '../settings/gather.js';
import { describeCloudSetting, type CloudSetting } from '../settings/options.js';
import type { TlsSettings } from './tls.js';

export interface CloudCredentials {
  cloud: Cloud;
  /** The clouds.yaml entry it was named by. */
  name?: string;
  authUrl: string;
  username?: string;
  userId?: string;
  password?: string;
  token?: string;
  projectName?: string;
  projectId?: string;
  userDomainName?: string;
  userDomainId?: string;
  projectDomainName?: string;
  projectDomainId?: string;
  regionName?: string;
  tls: TlsSettings;
  /** Tokens of this cloud may be kept between invocations (--os-cache, clouds.yaml cache.auth). */
  cache: boolean;
}

/** Asks a person for a cloud's password; absent where no person can answer (pipes, CI). */
export type PasswordPrompt = (cloud: CloudCredentials) => Promise<string>;

/** "home cloud", "target cloud", "target cloud 'stack-b'": how messages name a cloud. */
export function cloudLabel(cloud: { cloud: Cloud; name?: string }): string {
  return `${cloud.cloud} cloud${cloud.name && cloud.cloud === 'target' ? ` '${cloud.name}'` : ''}`;
}

export function credentialsOf(config: CloudConfig): CloudCredentials {
  const get = (setting: CloudSetting) => config.settings[setting]?.value || undefined;
  return {
    cloud: config.role,
    name: config.name?.value,
    authUrl: get('auth_url') ?? '',
    username: get('username'),
    userId: get('user_id'),
    password: get('password'),
    token: get('token'),
    projectName: get('project_name'),
    projectId: get('project_id'),
    userDomainName: get('user_domain_name'),
    userDomainId: get('user_domain_id'),
    projectDomainName: get('project_domain_name'),
    projectDomainId: get('project_domain_id'),
    regionName: get('region_name'),
    tls: { cacert: get('cacert'), cert: get('cert'), key: get('key'), insecure: isTrue(config.settings.insecure) },
    cache: isTrue(config.settings.cache),
  };
}

/** Everything but the password is there: the one case worth asking a person about. */
export function onlyPasswordMissing(c: CloudCredentials): boolean {
  return Boolean(c.authUrl && !c.token && !c.password && (c.username || c.userId) && (c.cloud === 'home' || c.projectName || c.projectId));
}

/**
 * A target is complete with an auth URL and either a token, or a user (name or id) + password +
 * project (name or id). Anything less is refused here, before any request (exit 2); a missing
 * password is left for the prompt when `canPrompt`.
 */
export function checkTarget(target: CloudCredentials, canPrompt: boolean): void {
  if (canPrompt && onlyPasswordMissing(target)) return;
  const describe = (setting: CloudSetting) => describeCloudSetting('target', setting);
  const missing: string[] = [];
  if (!target.authUrl) missing.push(describe('auth_url'));
  if (!target.token) {
    if (!target.username && !target.userId) missing.push(`${describe('username')} or ${describe('user_id')}`);
    if (!target.password) missing.push(describe('password'));
    if (!target.projectName && !target.projectId) missing.push(`${describe('project_name')} or ${describe('project_id')}`);
  }
  if (!missing.length) return;
  const alternative = target.token || target.password ? '' : ' (or give a token with --os-target-auth-token instead of user, password and project)';
  const entry = target.name ? `; or add them to cloud '${target.name}' in clouds.yaml/secure.yaml` : '';
  const name = target.name ? ` '${target.name}'` : '';
  throw new UsageError(`incomplete target cloud${name}: missing ${missing.join('; ')}${alternative}${entry}`);
}

/**
 * The home cloud, or undefined for unauthenticated mode (no auth URL and no credentials), which
 * mirrors python-mistralclient talking to a Mistral without Keystone.
 */
export function checkHome(home: CloudCredentials, canPrompt: boolean): CloudCredentials | undefined {
  if (!home.authUrl) {
    if (home.password) {
      // The reference silently tried http://localhost:35357/v3 here; we say what is missing.
      throw new UsageError(`a password is given but no Keystone URL: set ${describeCloudSetting('home', 'auth_url')}`);
    }
    return undefined;
  }
  if (!home.token) {
    if (!home.username && !home.userId) throw new UsageError('You must provide a username via --os-username env[OS_USERNAME]');
    if (!home.password && !canPrompt) {
      // Horizon's clouds.yaml leaves the password out: it belongs in secure.yaml, merged over it.
      const entry = home.name ? `; cloud '${home.name}' of clouds.yaml has none: add it to secure.yaml (clouds: ${home.name}: auth: password: ...) in ~/.config/openstack or the file OS_CLIENT_SECURE_FILE names` : '';
      throw new UsageError(`You must provide a password via --os-password env[OS_PASSWORD]${entry}`);
    }
  }
  return home;
}

/** Asks for every password that is the only thing missing; an empty answer is an error. */
export async function promptForPasswords(clouds: CloudCredentials[], prompt: PasswordPrompt | undefined): Promise<void> {
  for (const cloud of clouds) {
    if (!prompt || !onlyPasswordMissing(cloud)) continue;
    const password = await prompt(cloud);
    if (!password) throw new UsageError(`no password entered for the ${cloudLabel(cloud)}`);
    cloud.password = password;
  }
}
