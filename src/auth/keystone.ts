// A small Keystone v3 client: the identity of the cloud's auth method (src/auth/methods.ts), scoped
// to a project where the method allows one, reading the token from X-Subject-Token and the user,
// project and catalog from the body. A 401 with an Openstack-Auth-Receipt (a user whose multi-factor
// rules the methods sent do not yet satisfy) is completed with the factors Keystone still lacks.
// Clouds whose password logins differ only in their project log in once: the others get their
// tokens by rescoping that one (sharedLoginKey, rescope).
import { AuthError, cloudLabel, UsageError, type Cloud } from '../errors.js';
import { describeCloudSetting } from '../settings/options.js';
import { clientCertificateHint, describeAnswer, send, type HttpResponse, type Transport } from '../http/transport.js';
import { type CloudCredentials, type PasswordPrompt, type PromptedSetting } from './clouds.js';
import type { CatalogEntry } from './catalog.js';
import { domain, FACT_OF, factorsIdentity, KEYSTONE_FACTORS, methodNamed, userKey } from './methods.js';
import { tlsIdentity } from './tls.js';

export interface KeystoneSession {
  cloud: Cloud;
  token: string;
  userId?: string;
  userName?: string;
  projectId?: string;
  projectName?: string;
  catalog: CatalogEntry[];
  /** When Keystone says the token ends (ISO 8601), if it says. */
  expiresAt?: string;
  /** Came from the token cache, not from Keystone just now. */
  cached?: boolean;
  /** The versioned identity URL with a trailing slash, as python-mistralclient's discovery reports it. */
  identityUrl: string;
  /** Got with an application credential (Keystone's token body says so, and whether it is restricted). */
  applicationCredential?: { id?: string; name?: string; restricted?: boolean };
  /** A second factor was typed or given after a receipt: such a token is never cached. */
  multiFactor?: boolean;
}

/** `http://h:5000`, `http://h:5000/`, `http://h:5000/v3/` all become `http://h:5000/v3`. */
export function identityV3Url(authUrl: string, cloud: Cloud): string {
  const trimmed = authUrl.trim().replace(/\/+$/, '');
  if (!/^https?:\/\//i.test(trimmed)) {
    throw new UsageError(`the ${cloud} cloud auth URL '${authUrl}' is not an http(s) URL`);
  }
  if (/\/v2\.0$/.test(trimmed)) {
    throw new UsageError(`Keystone v2.0 is not supported (${cloud} cloud auth URL ${authUrl}); use the Keystone v3 URL`);
  }
  return /\/v3$/.test(trimmed) ? trimmed : `${trimmed}/v3`;
}

function projectScope(c: CloudCredentials): Record<string, unknown> | undefined {
  if (!c.method.scoped) return undefined;
  if (c.projectId) return { project: { id: c.projectId } };
  if (c.projectName) return { project: { name: c.projectName, domain: domain(c.projectDomainName, c.projectDomainId) } };
  return undefined;
}

function tokenRequestBody(c: CloudCredentials, identity: Record<string, unknown>): string {
  const scope = projectScope(c);
  return JSON.stringify({ auth: { identity, ...(scope ? { scope } : {}) } });
}

/**
 * What the password logins of two clouds share when only their projects (or regions) differ: the
 * Keystone, the user, the password and the TLS settings. Undefined for a cloud without a project
 * (its token is another kind) and for any other method: an application credential carries its own
 * project, and a token or passcode given is the user's to spend.
 */
export function sharedLoginKey(c: CloudCredentials): string | undefined {
  if (c.method.name !== 'password' || !c.password || !projectScope(c)) return undefined;
  return JSON.stringify([identityV3Url(c.authUrl, c.cloud), userKey(c), c.password, tlsIdentity(c.tls)]);
}

const TOKEN_METHOD = methodNamed('token')!;

