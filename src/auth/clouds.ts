// The home cloud (OS_* settings) and the optional target cloud (TARGET_OS_* / OS_TARGET_* /
// --os-target-*), each as one plain description that the Keystone client can use.
import { UsageError, type Cloud } from '../errors.js';
import { GLOBAL_OPTIONS, describeSetting } from './options.js';
import { isTrue, type Settings } from './settings.js';
import type { TlsSettings } from './tls.js';

export interface CloudCredentials {
  cloud: Cloud;
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
}

/** A home setting's key, or its target twin (`cacert` → `targetCacert`). */
function settingOf(settings: Settings, cloud: Cloud): (name: string) => string | undefined {
  return (name) => settings[cloud === 'target' ? `target${name[0].toUpperCase()}${name.slice(1)}` : name] || undefined;
}

/** One cloud's TLS settings: used for its Keystone (and, at home, for Mistral). */
export function tlsOf(settings: Settings, cloud: Cloud): TlsSettings {
  const get = settingOf(settings, cloud);
  return { cacert: get('cacert'), cert: get('cert'), key: get('key'), insecure: isTrue(get('insecure')) };
}

function credentialsFrom(settings: Settings, cloud: Cloud): CloudCredentials {
  const get = settingOf(settings, cloud);
  return {
    cloud,
    authUrl: get('authUrl') ?? '',
    username: get('username'),
    userId: get('userId'),
    password: get('password'),
    token: get('authToken'),
    projectName: get('projectName'),
    projectId: get('projectId'),
    userDomainName: get('userDomainName'),
    userDomainId: get('userDomainId'),
    projectDomainName: get('projectDomainName'),
    projectDomainId: get('projectDomainId'),
    regionName: get('regionName'),
    tls: tlsOf(settings, cloud),
  };
}

/**
 * The target cloud, or undefined when no target setting is given. All or none: a target is
 * complete with an auth URL and either a token, or a user (name or id) + password + project
 * (name or id). Anything less is refused here, before any request (exit 2).
 */
export function targetCloud(settings: Settings): CloudCredentials | undefined {
  const given = GLOBAL_OPTIONS.filter((o) => o.target && settings[o.key]);
  if (given.length === 0) return undefined;
  const target = credentialsFrom(settings, 'target');
  const missing: string[] = [];
  if (!target.authUrl) missing.push(describeSetting('targetAuthUrl'));
  if (!target.token) {
    if (!target.username && !target.userId) missing.push(`${describeSetting('targetUsername')} or ${describeSetting('targetUserId')}`);
    if (!target.password) missing.push(describeSetting('targetPassword'));
    if (!target.projectName && !target.projectId) missing.push(`${describeSetting('targetProjectName')} or ${describeSetting('targetProjectId')}`);
  }
  if (missing.length) {
    const alternative = target.token || target.password ? '' : ' (or give a token with --os-target-auth-token instead of user, password and project)';
    throw new UsageError(`incomplete target cloud: missing ${missing.join('; ')}${alternative}`);
  }
  return target;
}

/**
 * The home cloud, or undefined for unauthenticated mode (no auth URL and no credentials), which
 * mirrors python-mistralclient talking to a Mistral without Keystone.
 */
export function homeCloud(settings: Settings): CloudCredentials | undefined {
  const home = credentialsFrom(settings, 'home');
  if (!home.authUrl) {
    if (home.password) {
      // The reference silently tried http://localhost:35357/v3 here; we say what is missing.
      throw new UsageError(`a password is given but no Keystone URL: set ${describeSetting('authUrl')}`);
    }
    return undefined;
  }
  if (!home.token) {
    if (!home.username && !home.userId) throw new UsageError('You must provide a username via --os-username env[OS_USERNAME]');
    if (!home.password) throw new UsageError('You must provide a password via --os-password env[OS_PASSWORD]');
  }
  return home;
}
