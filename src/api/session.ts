// The session: gathered settings → authenticated clouds → Mistral clients, with close(). It owns
// the connections: one undici Agent per cloud (the home one serves the home Keystone and Mistral,
// each target's serves only its Keystone), all authenticated concurrently, every token registered
// with the redactor. With several target clouds one home login serves them all, and the targets of
// one user at one Keystone check its password once.
import { CliError, cloudLabel, UsageError } from '../errors.js';
import type { Transport } from '../http/transport.js';
import type { Redactor } from '../text/redact.js';
import { findEndpoint, normaliseInterface, regionsOf } from '../auth/catalog.js';
import { checkHome, checkTarget, credentialsOf, promptForPasswords, type CloudCredentials, type PasswordPrompt } from '../auth/clouds.js';
import { authenticate, identityV3Url, rescope, sharedLoginKey, type KeystoneSession } from '../auth/keystone.js';
import { agentFactory, type TlsFileSetting } from '../auth/tls.js';
import { catalogToKeep, identityKey, type TokenCache } from '../auth/token-cache.js';
import { describeSource, type CloudConfig, type Configuration } from '../settings/gather.js';
import { GLOBAL_OPTIONS, describeCloudSetting } from '../settings/options.js';
import { MistralClient, type Delegation, type MistralConnection, type TargetInfo } from './client.js';

export const DEFAULT_MISTRAL_URL = 'http://localhost:8989/v2';

export interface Timeouts {
  /** Keystone requests: a silent Keystone must not hold a command for a minute. */
  keystoneMs: number;
  mistralMs: number;
  connectMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { keystoneMs: 15_000, mistralMs: 60_000, connectMs: 10_000 };

export interface SessionOptions {
  redactor: Redactor;
  /** --debug sink; absent when debugging is off. */
  debug?: (line: string) => void;
  /** One line on stderr (the caller adds the prefix and honours -q). */
  warn: (line: string) => void;
  /** Present only where a person can answer. */
  prompt?: PasswordPrompt;
  timeouts?: Timeouts;
  /** Where tokens of clouds that ask for it (--os-cache, clouds.yaml cache.auth) are kept. */
  cache?: TokenCache;
  now: () => Date;
}

export interface TargetCloud {
  credentials: CloudCredentials;
  keystone: KeystoneSession;
  /** "target cloud 'stack-b'" */
  label: string;
}

export class Session {
  private readonly clients = new Map<number, MistralClient>();
  private renewal?: Promise<string | undefined>;

  constructor(
    readonly baseUrl: string,
    public home: KeystoneSession | undefined,
    readonly targets: TargetCloud[],
    private readonly mistralTransport: Transport,
    /** Every cloud's transport (Mistral's shares the home one's dispatcher). */
    private readonly transports: Transport[],
    private readonly baseHeaders: Record<string, string>,
    private readonly targetHeaders: Array<Record<string, string>>,
    /** Logs the home cloud in again, skipping the cache (set when the home token came from it). */
    private readonly reauthenticateHome?: () => Promise<KeystoneSession>,
    /** The home cloud logged in with an application credential. */
    private readonly homeDelegation?: Delegation,
    /** The token cache's writing after the logins (TokenCache.rememberTogether), done before close() ends. */
    private readonly cacheWrites: Promise<void> = Promise.resolve(),
  ) {}

  /**
   * Mistral refused the home token with a 401. A token from the cache may have been revoked before
   * its time: log in again, once for all clients, and hand back the new token. Otherwise nothing
   * can be done about it.
   */
  private renewHomeToken(): Promise<string | undefined> {
    if (!this.reauthenticateHome || !this.home?.cached) return Promise.resolve(undefined);
    this.renewal ??= this.reauthenticateHome().then((home) => {
      this.home = home;
      this.baseHeaders['X-Auth-Token'] = home.token;
      return home.token;
    });
    return this.renewal;
  }

