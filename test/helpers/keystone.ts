// A fake Keystone v3: password, token, application credential and TOTP authentication scoped to a
// project (by id, or by name plus domain name or id), multi-factor rules answered with a receipt
// (keystone/receipt/handlers.py), rescoping a token (refused, as [token] allow_rescope_scoped_token =
// false makes Keystone refuse it, with allowRescopeScopedToken false), token introspection, version
// discovery, and Keystone's own 401 body.
// Tokens are long and random and registered with the secrets scan as they are issued.
import { randomBytes } from 'node:crypto';
import { registerSecret } from './secrets.js';
import { startServer, type FakeServer, type RecordedRequest, type Reply, type TlsIdentity } from './server.js';

export interface Domain {
  id: string;
  name: string;
}

export interface User {
  id: string;
  name: string;
  domain: Domain;
  password: string;
  /** The passcode its TOTP credential accepts (a fixed one: the real stack computes RFC 6238 ones). */
  passcode?: string;
  /** Keystone's multi_factor_auth_rules: a login must satisfy one of them, else a receipt. */
  mfaRules?: string[][];
}

export interface ApplicationCredential {
  id: string;
  name: string;
  userId: string;
  secret: string;
  projectId: string;
  restricted?: boolean;
}

export interface Project {
  id: string;
  name: string;
  domain: Domain;
}

export interface CatalogEndpoint {
  id: string;
  interface: string;
  region: string;
  region_id: string;
  url: string;
}

export interface CatalogService {
  id: string;
  type: string;
  name: string;
  endpoints: CatalogEndpoint[];
}

export interface KeystoneOptions {
  name: string;
  domains: Domain[];
  users: User[];
  projects: Project[];
  catalog?: CatalogService[];
  tls?: TlsIdentity;
  /** Delay every token answer (to prove home and target authenticate concurrently). */
  delayMs?: number;
  applicationCredentials?: ApplicationCredential[];
}

interface IssuedToken {
  user: User;
  project?: Project;
  methods: string[];
  applicationCredential?: ApplicationCredential;
}

export interface FakeKeystone extends FakeServer {
  /** The auth URL a user would give: `<url>/v3`. */
  authUrl: string;
  /** Every token this Keystone has issued, newest last. */
  issued: string[];
  /** Issue a token directly (e.g. one a user already holds), scoped to `projectName` if given. */
  issueToken(userName: string, projectName?: string): string;
  tokenInfo(token: string): IssuedToken | undefined;
  /** Token requests only: POST and GET /v3/auth/tokens. */
  tokenRequests(): RecordedRequest[];
  /** The catalog in every project-scoped token from now on. */
  setCatalog(catalog: CatalogService[]): void;
  delayMs: number;
  /** Keystone's [token] allow_rescope_scoped_token (default true): false refuses a project token for another project. */
  allowRescopeScopedToken: boolean;
}

export const UNAUTHORIZED_BODY = {
  error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' },
};

function newToken(): string {
  // Fernet tokens are ~180 characters of urlsafe base64 starting with gAAAAA.
  return `gAAAAAB${randomBytes(132).toString('base64url')}`;
}

