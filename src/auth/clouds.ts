// The home cloud and the target cloud(s), each turned from its gathered settings into one plain,
// validated description that the Keystone client can use. Completeness is the auth method's
// (src/auth/methods.ts): all or none for a target; a secret that is the only thing missing may be
// asked for (by the caller's prompt, never from here).
import { cloudLabel, UsageError, type Cloud } from '../errors.js';
import { describeSource, isTrue, type CloudConfig } from '../settings/gather.js';
import { describeCloudSetting, type CloudSetting } from '../settings/options.js';
import { AUTH_METHODS, defaultMethod, FACT_OF, methodNamed, unknownFactors, type AuthMethod, type LoginFacts, type Requirement } from './methods.js';
import type { TlsSettings } from './tls.js';

export interface CloudCredentials extends LoginFacts {
  cloud: Cloud;
  /** The clouds.yaml entry it was named by. */
  name?: string;
  authUrl: string;
  /** How it logs in (src/auth/methods.ts). */
  method: AuthMethod;
  regionName?: string;
  tls: TlsSettings;
  /** Tokens of this cloud may be kept between invocations (--os-cache, clouds.yaml cache.auth). */
  cache: boolean;
}

/** Settings a person may be asked for at a terminal. */
export type PromptedSetting = 'password' | 'passcode';

/** Asks a person for a cloud's password or passcode; absent where no person can answer (pipes, CI). */
export type PasswordPrompt = (cloud: CloudCredentials, setting?: PromptedSetting) => Promise<string>;

export function credentialsOf(config: CloudConfig): CloudCredentials {
  const get = (setting: CloudSetting) => config.settings[setting]?.value || undefined;
  const facts: LoginFacts = {
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
    applicationCredentialId: get('application_credential_id'),
    applicationCredentialName: get('application_credential_name'),
    applicationCredentialSecret: get('application_credential_secret'),
    passcode: get('passcode'),
    authMethods: get('auth_methods')?.split(',').map((m) => m.trim()).filter(Boolean),
  };
  const credentials: CloudCredentials = {
    ...facts,
    cloud: config.role,
    name: config.name?.value,
    authUrl: get('auth_url') ?? '',
    method: methodOf(config, facts),
    regionName: get('region_name'),
    tls: { cacert: get('cacert'), cert: get('cert'), key: get('key'), insecure: isTrue(config.settings.insecure) },
    cache: isTrue(config.settings.cache),
  };
  checkMethodSettings(credentials, config);
  return credentials;
}

function methodOf(config: CloudConfig, facts: LoginFacts): AuthMethod {
  const given = config.settings.auth_type;
  if (!given) return defaultMethod(facts);
  const method = methodNamed(given.value.trim());
  if (method) return method;
  const source = given.source;
  const where = source.kind === 'clouds.yaml' || source.kind === 'secure.yaml'
    ? `cloud '${source.cloud}' in ${source.file}: auth_type`
    : source.kind === 'flag' || source.kind === 'env' ? describeCloudSetting(config.role, 'auth_type') : `auth_type (${describeSource(source)})`;
  const types = AUTH_METHODS.flatMap((m) => m.types);
  throw new UsageError(`${where} '${given.value}' is not supported; use ${types.slice(0, -1).join(', ')} or ${types[types.length - 1]}`);
}

/**
 * What a method cannot use is an error, not dropped in silence: a project next to an application
 * credential (Keystone refuses a scope with one), a v3multifactor method this client cannot send.
 */
function checkMethodSettings(c: CloudCredentials, config: CloudConfig): void {
  if (!c.method.scoped) {
    const project = (['project_name', 'project_id'] as const).find((s) => config.settings[s]);
    if (project) {
      const source = config.settings[project]!.source;
      throw new UsageError(`the ${cloudLabel(c)} logs in with an application credential, which carries its own project: Keystone refuses a project with it, so remove ${source.kind === 'flag' || source.kind === 'env' ? describeCloudSetting(c.cloud, project) : `${project} (${describeSource(source)})`}`);
    }
  }
  const unknown = c.method.name === 'v3multifactor' ? unknownFactors(c) : [];
  if (unknown.length) {
    throw new UsageError(`the ${cloudLabel(c)}'s ${describeCloudSetting(c.cloud, 'auth_methods')} names ${unknown.join(', ')}; v3multifactor here combines v3password and v3totp`);
  }
}

/** The requirements of the cloud's method that its settings leave unmet (of an allOf, its unmet parts). */
function unmet(c: CloudCredentials): Requirement[] {
  const given = (setting: CloudSetting) => {
    const value = c[FACT_OF[setting]!];
    return Array.isArray(value) ? value.length > 0 : Boolean(value);
  };
  const open = (r: Requirement): Requirement[] => (r.anyOf ? (r.anyOf.some(given) ? [] : [r]) : r.allOf!.flatMap(open));
  return c.method.required(c, c.cloud).flatMap(open);
}

