// Turns settings into a ready connection to Mistral: both clouds authenticated concurrently, the
// Mistral URL found, and the headers every Mistral request carries (X-Auth-Token, X-Region-Name
// and, with a target, the X-Target-* set the server reads in mistral/context.py).
import { CliError, UsageError, type Cloud } from '../errors.js';
import type { Transport } from '../api/transport.js';
import type { Redactor } from '../output/redact.js';
import { findEndpoint, normaliseInterface } from './catalog.js';
import { homeCloud, targetCloud, tlsOf, type CloudCredentials } from './clouds.js';
import { authenticate, identityV3Url, type KeystoneSession } from './keystone.js';
import { GLOBAL_OPTIONS } from './options.js';
import type { Settings } from './settings.js';
import { createAgent, type TlsSettings } from './tls.js';

export const DEFAULT_MISTRAL_URL = 'http://localhost:8989/v2';
const TIMEOUT_MS = 60_000;

export interface MistralConnection {
  baseUrl: string;
  /** Sent on every Mistral request, GETs included: a target execution belongs to the target project. */
  headers: Record<string, string>;
  transport: Transport;
  home?: KeystoneSession;
  target?: KeystoneSession;
}

export interface ConnectOptions {
  redactor: Redactor;
  debug?: (line: string) => void;
}

function checkVersions(settings: Settings): void {
  if (!(settings.mistralVersion ?? '').includes('v2')) throw new CliError('Cannot determine mistral API version');
  if ((settings.authType ?? 'keystone') !== 'keystone') {
    throw new UsageError(`auth type '${settings.authType}' is not supported; only keystone is`);
  }
  const identity = settings.identityApiVersion;
  if (identity && !['3', '3.0', 'v3'].includes(identity.trim())) {
    throw new UsageError(`Keystone v${identity.replace(/^v/, '')} is not supported (OS_IDENTITY_API_VERSION=${identity}); use Keystone v3`);
  }
}

function rememberSecrets(settings: Settings, redactor: Redactor): void {
  for (const option of GLOBAL_OPTIONS) if (option.secret) redactor.add(settings[option.key]);
}

async function transportFor(tls: TlsSettings, cloud: Cloud, options: ConnectOptions): Promise<Transport> {
  return { cloud, dispatcher: await createAgent(tls, cloud), redactor: options.redactor, debug: options.debug, timeoutMs: TIMEOUT_MS };
}

export async function connect(settings: Settings, options: ConnectOptions): Promise<MistralConnection> {
  checkVersions(settings);
  rememberSecrets(settings, options.redactor);
  const targetCredentials = targetCloud(settings);
  const homeCredentials = homeCloud(settings);
  // Validate both URLs before any request goes out.
  if (homeCredentials) identityV3Url(homeCredentials.authUrl, 'home');
  if (targetCredentials) identityV3Url(targetCredentials.authUrl, 'target');

  const homeTransport = await transportFor(tlsOf(settings, 'home'), 'home', options);
  const targetTransport = targetCredentials ? await transportFor(targetCredentials.tls, 'target', options) : undefined;

  let home: KeystoneSession | undefined;
  let target: KeystoneSession | undefined;
  try {
    [home, target] = await Promise.all([
      homeCredentials ? authenticate(homeCredentials, homeTransport) : undefined,
      targetCredentials && targetTransport ? authenticate(targetCredentials, targetTransport) : undefined,
    ]);
  } catch (error) {
    await homeTransport.dispatcher.close();
    throw error;
  } finally {
    // The target Keystone is only needed for its token.
    await targetTransport?.dispatcher.close();
  }

  const baseUrl = (settings.mistralUrl || (home ? mistralFromCatalog(home, settings) : DEFAULT_MISTRAL_URL)).replace(/\/+$/, '');
  return { baseUrl, headers: mistralHeaders(settings, home, target, targetCredentials), transport: homeTransport, home, target };
}

function mistralFromCatalog(home: KeystoneSession, settings: Settings): string {
  return findEndpoint(home.catalog, {
    serviceType: settings.serviceType || 'workflowv2',
    interface: normaliseInterface(settings.endpointType || settings.interface),
    region: settings.regionName || undefined,
  });
}

function mistralHeaders(settings: Settings, home: KeystoneSession | undefined, target: KeystoneSession | undefined, targetCredentials: CloudCredentials | undefined): Record<string, string> {
  // Accept */* as python-mistralclient sends: Mistral answers a text/plain upload that asks for JSON with 406.
  const headers: Record<string, string> = { 'User-Agent': 'mistral-ts', Accept: '*/*' };
  if (home) {
    headers['X-Auth-Token'] = home.token;
  } else {
    // Unauthenticated (or token pass-through) mode, as python-mistralclient's plain session.
    if (settings.authToken) headers['X-Auth-Token'] = settings.authToken;
    if (settings.projectId) headers['X-Project-Id'] = settings.projectId;
    if (settings.userId) headers['X-User-Id'] = settings.userId;
  }
  if (settings.regionName) headers['X-Region-Name'] = settings.regionName;
  if (target && targetCredentials) {
    const put = (name: string, value: string | undefined) => {
      if (value) headers[name] = value;
    };
    put('X-Target-Auth-Token', target.token);
    put('X-Target-Auth-Uri', target.identityUrl);
    put('X-Target-Project-Id', target.projectId);
    put('X-Target-User-Id', target.userId);
    put('X-Target-User-Name', target.userName);
    put('X-Target-Region-Name', targetCredentials.regionName);
    put('X-Target-User-Domain-Name', targetCredentials.userDomainName);
    put('X-Target-Project-Domain-Name', targetCredentials.projectDomainName);
    // The server accepts exactly "True" or "False" (anything else is a 500); absent means False.
    if (targetCredentials.tls.insecure) headers['X-Target-Insecure'] = 'True';
  }
  return headers;
}