export async function startKeystone(options: KeystoneOptions): Promise<FakeKeystone> {
  const tokens = new Map<string, IssuedToken>();
  const receipts = new Map<string, { user: User; methods: string[] }>();
  const issued: string[] = [];
  let catalog = options.catalog ?? [];
  let self: FakeKeystone;

  const findDomain = (ref: { id?: string; name?: string } | undefined) =>
    options.domains.find((d) => (ref?.id !== undefined ? d.id === ref.id : d.name === ref?.name));

  const issue = (info: IssuedToken): string => {
    const token = newToken();
    registerSecret(token, `${options.name} token`);
    tokens.set(token, info);
    issued.push(token);
    return token;
  };

  const tokenBody = (info: IssuedToken) => ({
    token: {
      methods: info.methods,
      user: { id: info.user.id, name: info.user.name, domain: info.user.domain, password_expires_at: null },
      ...(info.applicationCredential ? { application_credential: { id: info.applicationCredential.id, name: info.applicationCredential.name, restricted: info.applicationCredential.restricted ?? true } } : {}),
      ...(info.project ? { project: { id: info.project.id, name: info.project.name, domain: info.project.domain }, catalog, roles: [{ id: 'r-member', name: 'member' }] } : {}),
      audit_ids: [randomBytes(8).toString('base64url')],
      expires_at: '2099-01-01T00:00:00.000000Z',
      issued_at: '2024-01-01T00:00:00.000000Z',
    },
  });

  const unauthorized = (): Reply => ({ status: 401, body: UNAUTHORIZED_BODY, headers: { 'WWW-Authenticate': `Keystone uri="${self.url}/v3"` } });
  const delayed = (reply: Reply): Reply => ({ ...reply, delayMs: self.delayMs });

  const handler = (req: RecordedRequest): Reply => {
    const path = req.path.replace(/\/+$/, '');
    if (req.method === 'GET' && (path === '' || path === '/')) {
      return { status: 300, body: { versions: { values: [{ id: 'v3.14', status: 'stable', links: [{ rel: 'self', href: `${self.url}/v3/` }] }] } } };
    }
    if (req.method === 'GET' && path === '/v3') {
      return { status: 200, body: { version: { id: 'v3.14', status: 'stable', links: [{ rel: 'self', href: `${self.url}/v3/` }] } } };
    }
    if (path !== '/v3/auth/tokens') return { status: 404, body: { error: { code: 404, message: `The resource could not be found.`, title: 'Not Found' } } };

    if (req.method === 'GET') {
      const caller = tokens.get(req.headers['x-auth-token'] ?? '');
      const subject = tokens.get(req.headers['x-subject-token'] ?? '');
      if (!caller) return delayed(unauthorized());
      if (!subject) return delayed({ status: 404, body: { error: { code: 404, message: 'Could not find token.', title: 'Not Found' } } });
      return delayed({ status: 200, headers: { 'X-Subject-Token': req.headers['x-subject-token'] }, body: tokenBody(subject) });
    }
    if (req.method !== 'POST') return { status: 405, body: { error: { code: 405, message: 'Method not allowed', title: 'Method Not Allowed' } } };

    let auth: {
      identity?: {
        methods?: string[];
        password?: { user?: { id?: string; name?: string; password?: string; domain?: { id?: string; name?: string } } };
        totp?: { user?: { id?: string; name?: string; passcode?: string; domain?: { id?: string; name?: string } } };
        token?: { id?: string };
        application_credential?: { id?: string; name?: string; secret?: string; user?: { id?: string; name?: string; domain?: { id?: string; name?: string } } };
      };
      scope?: { project?: { id?: string; name?: string; domain?: { id?: string; name?: string } } };
    };
    try {
      auth = (JSON.parse(req.body) as { auth: typeof auth }).auth;
    } catch {
      return delayed({ status: 400, body: { error: { code: 400, message: 'Expecting to find auth in request body.', title: 'Bad Request' } } });
    }
    const methods = auth?.identity?.methods ?? [];
    const findUser = (u: { id?: string; name?: string; domain?: { id?: string; name?: string } } | undefined) =>
      u?.id ? options.users.find((x) => x.id === u.id) : options.users.find((x) => x.name === u?.name && x.domain === findDomain(u?.domain));
    let user: User | undefined;
    let applicationCredential: ApplicationCredential | undefined;
    // A receipt carries the methods already satisfied (only its user may complete it).
    const receipt = receipts.get(req.headers['openstack-auth-receipt'] ?? '');
    const done = new Set(receipt?.methods ?? []);
    if (req.headers['openstack-auth-receipt'] && !receipt) return delayed({ status: 401, body: { error: { code: 401, message: 'The receipt could not be found.', title: 'Unauthorized' } } });
    if (methods.includes('application_credential')) {
      if (auth.scope) return delayed({ status: 401, body: { error: { code: 401, message: 'Error when authenticating with application credential: Application credentials cannot request a scope.', title: 'Unauthorized' } } });
      const a = auth.identity?.application_credential;
      const owner = a?.id ? undefined : findUser(a?.user);
      applicationCredential = (options.applicationCredentials ?? []).find((c) => (a?.id ? c.id === a.id : c.name === a?.name && c.userId === owner?.id));
      if (!applicationCredential || applicationCredential.secret !== a?.secret) return delayed({ status: 401, body: { error: { code: 401, message: 'Invalid application credential ID or secret', title: 'Unauthorized' } } });
      user = options.users.find((x) => x.id === applicationCredential!.userId);
      done.add('application_credential');
    } else if (methods.includes('token')) {
      const held = tokens.get(auth.identity?.token?.id ?? '');
      if (!held) return delayed(unauthorized());
      // keystone/auth/plugins/token.py: ForbiddenAction(action='rescope a scoped token').
      if (held.project && !self.allowRescopeScopedToken) return delayed({ status: 403, body: { error: { code: 403, message: 'You are not authorized to perform the requested action: rescope a scoped token.', title: 'Forbidden' } } });
      user = held.user;
      done.add('token');
    } else if (methods.includes('password') || methods.includes('totp')) {
      if (methods.includes('password')) {
        const u = auth.identity?.password?.user;
        user = findUser(u);
        if (!user || user.password !== u?.password) return delayed(unauthorized());
        done.add('password');
      }
      if (methods.includes('totp')) {
        const u = auth.identity?.totp?.user;
        const totpUser = findUser(u);
        if (!totpUser || !totpUser.passcode || totpUser.passcode !== u?.passcode || (user && user !== totpUser)) return delayed({ status: 401, body: { error: { code: 401, message: 'Invalid username or TOTP passcode', title: 'Unauthorized' } } });
        user = totpUser;
        done.add('totp');
      }
    } else {
      return delayed(unauthorized());
    }
    if (receipt && receipt.user !== user) return delayed(unauthorized());
    if (user?.mfaRules?.length && !methods.includes('token') && !user.mfaRules.some((rule) => rule.every((m) => done.has(m)))) {
      const id = newToken();
      registerSecret(id, `${options.name} receipt`);
      receipts.set(id, { user: user!, methods: [...done] });
      return delayed({
        status: 401,
        headers: { 'Openstack-Auth-Receipt': id },
        body: { receipt: { methods: [...done], user: { id: user!.id, name: user!.name, domain: user!.domain }, expires_at: '2099-01-01T00:05:00.000000Z', issued_at: '2024-01-01T00:00:00.000000Z' }, required_auth_methods: user!.mfaRules },
      });
    }
    let project: Project | undefined;
    const p = auth.scope?.project;
    if (p) {
      project = p.id ? options.projects.find((x) => x.id === p.id) : options.projects.find((x) => x.name === p.name && x.domain === findDomain(p.domain));
      if (!project) return delayed(unauthorized());
    }
    if (applicationCredential) project = options.projects.find((x) => x.id === applicationCredential!.projectId);
    const token = issue({ user: user!, project, methods: [...done], applicationCredential });
    return delayed({ status: 201, headers: { 'X-Subject-Token': token }, body: tokenBody(tokens.get(token)!) });
  };

  const server = await startServer(options.name, handler, options.tls);
  self = {
    ...server,
    authUrl: `${server.url}/v3`,
    issued,
    delayMs: options.delayMs ?? 0,
    allowRescopeScopedToken: true,
    issueToken(userName, projectName) {
      const user = options.users.find((u) => u.name === userName);
      if (!user) throw new Error(`no user ${userName} in ${options.name}`);
      const project = projectName === undefined ? undefined : options.projects.find((p) => p.name === projectName);
      return issue({ user, project, methods: ['password'] });
    },
    tokenInfo: (token) => tokens.get(token),
    setCatalog: (c) => {
      catalog = c;
    },
    tokenRequests: () => server.requests.filter((r) => r.path.replace(/\/+$/, '') === '/v3/auth/tokens'),
  };
  return self;
}
