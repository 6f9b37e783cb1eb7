// The Keystone auth methods the client logs in with, one entry each, declared the way keystoneauth's
// loaders declare theirs (keystoneauth1/loading/_plugins/identity/v3.py): the settings a method
// reads, when a set of them is complete (and so what "all or none" means for a target), the identity
// part of POST /v3/auth/tokens, whether a project scope goes with it, and what names it in the token
// cache. Which settings are secret is the option table's `secret` (src/settings/options.ts): the one
// place that masking, redaction, configuration-show and the local-file check read. Settings,
// validation (src/auth/clouds.ts), the request (src/auth/keystone.ts) and the cache
// (src/auth/token-cache.ts) read this table; a new method is one entry here, its options, and tests.
import type { CloudSetting } from '../settings/options.js';

/** What a method reads of a cloud's settings (src/auth/clouds.ts fills it). */
export interface LoginFacts {
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
  applicationCredentialId?: string;
  applicationCredentialName?: string;
  applicationCredentialSecret?: string;
  passcode?: string;
  /** v3multifactor's methods, as given (v3password, v3totp, ...). */
  authMethods?: string[];
}

/** The field of LoginFacts that holds each setting a method may need. */
export const FACT_OF: Partial<Record<CloudSetting, keyof LoginFacts>> = {
  username: 'username',
  user_id: 'userId',
  password: 'password',
  token: 'token',
  project_name: 'projectName',
  project_id: 'projectId',
  application_credential_id: 'applicationCredentialId',
  application_credential_name: 'applicationCredentialName',
  application_credential_secret: 'applicationCredentialSecret',
  passcode: 'passcode',
  auth_methods: 'authMethods',
};

/**
 * One requirement: the set is complete when one of `anyOf` is given (a user by name or by id), or
 * when `allOf` all are (an application credential by name needs the user as well).
 */
export type Requirement = { anyOf: CloudSetting[]; allOf?: undefined } | { allOf: Requirement[]; anyOf?: undefined };

export interface AuthMethod {
  name: 'password' | 'token' | 'v3applicationcredential' | 'v3totp' | 'v3multifactor';
  /** Its auth_type spellings (keystoneauth's entry-point names). */
  types: string[];
  /** What it needs besides the auth URL; `target` adds what a target needs (a project to act in). */
  required(facts: LoginFacts, role: 'home' | 'target'): Requirement[];
  /** Settings a person may type at a terminal when they are all that is missing. */
  promptable: CloudSetting[];
  /**
   * Of those, the ones asked for only once Keystone has answered the rest with a receipt (a
   * passcode typed after the password was checked, while it is still valid).
   */
  afterReceipt?: CloudSetting[];
  /**
   * False: Keystone refuses a scope with this method ("Application credentials cannot request a
   * scope.", keystone/auth/core.py); a project given next to it is a usage error, not dropped.
   */
  scoped: boolean;
  /** The `auth.identity` of POST /v3/auth/tokens. */
  identity(facts: LoginFacts): Record<string, unknown>;
  /**
   * Who logs in, without any secret, for the token cache's file name; undefined: never cached (a
   * token given by the user, or a login that needs a one-time passcode, which a cached token would
   * let a later call skip).
   */
  cacheIdentity(facts: LoginFacts): { user: string; project: string; method: string } | undefined;
  /** The secret a cached token was got with (only its scrypt verifier is kept). */
  cacheSecret(facts: LoginFacts): string | undefined;
}

const one = (...anyOf: CloudSetting[]): Requirement => ({ anyOf });
const USER = one('username', 'user_id');
const PROJECT = one('project_name', 'project_id');

/** python-mistralclient defaults the domain id to "default" when neither is given. */
export function domain(name: string | undefined, id: string | undefined): Record<string, string> {
  return name ? { name } : { id: id ?? 'default' };
}

function user(f: LoginFacts, secret: Record<string, string | undefined>): Record<string, unknown> {
  return f.userId ? { id: f.userId, ...secret } : { name: f.username, domain: domain(f.userDomainName, f.userDomainId), ...secret };
}

/** Who logs in, without a secret: the user's id, or its name and domain. */
export function userKey(f: LoginFacts): string {
  return f.userId ? `id:${f.userId}` : `name:${f.username}@${f.userDomainId ?? ''}/${f.userDomainName ?? ''}`;
}

function projectKey(f: LoginFacts): string {
  return f.projectId ? `id:${f.projectId}` : `name:${f.projectName ?? ''}@${f.projectDomainId ?? ''}/${f.projectDomainName ?? ''}`;
}

/**
 * Keystone's own method names (what `methods` lists and a receipt's required_auth_methods name):
 * the identity part each adds and the setting that supplies its secret, for v3multifactor and for
 * completing a login Keystone answered with a receipt.
 */