/**
 * The cloud's project token made from `from`, a token of the same user at the same Keystone
 * (sharedLoginKey), with Keystone's token method, as Horizon switches a user's project: one run
 * that acts in 16 projects has its password checked once (bcrypt: a password login took Keystone
 * about 250 ms of CPU at its default cost, bench/RESULTS-keystone-cost.md), and a wrong password
 * counts once toward a lockout ([security_compliance] lockout_failure_attempts). The new token
 * ends when `from` does, and inherits its factors: one got after a second factor is never cached
 * either. Undefined where Keystone refuses it (any refusal: a 403 where [token]
 * allow_rescope_scoped_token is false, a 401 for a project the user has no role in, a cached token
 * revoked since); the caller then logs in with the password, whose answer says why.
 */
export async function rescope(from: KeystoneSession, credentials: CloudCredentials, transport: Transport): Promise<KeystoneSession | undefined> {
  try {
    const session = await authenticate({ ...credentials, method: TOKEN_METHOD, token: from.token }, transport);
    return { ...session, multiFactor: from.multiFactor };
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    // Redacted: Keystone's 404 names the token it could not find.
    transport.debug?.(`TOKEN: the ${cloudLabel(credentials)} could not rescope its user's token (${transport.redactor.text(error.message)}); logging in with the password`);
    return undefined;
  }
}

interface TokenBody {
  token?: {
    user?: { id?: string; name?: string };
    project?: { id?: string; name?: string };
    catalog?: CatalogEntry[];
    expires_at?: string;
    application_credential?: { id?: string; name?: string; restricted?: boolean };
  };
}

/** Keystone's 401 for a user whose multi-factor rules are not yet met (keystone/receipt/handlers.py). */
interface ReceiptBody {
  receipt?: { methods?: string[] };
  required_auth_methods?: string[][];
}

/** How many receipts one login may go through: each adds a factor, and Keystone knows two. */
const MAX_RECEIPTS = 3;

/**
 * Logs in. `prompt`, where a person can answer, supplies a factor Keystone asks for in a receipt
 * that the settings do not hold.
 */
export async function authenticate(credentials: CloudCredentials, transport: Transport, prompt?: PasswordPrompt): Promise<KeystoneSession> {
  const base = identityV3Url(credentials.authUrl, credentials.cloud);
  const url = `${base}/auth/tokens`;
  const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'mistral-ts' };
  let response;
  let multiFactor = false;
  if (credentials.method.name === 'token' && !projectScope(credentials)) {
    // A token without a project: use it as it is and ask Keystone who it belongs to.
    response = await send(transport, { method: 'GET', url, headers: { ...headers, 'X-Auth-Token': credentials.token!, 'X-Subject-Token': credentials.token! } });
  } else {
    const post = (identity: Record<string, unknown>, extra: Record<string, string> = {}) =>
      // A token request may be sent again: a second token is harmless, unlike a second execution.
      send(transport, { method: 'POST', url, headers: { ...headers, ...extra, 'Content-Type': 'application/json' }, body: tokenRequestBody(credentials, identity), idempotent: true });
    response = await post(credentials.method.identity(credentials), credentials.method.name === 'token' ? { 'X-Auth-Token': credentials.token! } : {});
    for (let round = 0; round < MAX_RECEIPTS && response.status === 401 && response.headers['openstack-auth-receipt']; round++) {
      const receipt = response.headers['openstack-auth-receipt'];
      transport.redactor.add(receipt);
      const factors = await missingFactors(credentials, response, url, transport, prompt);
      multiFactor = true;
      response = await post(factorsIdentity(credentials, factors), { 'Openstack-Auth-Receipt': receipt });
    }
  }
  if (response.status !== 200 && response.status !== 201) {
    throw new AuthError(`${keystoneRefusal(response, credentials)} (${cloudLabel(credentials)} Keystone at ${url})`, credentials.cloud);
  }
  const token = response.headers['x-subject-token'];
  if (!token) {
    throw new AuthError(`the ${cloudLabel(credentials)} Keystone at ${url} answered without an X-Subject-Token header: ${describeAnswer(response)}`, credentials.cloud);
  }
  transport.redactor.add(token);
  let parsed: TokenBody;
  try {
    parsed = JSON.parse(response.body) as TokenBody;
  } catch {
    throw new AuthError(`the ${cloudLabel(credentials)} Keystone at ${url} answered with a body that is not JSON: ${describeAnswer(response)}`, credentials.cloud);
  }
  return {
    cloud: credentials.cloud,
    token,
    userId: parsed.token?.user?.id,
    userName: parsed.token?.user?.name,
    projectId: parsed.token?.project?.id,
    projectName: parsed.token?.project?.name,
    catalog: parsed.token?.catalog ?? [],
    expiresAt: parsed.token?.expires_at,
    identityUrl: `${base}/`,
    applicationCredential: parsed.token?.application_credential,
    multiFactor,
  };
}

