// The Mistral REST client: one request function that adds the connection's headers, checks the
// expected status and turns any other answer into an ApiError with the status and the server's
// own message.
import { ApiError } from '../errors.js';
import { clientCertificateHint, describeAnswer, send, type HttpResponse, type Transport } from '../http/transport.js';
import type { Json } from './json.js';
import { parsedPage, scanPage, type ListPage } from './list-answer.js';
import { buildQuery, type QueryPairs } from './query.js';

/** The target cloud a client acts in (Mistral runs the workflow in the target's project). */
export interface TargetInfo {
  label: string;
  projectName?: string;
  projectId?: string;
}

/** The cloud whose token Mistral acts with logged in with an application credential. */
export interface Delegation {
  label: string;
  /** From Keystone's token body; unknown for a token from the cache. */
  restricted?: boolean;
}

export interface MistralConnection {
  baseUrl: string;
  /** Sent on every Mistral request, GETs included: a target execution belongs to the target project. */
  headers: Record<string, string>;
  transport: Transport;
  /** False when no cloud was named and no token given (python-mistralclient's unauthenticated mode). */
  authenticated: boolean;
  target?: TargetInfo;
  delegation?: Delegation;
  /** After a 401: a new home token when the refused one came from the token cache, else undefined. */
  renewToken?: () => Promise<string | undefined>;
}

export interface RequestOptions {
  query?: QueryPairs;
  body?: string;
  contentType?: 'application/json' | 'text/plain';
  /** The one status that means success; python-mistralclient treats any other, even a 2xx, as an error. */
  expect: number;
  /**
   * The body makes sending it twice harmless, so a POST is retried like a PUT (README "Token cache,
   * timeouts and retries"): an execution with the id the client chose, a validation. Absent: by method.
   */
  idempotent?: boolean;
}

export type { Item, Json } from './json.js';

export class MistralClient {
  constructor(private readonly connection: MistralConnection) {}

  get target(): TargetInfo | undefined {
    return this.connection.target;
  }

  async request(method: string, path: string, options: RequestOptions): Promise<Json> {
    const { url, response } = await this.answer(method, path, options);
    return this.parsed(method, url, response);
  }

  /**
   * A GET of one page of a list: read item by item when asked `lazily` and it has Mistral's shape
   * (src/api/list-answer.ts), else parsed whole.
   */
  async requestPage(path: string, options: RequestOptions, key: string, lazily: boolean): Promise<ListPage> {
    const { url, response } = await this.answer('GET', path, options);
    return (lazily ? scanPage(response.bytes, key) : undefined) ?? parsedPage(this.parsed('GET', url, response), key);
  }

  /** The answer with the expected status, after one new token for a refused one. */
  private async answer(method: string, path: string, options: RequestOptions): Promise<{ url: string; response: HttpResponse }> {
    const url = `${this.connection.baseUrl}${path}${buildQuery(options.query ?? [])}`;
    let response = await this.send(method, url, options);
    if (response.status === 401) {
      // keystonemiddleware refuses a bad token before Mistral reads the request, so even a POST
      // was not acted on: with a new token it may go once more.
      const token = await this.connection.renewToken?.();
      if (token) {
        this.connection.headers['X-Auth-Token'] = token;
        response = await this.send(method, url, options);
      }
    }
    if (response.status !== options.expect) {
      throw new ApiError(this.describeError(method, path, url, response), response.status);
    }
    return { url, response };
  }

  private parsed(method: string, url: string, response: HttpResponse): Json {
    if (!response.body) return null;
    try {
      return JSON.parse(response.body) as Json;
    } catch {
      throw new ApiError(`Mistral answered ${method} ${url} with a body that is not JSON: ${describeAnswer(response)}`, response.status);
    }
  }

  private send(method: string, url: string, options: RequestOptions): Promise<HttpResponse> {
    const headers = { ...this.connection.headers };
    if (options.contentType) headers['Content-Type'] = options.contentType;
    return send(this.connection.transport, { method, url, headers, body: options.body, idempotent: options.idempotent });
  }

  /**
   * Why a 404 may be the project's doing, and what to do about it, for what was not found (the
   * message says; a POST to /executions may miss its workflow): with a target cloud Mistral acts
   * in the target's project; without one, an execution started with a target lives in the target's.
   */
  private targetHint(path: string, message: string): string {
    const missing = missingObject(path, message);
    const target = this.connection.target;
    if (!target) {
      return message.startsWith('WorkflowExecution not found')
        ? '; an execution started with a target cloud belongs to the target\'s project: read it with the same target cloud set (--os-target-cloud, --os-target-openrc or TARGET_OS_*)'
        : '';
    }
    if (!missing) return '';
    const project = target.projectName ?? target.projectId ?? 'unknown';
    const where = `; with a target cloud set, Mistral acts in the target's project (${project}, ${target.label}): `;
    if (missing === 'execution') return `${where}an execution is found only with the cloud it was started with (none for one started at home)`;
    if (missing === 'environment') return `${where}the environment must be created with the same target cloud set`;
    return `${where}the workflow must be public or shared with that project (member-create), or created with the same target cloud set`;
  }