  /** The Mistral client for the home cloud alone, or acting on target cloud `index`. */
  client(index = this.targets.length ? 0 : -1): MistralClient {
    let client = this.clients.get(index);
    if (!client) {
      const target = index >= 0 ? this.targets[index] : undefined;
      const info: TargetInfo | undefined = target && { label: target.label, projectName: target.keystone.projectName ?? target.credentials.projectName, projectId: target.keystone.projectId };
      const connection: MistralConnection = {
        baseUrl: this.baseUrl,
        headers: { ...this.baseHeaders, ...(index >= 0 ? this.targetHeaders[index] : {}) },
        transport: this.mistralTransport,
        authenticated: Boolean(this.home || this.baseHeaders['X-Auth-Token']),
        target: info,
        // Mistral creates trusts with the token it acts with: the target's when there is one.
        delegation: target ? delegationOf(target.credentials, target.keystone) : this.homeDelegation,
        renewToken: () => this.renewHomeToken(),
      };
      client = new MistralClient(connection);
      this.clients.set(index, client);
    }
    return client;
  }

  async close(): Promise<void> {
    await this.cacheWrites;
    await Promise.all(this.transports.map((t) => t.dispatcher.close().catch(() => undefined)));
  }
}

/** A login with an application credential, for the message when Keystone refuses Mistral a trust. */
function delegationOf(credentials: CloudCredentials, keystone: KeystoneSession | undefined): Delegation | undefined {
  if (credentials.method.name !== 'v3applicationcredential') return undefined;
  return { label: cloudLabel(credentials), restricted: keystone?.applicationCredential?.restricted };
}

/** One prompt at a time: the clouds log in concurrently, and two questions cannot share a terminal. */
function oneAtATime(prompt: PasswordPrompt | undefined): PasswordPrompt | undefined {
  if (!prompt) return undefined;
  let last: Promise<unknown> = Promise.resolve();
  return (cloud, setting) => {
    const answer = last.then(() => prompt(cloud, setting));
    last = answer.catch(() => undefined);
    return answer;
  };
}

function checkVersions(config: Configuration): void {
  const get = (setting: 'mistral_version' | 'mistral_auth_type' | 'identity_api_version') => config.home.settings[setting]?.value;
  if (!(get('mistral_version') ?? '').includes('v2')) throw new CliError('Cannot determine mistral API version');
  if ((get('mistral_auth_type') ?? 'keystone') !== 'keystone') {
    throw new UsageError(`auth type '${get('mistral_auth_type')}' is not supported; only keystone is`);
  }
  const identity = get('identity_api_version');
  if (identity && !['3', '3.0', 'v3'].includes(identity.trim())) {
    throw new UsageError(`Keystone v${identity.replace(/^v/, '')} is not supported (${describeSource(config.home.settings.identity_api_version!.source)}=${identity}); use Keystone v3`);
  }
}

/** Every value of a secret option (the option table's `secret`): the program's and each cloud's. */
function rememberSecrets(config: Configuration, redactor: Redactor): void {
  for (const option of GLOBAL_OPTIONS) {
    if (!option.secret) continue;
    if (!option.cloud) redactor.add(config.program[option.key]?.value);
    else for (const cloud of [config.home, ...config.targets]) if (cloud.role === option.cloud && option.setting) redactor.add(cloud.settings[option.setting]?.value);
  }
}

/** Where a TLS file setting came from, for "cannot read ... given by ...". */
function givenBy(config: CloudConfig): (setting: TlsFileSetting) => string {
  return (setting) => {
    const source = config.settings[setting]?.source;
    return !source || source.kind === 'flag' || source.kind === 'env' ? describeCloudSetting(config.role, setting) : describeSource(source);
  };
}

async function transportFor(credentials: CloudCredentials, config: CloudConfig, options: SessionOptions, timeoutMs: number): Promise<Transport> {
  const label = cloudLabel(credentials);
  const connectMs = (options.timeouts ?? DEFAULT_TIMEOUTS).connectMs;
  const newAgent = await agentFactory(credentials.tls, label, givenBy(config), connectMs);
  return { cloud: credentials.cloud, label, dispatcher: newAgent(), newDispatcher: newAgent, redactor: options.redactor, debug: options.debug, timeoutMs };
}

export async function openSession(config: Configuration, given: SessionOptions): Promise<Session> {
  const options = { ...given, prompt: oneAtATime(given.prompt) };
  checkVersions(config);
  rememberSecrets(config, options.redactor);
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  const canPrompt = Boolean(options.prompt);
  const targets = config.targets.map((target) => {
    const credentials = credentialsOf(target);
    checkTarget(credentials, canPrompt);
    return credentials;
  });
  const homeCloud = credentialsOf(config.home);
  // Undefined without an auth URL: unauthenticated, as python-mistralclient talks to a Mistral without Keystone.
  const homeCredentials = checkHome(homeCloud, canPrompt);
  // Validate every URL before any request goes out, and ask for passwords only then.
  if (homeCredentials) identityV3Url(homeCredentials.authUrl, 'home');
  for (const target of targets) identityV3Url(target.authUrl, 'target');
  await promptForPasswords([...(homeCredentials ? [homeCredentials] : []), ...targets], options.prompt);
  for (const cloud of [homeCredentials, ...targets]) options.redactor.add(cloud?.password);
  for (const cloud of [homeCredentials, ...targets]) options.redactor.add(cloud?.passcode);

  if (homeCloud.tls.insecure) options.warn('TLS certificate verification is disabled for the home cloud (--insecure)');
  for (const target of targets) if (target.tls.insecure) options.warn(`TLS certificate verification is disabled for the ${cloudLabel(target)} (--os-target-insecure)`);

  const homeTransport = await transportFor(homeCloud, config.home, options, timeouts.keystoneMs);
  const targetTransports = await Promise.all(targets.map((target, i) => transportFor(target, config.targets[i], options, timeouts.keystoneMs)));
  const transports = [homeTransport, ...targetTransports];

  const serviceType = config.home.settings.service_type?.value ?? 'workflowv2';
  // One password check for all the clouds whose tokens are cached, where it can be (README "Token cache").
  options.cache?.plan([homeCredentials, ...targets].filter(keepsTokens));
  const login = (credentials: CloudCredentials, transport: Transport, fresh = false, from?: Promise<KeystoneSession>) => obtainToken(credentials, transport, options, serviceType, fresh, from);
  // Clouds whose logins differ only in their project: the first logs in, the others rescope its token.
  const firstLogins = new Map<string, Promise<KeystoneSession>>();
  const loginOnce = (credentials: CloudCredentials, transport: Transport) => {
    const key = sharedLoginKey(credentials);
    const first = key === undefined ? undefined : firstLogins.get(key);
    const session = login(credentials, transport, false, first);
    if (key !== undefined && !first) firstLogins.set(key, session);
    return session;
  };
  let home: KeystoneSession | undefined;
  let targetSessions: KeystoneSession[];
  try {
    [home, ...targetSessions] = await Promise.all([
      homeCredentials ? loginOnce(homeCredentials, homeTransport) : undefined,
      ...targets.map((target, i) => loginOnce(target, targetTransports[i])),
    ]) as [KeystoneSession | undefined, ...KeystoneSession[]];
    targets.forEach((target, i) => checkTargetRegion(target, targetSessions[i]));
  } catch (error) {
    await Promise.all(transports.map((t) => t.dispatcher.close().catch(() => undefined)));
    throw error;
  }

  const homeSettings = config.home.settings;
  const baseUrl = (homeSettings.mistral_url?.value || (home ? mistralFromCatalog(home, config) : DEFAULT_MISTRAL_URL)).replace(/\/+$/, '');
  const targetClouds = targets.map((credentials, i) => ({ credentials, keystone: targetSessions[i], label: cloudLabel(credentials) }));
  // Mistral shares the home cloud's connections, with its own (longer) request timeout.
  const mistralTransport = { ...homeTransport, timeoutMs: timeouts.mistralMs };
  const reauthenticate = homeCredentials ? () => login(homeCredentials, homeTransport, true) : undefined;
  const homeDelegation = homeCredentials ? delegationOf(homeCredentials, home) : undefined;
  // Concurrent with the command's requests; a failure to write is a warning (TokenCache.writePrivate).
  const cacheWrites = (options.cache?.rememberTogether() ?? Promise.resolve()).catch((error: Error) => options.warn(`could not write the token cache: ${error.message}`));
  return new Session(baseUrl, home, targetClouds, mistralTransport, transports, baseHeaders(config, home), targetClouds.map(targetHeaders), reauthenticate, homeDelegation, cacheWrites);
}

/**
 * A cloud's token: from the cache when the cloud asks for it and a token with life left is there
 * (no request at all), else from its Keystone (then kept): rescoped from `from`, the login of
 * another cloud of the same user and password (src/auth/keystone.ts sharedLoginKey), where Keystone
 * allows it, else with its own password. `fresh` skips the cache and replaces what it held (after
 * Mistral refused a cached token).
 */
async function obtainToken(credentials: CloudCredentials, transport: Transport, options: SessionOptions, serviceType: string, fresh: boolean, from?: Promise<KeystoneSession>): Promise<KeystoneSession> {
  const cache = keepsTokens(credentials) ? options.cache : undefined;
  if (cache) {
    if (fresh) cache.forget(credentials);
    const cached = fresh ? undefined : await cache.read(credentials, options.now());
    if (cached) {
      options.redactor.add(cached.token);
      options.debug?.(`TOKEN: the ${cloudLabel(credentials)} token comes from the cache (expires ${cached.expiresAt})`);
      return cached;
    }
  }
  // The first login's failure is this one's too (the same password): nothing more is sent.
  const first = from && await from;
  const session = (first && await rescope(first, credentials, transport)) || await authenticate(credentials, transport, options.prompt);
  if (cache) await cache.write(credentials, session, catalogToKeep(session.catalog, serviceType));
  return session;
}

/** A cloud whose tokens the cache keeps: it asks for it, and logs in in a way the cache can identify (not with a given token or a passcode). */
function keepsTokens(credentials: CloudCredentials | undefined): credentials is CloudCredentials {
  return Boolean(credentials?.cache && identityKey(credentials));
}

/** A target region must be one the target token's catalog knows (an unknown one was silently accepted). */
function checkTargetRegion(target: CloudCredentials, session: KeystoneSession): void {
  const known = regionsOf(session.catalog);
  if (!target.regionName || known.length === 0 || known.includes(target.regionName)) return;
  throw new UsageError(`the ${cloudLabel(target)} has no region '${target.regionName}'; its catalog knows ${known.join(', ')} (${describeCloudSetting('target', 'region_name')})`);
}

function mistralFromCatalog(home: KeystoneSession, config: Configuration): string {
  const get = (setting: 'service_type' | 'endpoint_type' | 'interface' | 'region_name') => config.home.settings[setting]?.value;
  return findEndpoint(home.catalog, {
    serviceType: get('service_type') || 'workflowv2',
    interface: normaliseInterface(get('endpoint_type') || get('interface')),
    region: get('region_name') || undefined,
  });
}

function baseHeaders(config: Configuration, home: KeystoneSession | undefined): Record<string, string> {
  const settings = config.home.settings;
  // Accept */* as python-mistralclient sends: Mistral answers a text/plain upload that asks for JSON with 406.
  const headers: Record<string, string> = { 'User-Agent': 'mistral-ts', Accept: '*/*' };
  if (home) {
    headers['X-Auth-Token'] = home.token;
  } else {
    // Unauthenticated (or token pass-through) mode, as python-mistralclient's plain session.
    if (settings.token?.value) headers['X-Auth-Token'] = settings.token.value;
    if (settings.project_id?.value) headers['X-Project-Id'] = settings.project_id.value;
    if (settings.user_id?.value) headers['X-User-Id'] = settings.user_id.value;
  }
  if (settings.region_name?.value) headers['X-Region-Name'] = settings.region_name.value;
  return headers;
}

/** The X-Target-* set the server reads in mistral/context.py. */
function targetHeaders({ credentials, keystone }: TargetCloud): Record<string, string> {
  const headers: Record<string, string> = {};
  const put = (name: string, value: string | undefined) => {
    if (value) headers[name] = value;
  };
  put('X-Target-Auth-Token', keystone.token);
  put('X-Target-Auth-Uri', keystone.identityUrl);
  put('X-Target-Project-Id', keystone.projectId);
  put('X-Target-User-Id', keystone.userId);
  put('X-Target-User-Name', keystone.userName);
  put('X-Target-Region-Name', credentials.regionName);
  put('X-Target-User-Domain-Name', credentials.userDomainName);
  put('X-Target-Project-Domain-Name', credentials.projectDomainName);
  // The server accepts exactly "True" or "False" (anything else is a 500); absent means False.
  if (credentials.tls.insecure) headers['X-Target-Insecure'] = 'True';
  return headers;
}