/**
 * The factors a receipt says are still needed, with their secrets filled in from the settings or,
 * on a terminal, typed by a person; without either, one line naming the factor and its flag.
 */
async function missingFactors(credentials: CloudCredentials, response: HttpResponse, url: string, transport: Transport, prompt: PasswordPrompt | undefined): Promise<string[]> {
  let body: ReceiptBody = {};
  try {
    body = JSON.parse(response.body) as ReceiptBody;
  } catch {
    // handled below: no rules to follow
  }
  const done = body.receipt?.methods ?? [];
  const rules = (body.required_auth_methods ?? []).map((rule) => rule.filter((m) => !done.includes(m))).filter((rule) => rule.length);
  // The rule that asks for the fewest factors this client knows how to send.
  const rule = rules.filter((r) => r.every((m) => KEYSTONE_FACTORS[m])).sort((a, b) => a.length - b.length)[0];
  const label = cloudLabel(credentials);
  if (!rule) {
    const asked = rules.map((r) => r.join('+')).join(' or ') || 'nothing this client can read';
    throw new AuthError(`the ${label} Keystone at ${url} asks for more authentication methods (${asked}) than this client can send (password, totp)`, credentials.cloud);
  }
  for (const factor of rule) {
    const setting = KEYSTONE_FACTORS[factor].setting as PromptedSetting;
    const field = FACT_OF[setting] as PromptedSetting;
    if (credentials[field]) continue;
    if (!prompt) {
      throw new UsageError(`the ${label} Keystone at ${url} asks for a second factor, ${factor} (${KEYSTONE_FACTORS[factor].what}), after ${done.join('+') || 'the first'}: give it with ${describeCloudSetting(credentials.cloud, setting)}, or run on a terminal to be asked for it`);
    }
    const answer = await prompt(credentials, setting);
    if (!answer) throw new UsageError(`no ${setting} entered for the ${label}`);
    transport.redactor.add(answer);
    credentials[field] = answer;
  }
  return rule;
}

function keystoneRefusal(response: HttpResponse, credentials: CloudCredentials): string {
  let message = '';
  try {
    message = (JSON.parse(response.body) as { error?: { message?: string } }).error?.message ?? '';
  } catch {
    // not JSON: say what came back instead
  }
  const prefix = response.status === 401 ? 'Authentication failed' : 'Keystone refused the request';
  if (response.status === 404 && credentials.method.name === 'v3applicationcredential' && credentials.applicationCredentialId) {
    // Keystone looks an id up before it checks the secret: an id it does not know is a 404.
    return `${prefix}: the ${cloudLabel(credentials)} has no application credential ${credentials.applicationCredentialId}: it was deleted (or belongs to another cloud); create a new one (${message || describeAnswer(response)}, HTTP 404)`;
  }
  if (response.status === 401 && credentials.method.name === 'v3applicationcredential') {
    // Keystone gives one answer for a wrong secret and an expired credential
    // (keystone/application_credential/backends/sql.py authenticate()).
    const which = credentials.applicationCredentialId ? `application credential ${credentials.applicationCredentialId}` : `application credential '${credentials.applicationCredentialName}' of user ${credentials.userId ?? credentials.username}`;
    return `${prefix}: the ${cloudLabel(credentials)} refused ${which}: it has expired, or the secret is wrong (Keystone does not say which; 'openstack application credential show' on that cloud tells); create a new one or fix the secret (${message || describeAnswer(response)}, HTTP 401)`;
  }
  if (message) return `${prefix}: ${message} (HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''})`;
  return `${prefix}: ${describeAnswer(response)}${clientCertificateHint(response.body, credentials.cloud)}`;
}
