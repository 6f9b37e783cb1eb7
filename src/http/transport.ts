// One HTTP call over undici, shared by the Keystone and the Mistral clients. It knows which cloud
// it talks to, so every failure names the cloud and the URL, and it logs each exchange for
// --debug through the redactor.
import { STATUS_CODES } from 'node:http';
import type { Dispatcher } from 'undici';
import { TransportError, type Cloud } from '../errors.js';
import type { Redactor } from '../output/redact.js';

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
}

export interface Transport {
  cloud: Cloud;
  /** How messages name the cloud: "home cloud", "target cloud 'stack-b'". */
  label: string;
  dispatcher: Dispatcher;
  redactor: Redactor;
  /** --debug sink; absent when debugging is off. */
  debug?: (line: string) => void;
  timeoutMs: number;
}

export async function send(transport: Transport, req: HttpRequest): Promise<HttpResponse> {
  const { request } = await import('undici');
  const { redactor, debug } = transport;
  const started = performance.now();
  if (debug) {
    debug(`REQ: ${req.method} ${redactor.text(req.url)} ${JSON.stringify(redactor.headers(req.headers))}`);
    if (req.body) debug(`REQ BODY: ${redactor.body(req.body)}`);
  }
  let res: Dispatcher.ResponseData;
  try {
    res = await request(req.url, {
      method: req.method as Dispatcher.HttpMethod,
      headers: req.headers,
      body: req.body,
      dispatcher: transport.dispatcher,
      headersTimeout: transport.timeoutMs,
      bodyTimeout: transport.timeoutMs,
    });
  } catch (error) {
    throw new TransportError(describeFailure(error, transport, req.url), transport.cloud);
  }
  const body = await res.body.text();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  if (debug) {
    const ms = (performance.now() - started).toFixed(0);
    debug(`RESP: ${req.method} ${redactor.text(req.url)} ${res.statusCode} ${ms} ms ${JSON.stringify(redactor.headers(headers))}`);
    if (body) debug(`RESP BODY: ${redactor.body(truncate(body))}`);
  }
  return { status: res.statusCode, statusText: STATUS_CODES[res.statusCode] ?? '', headers, body };
}

function truncate(body: string): string {
  return body.length > 4096 ? `${body.slice(0, 4096)}... (${body.length} bytes)` : body;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_SIGNATURE_FAILURE', 'EPROTO', 'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** A sentence a person can act on, naming the cloud and the URL. */
export function describeFailure(error: unknown, { cloud, label }: { cloud: Cloud; label: string }, url: string): string {
  const err = (error ?? {}) as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.cause?.code ?? err.code ?? '';
  const detail = err.cause?.message ?? err.message ?? String(error);
  const where = `the ${label} at ${url}`;
  if (code === 'ECONNREFUSED') return `Connection refused by ${where}: is the service running?`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `Cannot resolve the host name of ${where} (${code})`;
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'ETIMEDOUT') {
    return `Timed out waiting for ${where}`;
  }
  if (TLS_CODES.has(code) || /certificate|SSL|TLS/i.test(detail)) {
    return `TLS verification failed for ${where}: ${detail}. Give the right CA with ${cloud === 'target' ? '--os-target-cacert' : '--os-cacert'}`;
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return `Connection to ${where} was closed unexpectedly (${detail})`;
  return `Request to ${where} failed: ${detail}${code ? ` (${code})` : ''}`;
}