function describeRequirement(c: CloudCredentials, r: Requirement): string {
  return r.anyOf!.map((s) => describeCloudSetting(c.cloud, s)).join(' or ');
}

/** What is missing are only settings a person may type at the prompt (with one to ask). */
function onlyPromptable(c: CloudCredentials, missing: Requirement[], canPrompt: boolean): boolean {
  return canPrompt && missing.length > 0 && missing.every((r) => r.anyOf?.length === 1 && c.method.promptable.includes(r.anyOf[0]));
}

/** The secrets to ask for before any request: those the method may prompt for that are missing. */
export function promptableMissing(c: CloudCredentials): PromptedSetting[] {
  const now = (s: CloudSetting) => c.method.promptable.includes(s) && !c.method.afterReceipt?.includes(s);
  return unmet(c).flatMap((r) => (r.anyOf?.length === 1 && now(r.anyOf[0]) ? [r.anyOf[0] as PromptedSetting] : []));
}

/**
 * A target is complete with an auth URL and what its method needs (src/auth/methods.ts: a password
 * login needs a user, a password and a project; an application credential its id, or its name and
 * user, and its secret). Anything less is refused here, before any request (exit 2); a secret the
 * method may ask a person for is left for the prompt when `canPrompt`.
 */
export function checkTarget(target: CloudCredentials, canPrompt: boolean): void {
  const missing = unmet(target);
  if (target.authUrl && (missing.length === 0 || onlyPromptable(target, missing, canPrompt))) return;
  const described = [...(target.authUrl ? [] : [describeCloudSetting('target', 'auth_url')]), ...missing.map((r) => describeRequirement(target, r))];
  const given = target.token || target.password || target.applicationCredentialSecret || target.applicationCredentialId;
  const alternative = given || target.method.name !== 'password' ? '' : ' (or give a token with --os-target-auth-token instead of user, password and project)';
  const entry = target.name ? `; or add them to cloud '${target.name}' in clouds.yaml/secure.yaml` : '';
  const name = target.name ? ` '${target.name}'` : '';
  const method = ['password', 'token'].includes(target.method.name) ? '' : ` (${target.method.name})`;
  throw new UsageError(`incomplete target cloud${name}${method}: missing ${described.join('; ')}${alternative}${entry}`);
}

/**
 * The home cloud, or undefined for unauthenticated mode (no auth URL and no credentials), which
 * mirrors python-mistralclient talking to a Mistral without Keystone.
 */
export function checkHome(home: CloudCredentials, canPrompt: boolean): CloudCredentials | undefined {
  if (!home.authUrl) {
    const secret = (['password', 'application_credential_secret', 'passcode'] as const).find((s) => home[FACT_OF[s]!]);
    if (secret) {
      // The reference silently tried http://localhost:35357/v3 here; we say what is missing.
      throw new UsageError(`${secret === 'password' ? 'a password' : `${describeCloudSetting('home', secret)}`} is given but no Keystone URL: set ${describeCloudSetting('home', 'auth_url')}`);
    }
    return undefined;
  }
  const missing = unmet(home);
  if (!missing.length || onlyPromptable(home, missing, canPrompt)) return home;
  if (home.method.name === 'password') {
    // python-mistralclient's own words (its shell checks the user, then the password).
    if (!home.username && !home.userId) throw new UsageError('You must provide a username via --os-username env[OS_USERNAME]');
    if (!home.password && !canPrompt) {
      // Horizon's clouds.yaml leaves the password out: it belongs in secure.yaml, merged over it.
      const entry = home.name ? `; cloud '${home.name}' of clouds.yaml has none: add it to secure.yaml (clouds: ${home.name}: auth: password: ...) in ~/.config/openstack or the file OS_CLIENT_SECURE_FILE names` : '';
      throw new UsageError(`You must provide a password via --os-password env[OS_PASSWORD]${entry}`);
    }
  }
  throw new UsageError(`incomplete home cloud (${home.method.name}): missing ${missing.map((r) => describeRequirement(home, r)).join('; ')}`);
}

/** Asks for every secret that is all that is missing; an empty answer is an error. */
export async function promptForPasswords(clouds: CloudCredentials[], prompt: PasswordPrompt | undefined): Promise<void> {
  if (!prompt) return;
  for (const cloud of clouds) {
    for (const setting of promptableMissing(cloud)) {
      const answer = await prompt(cloud, setting);
      if (!answer) throw new UsageError(`no ${setting} entered for the ${cloudLabel(cloud)}`);
      cloud[setting] = answer;
    }
  }
}