  /**
   * Mistral 17+ answers every change with 423 while an operator holds it in maintenance mode
   * (mistral/api/hooks/maintenance.py, before any controller runs, so nothing was done); the
   * transport never sends it again (src/http/transport.ts RETRY_STATUSES).
   */
  private maintenanceMessage(method: string, path: string, message: string | undefined, statusLine: string): string {
    const target = this.connection.target;
    const acting = target ? `, acting on the ${target.label}` : '';
    return `Mistral of the home cloud at ${this.connection.baseUrl} is in maintenance mode and refused ${method} ${path}${acting}: ${message ?? 'no message'} (${statusLine}); nothing was changed, try again once its operator has set it back to RUNNING`;
  }

  /**
   * Creating a cron or event trigger makes Mistral ask Keystone for a trust with the caller's token
   * (mistral/services/security.py create_trust), and Keystone lets no application-credential token
   * manage trusts unless its operator allows it (keystone/api/trusts.py _check_delegated_token;
   * [security_compliance] allow_insecure_application_credential_trust_escalation).
   */
  private trustHint(method: string, path: string, status: number): string {
    const delegation = this.connection.delegation;
    if (!delegation || method !== 'POST' || !TRUST_MAKING.test(path) || (status !== 403 && status !== 500)) return '';
    const kind = delegation.restricted === true ? 'a restricted application credential' : delegation.restricted === false ? 'an unrestricted application credential' : 'an application credential';
    return `; the ${delegation.label} logged in with ${kind}, and Keystone refuses such tokens the trust Mistral makes for a trigger (a restricted credential never gets one; an unrestricted one only where the cloud's operator allows application credentials to create trusts): create the trigger with a password login (--os-auth-type password with a user and password), and let the pipeline use the application credential for the rest`;
  }

  private describeError(method: string, path: string, url: string, response: HttpResponse): string {
    const { status, statusText, headers } = response;
    const statusLine = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
    const message = serverMessage(headers, response.body);
    if (status === 401 && !this.connection.authenticated) {
      return `Mistral at ${url} asks for authentication (${statusLine}), but no cloud was named: set OS_CLOUD (or --os-cloud) to a cloud of clouds.yaml, or OS_AUTH_URL, OS_USERNAME, OS_PASSWORD and OS_PROJECT_NAME (for example by sourcing an openrc file)`;
    }
    if (status === 401) {
      return `Mistral at ${url} did not accept the home cloud token: ${message ?? 'no message'} (${statusLine})`;
    }
    if (status === 423) return this.maintenanceMessage(method, path, message, statusLine);
    if (status === 404 && !message) {
      // Mistral's own "not found" always carries a faultstring; a bare 404 is the web framework's:
      // no such endpoint on this server.
      return `Mistral at ${this.connection.baseUrl} has no endpoint ${path} (it answered ${method} ${url} with ${describeAnswer(response)}): a Mistral release without it (Mistral 21 has no /v2/services), or a Mistral URL that does not end in /v2`;
    }
    if (message) return `${message} (${statusLine})${status === 404 ? this.targetHint(path, message) : ''}${this.trustHint(method, path, status)}`;
    const hint = status === 500 && this.connection.headers['X-Target-Auth-Uri']
      ? '; with a target cloud, stock Mistral 15 fails like this (oslo.context incompatibility, see README)'
      : '';
    return `Mistral answered ${method} ${url} with ${describeAnswer(response)}${hint}${this.trustHint(method, path, status)}${clientCertificateHint(response.body, 'home')}`;
  }
}

/**
 * Server-Error-Message header first, then the JSON faultstring, as python-mistralclient does; only
 * its first line, since Mistral puts whole tracebacks in some faultstrings (--debug shows the body).
 */
/** Creating these makes Mistral create a Keystone trust. */
const TRUST_MAKING = /^\/(cron_triggers|event_triggers)\/?$/;

/**
 * What a 404 says was not found, of what Mistral looks up in the request's project (workflows,
 * environments, executions): by Mistral's message (mistral/db/v2/sqlalchemy/api.py), else the path.
 */
function missingObject(path: string, message: string): 'workflow' | 'execution' | 'environment' | undefined {
  if (message.startsWith('Workflow not found')) return 'workflow';
  if (message.startsWith('WorkflowExecution not found')) return 'execution';
  if (message.startsWith('Environment not found')) return 'environment';
  const resource = /^\/(workflows|environments|executions)(?:\/|$)/.exec(path)?.[1];
  return resource === undefined ? undefined : ({ workflows: 'workflow', environments: 'environment', executions: 'execution' } as const)[resource];
}

function serverMessage(headers: Record<string, string>, body: string): string | undefined {
  const message = fullServerMessage(headers, body);
  return message?.split('\n').map((line) => line.trim()).find(Boolean);
}

function fullServerMessage(headers: Record<string, string>, body: string): string | undefined {
  if (headers['server-error-message']) return headers['server-error-message'];
  try {
    const parsed = JSON.parse(body) as { faultstring?: unknown; error?: { message?: unknown }; message?: unknown; title?: unknown; description?: unknown };
    // Mistral's own errors carry faultstring; its WSGI layer answers {"title", "description"}.
    const message = parsed.faultstring ?? parsed.error?.message ?? parsed.message ?? parsed.description ?? parsed.title;
    return typeof message === 'string' && message ? message : undefined;
  } catch {
    return undefined;
  }
}