export const KEYSTONE_FACTORS: Record<string, { setting: CloudSetting; part(f: LoginFacts): unknown; what: string }> = {
  password: { setting: 'password', part: (f) => ({ user: user(f, { password: f.password }) }), what: 'the password' },
  totp: { setting: 'passcode', part: (f) => ({ user: user(f, { passcode: f.passcode }) }), what: 'a TOTP passcode' },
};

/** v3multifactor's method names (keystoneauth's loader names, or Keystone's) → Keystone's. */
const FACTOR_OF: Record<string, string> = { v3password: 'password', password: 'password', v3totp: 'totp', totp: 'totp' };

export function factorNames(f: LoginFacts): string[] {
  return (f.authMethods ?? []).map((m) => FACTOR_OF[m] ?? m);
}

/** The identity with these Keystone methods (those of a multi-factor login, or what a receipt still lacks). */
export function factorsIdentity(f: LoginFacts, factors: string[]): Record<string, unknown> {
  const identity: Record<string, unknown> = { methods: factors };
  for (const factor of factors) identity[factor] = KEYSTONE_FACTORS[factor].part(f);
  return identity;
}

export const AUTH_METHODS: AuthMethod[] = [
  {
    name: 'password',
    types: ['password', 'v3password'],
    required: (_f, role) => [USER, one('password'), ...(role === 'target' ? [PROJECT] : [])],
    promptable: ['password'],
    scoped: true,
    identity: (f) => factorsIdentity(f, ['password']),
    cacheIdentity: (f) => ({ user: userKey(f), project: projectKey(f), method: 'password' }),
    cacheSecret: (f) => f.password,
  },
  {
    name: 'token',
    types: ['token', 'v3token'],
    required: () => [one('token')],
    promptable: [],
    scoped: true,
    identity: (f) => ({ methods: ['token'], token: { id: f.token } }),
    cacheIdentity: () => undefined,
    cacheSecret: () => undefined,
  },
  {
    name: 'v3applicationcredential',
    types: ['v3applicationcredential'],
    // keystoneauth: "You must provide either an application credential ID or an application
    // credential name and user."; the project is the credential's own.
    required: (f) => [
      one('application_credential_secret'),
      f.applicationCredentialName && !f.applicationCredentialId
        ? { allOf: [one('application_credential_name'), USER] }
        : one('application_credential_id', 'application_credential_name'),
    ],
    promptable: [],
    scoped: false,
    identity: (f) => ({
      methods: ['application_credential'],
      application_credential: f.applicationCredentialId
        ? { id: f.applicationCredentialId, secret: f.applicationCredentialSecret }
        : { name: f.applicationCredentialName, user: user(f, {}), secret: f.applicationCredentialSecret },
    }),
    cacheIdentity: (f) => ({
      user: f.applicationCredentialId ? `application_credential:id:${f.applicationCredentialId}` : `application_credential:name:${f.applicationCredentialName}/${userKey(f)}`,
      project: '',
      method: 'application_credential',
    }),
    cacheSecret: (f) => f.applicationCredentialSecret,
  },
  {
    name: 'v3totp',
    types: ['v3totp'],
    required: (_f, role) => [USER, one('passcode'), ...(role === 'target' ? [PROJECT] : [])],
    promptable: ['passcode'],
    scoped: true,
    identity: (f) => factorsIdentity(f, ['totp']),
    cacheIdentity: () => undefined,
    cacheSecret: () => undefined,
  },
  {
    name: 'v3multifactor',
    types: ['v3multifactor'],
    required: (f, role) => [
      one('auth_methods'),
      USER,
      ...factorNames(f).filter((n) => KEYSTONE_FACTORS[n]).map((n) => one(KEYSTONE_FACTORS[n].setting)),
      ...(role === 'target' ? [PROJECT] : []),
    ],
    promptable: ['password', 'passcode'],
    afterReceipt: ['passcode'],
    scoped: true,
    // A factor whose secret is missing is left out: Keystone answers with a receipt, and the
    // login completes with what a person types then (src/auth/keystone.ts).
    identity: (f) => factorsIdentity(f, factorNames(f).filter((n) => f[FACT_OF[KEYSTONE_FACTORS[n].setting]!])),
    cacheIdentity: () => undefined,
    cacheSecret: () => undefined,
  },
];

/** The method an auth_type names, or undefined. */
export function methodNamed(type: string): AuthMethod | undefined {
  return AUTH_METHODS.find((m) => m.types.includes(type));
}

/**
 * The method when no auth_type is given: a token, then an application credential, else a password
 * (as OSC picks one: a token → token, a user → password).
 */
export function defaultMethod(f: LoginFacts): AuthMethod {
  if (f.token) return methodNamed('token')!;
  if (f.applicationCredentialId || f.applicationCredentialName) return methodNamed('v3applicationcredential')!;
  return methodNamed('password')!;
}

/** The v3multifactor methods this client can send. */
export function unknownFactors(f: LoginFacts): string[] {
  return (f.authMethods ?? []).filter((m) => !KEYSTONE_FACTORS[FACTOR_OF[m] ?? m]);
}
