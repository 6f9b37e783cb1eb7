// A small Keystone v3 client: password or token authentication, scoped to a project, reading the
// token from X-Subject-Token and the user, project and catalog from the body.
import { AuthError, cloudLabel, UsageError, type Cloud } from '../errors.js';
import { clientCertificateHint, describeAnswer, send, type HttpResponse, type Transport } from '../http/transport.js';
import type { CloudCredentials } from './clouds.js';
import type { CatalogEntry } from './catalog.js';

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

function domain(name: string | undefined, id: string | undefined): Record<string, string> {
  // python-mistralclient defaults the domain id to "default" when neither is given.
  return name ? { name } : { id: id ?? 'default' };
}

function projectScope(c: CloudCredentials): Record<string, unknown> | undefined {
  if (c.projectId) return { project: { id: c.projectId } };
  if (c.projectName) return { project: { name: c.projectName, domain: domain(c.projectDomainName, c.projectDomainId) } };
  return undefined;
}

function passwordBody(c: CloudCredentials): unknown {
  const user = c.userId
    ? { id: c.userId, password: c.password }
    : { name: c.username, domain: domain(c.userDomainName, c.userDomainId), password: c.password };
  const scope = projectScope(c);
  return { auth: { identity: { methods: ['password'], password: { user } }, ...(scope ? { scope } : {}) } };
}

function tokenBody(c: CloudCredentials): unknown {
  return { auth: { identity: { methods: ['token'], token: { id: c.token } }, scope: projectScope(c) } };
}

interface TokenBody {
  token?: {
    user?: { id?: string; name?: string };
    project?: { id?: string; name?: string };
    catalog?: CatalogEntry[];
    expires_at?: string;
  };
}

export async function authenticate(credentials: CloudCredentials, transport: Transport): Promise<KeystoneSession> {
  const base = identityV3Url(credentials.authUrl, credentials.cloud);
  const url = `${base}/auth/tokens`;
  const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'mistral-ts' };
  let response;
  if (credentials.token && !projectScope(credentials)) {
    // A token without a project: use it as it is and ask Keystone who it belongs to.
    response = await send(transport, { method: 'GET', url, headers: { ...headers, 'X-Auth-Token': credentials.token, 'X-Subject-Token': credentials.token } });
  } else {
    const body = credentials.token ? tokenBody(credentials) : passwordBody(credentials);
    if (credentials.token) headers['X-Auth-Token'] = credentials.token;
    // A token request may be sent again: a second token is harmless, unlike a second execution.
    response = await send(transport, { method: 'POST', url, headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body), idempotent: true });
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
  };
}

function keystoneRefusal(response: HttpResponse, credentials: CloudCredentials): string {
  let message = '';
  try {
    message = (JSON.parse(response.body) as { error?: { message?: string } }).error?.message ?? '';
  } catch {
    // not JSON: say what came back instead
  }
  const prefix = response.status === 401 ? 'Authentication failed' : 'Keystone refused the request';
  if (message) return `${prefix}: ${message} (HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''})`;
  return `${prefix}: ${describeAnswer(response)}${clientCertificateHint(response.body, credentials.cloud)}`;
}
