// One HTTP call over undici, shared by the Keystone and the Mistral clients. It knows which cloud
// it talks to, so every failure names the cloud and the URL; it bounds every answer in time, as a
// whole; it sends a request again only when that cannot do harm; and it logs each exchange for
// --debug through the redactor.
import type { Dispatcher } from 'undici';
import { reasonPhrase } from '../builtins.js';
import { TransportError, type Cloud } from '../errors.js';
import type { Redactor } from '../text/redact.js';

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /**
   * Sending it twice does no harm. Defaults by method (GET, HEAD, PUT, DELETE). A POST is only when
   * the request says its body makes it so: a Keystone token request, an execution carrying the id
   * the client chose (Mistral returns the execution that has it and starts nothing), a validation.
   */
  idempotent?: boolean;
}

export interface HttpResponse {
  status: number;
  /** node:http's reason phrase for the status; looked up when read (src/builtins.ts), which only messages do. */
  readonly statusText: string;
  headers: Record<string, string>;
  /** The body as text (UTF-8), decoded when first read. */
  readonly body: string;
  /**
   * The body as it came, a leading byte order mark left out: a long list is read from it without
   * its text ever being made (src/api/list-answer.ts). The body is held in one form at a time:
   * once the text is made the bytes are let go, and read again they are the text encoded (the
   * same text when decoded). Both held while a 10,000-row answer was parsed whole, it peaked
   * 3.5 MB higher and took 30-50 ms more CPU (bench/compare.mjs, the large lists).
   */
  readonly bytes: Buffer;
}

export interface Transport {
  cloud: Cloud;
  /** How messages name the cloud: "home cloud", "target cloud 'stack-b'". */
  label: string;
  dispatcher: Dispatcher;
  /** A dispatcher of its own with the cloud's TLS settings and no connection yet: each retry after a dead connection goes out on one. */
  newDispatcher: () => Dispatcher;
  redactor: Redactor;
  /** --debug sink; absent when debugging is off. */
  debug?: (line: string) => void;
  /** Bound on each try, from sending the request to the last byte of the answer. */
  timeoutMs: number;
  /** Pause between retries; tests inject a fake. */
  sleep?: (ms: number) => Promise<void>;
  /** The most of a body read, ANSWER_LIMIT_BYTES unless a test injects less. */
  maxAnswerBytes?: number;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
/**
 * A gateway or an overloaded server; worth another try for a request that may be repeated. Not 423:
 * a Mistral in maintenance mode stays so until its operator ends it (src/api/client.ts).
 */
const RETRY_STATUSES = new Set([502, 503, 504]);
const MAX_TRIES = 3;
/** All the pauses of one request together stay under this. */
const RETRY_BUDGET_MS = 5000;
const FIRST_PAUSE_MS = 500;

/**
 * The connection died before any byte of an answer: most often found dead when the request was
 * written (uwsgi's http-socket and load balancers close kept-alive sockets after an answer without
 * saying so), but the server may also have acted on the request and lost the answer. So only a
 * request that may be sent twice is sent again.
 */
const DEAD_CONNECTION = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
/**
 * Retries after a dead connection, each on a new connection of its own: through the pool, a retry
 * could go out on another socket the server has already closed (the one of the token request, say,
 * freed while the first try was out). Two, because the first try may have met a stale socket (never
 * sent) and its retry may still lose its answer to the server or the network; a third death is the
 * server's.
 */
const MAX_RECONNECTS = 2;

function errorCode(error: unknown): string {
  const err = (error ?? {}) as { code?: string; cause?: { code?: string } };
  return err.cause?.code ?? err.code ?? '';
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The whole answer took longer than the bound. undici's own headersTimeout and bodyTimeout bound
 * only the wait for the headers and the gap between two chunks of body: a server trickling a byte
 * a second never trips them.
 */
const ANSWER_TIMEOUT = 'ANSWER_TIMEOUT';

/**
 * The most of an answer's body the client reads: a server that sends without end (or a proxy's
 * endless page) must not exhaust memory. Far above a real answer: 10,000 executions are 4.9 MB.
 */
export const ANSWER_LIMIT_BYTES = 256 * 1024 * 1024;
const ANSWER_TOO_LARGE = 'ANSWER_TOO_LARGE';

export async function send(transport: Transport, req: HttpRequest): Promise<HttpResponse> {
  const idempotent = req.idempotent ?? IDEMPOTENT_METHODS.has(req.method);
  const sleep = transport.sleep ?? defaultSleep;
  let paused = 0;
  let reconnects = 0;
  for (let attempt = 1; ; attempt++) {
    let response: HttpResponse;
    const dispatcher = reconnects > 0 ? transport.newDispatcher() : transport.dispatcher;
    try {
      response = await sendOnce(transport, req, dispatcher);
    } catch (error) {
      if (idempotent && reconnects < MAX_RECONNECTS && DEAD_CONNECTION.has(errorCode(error))) {
        reconnects++;
        transport.debug?.(`RETRY: ${req.method} ${transport.redactor.text(req.url)} after ${errorCode(error)} (the connection was closed before any answer)`);
        continue;
      }
      const notResent = !idempotent && DEAD_CONNECTION.has(errorCode(error))
        ? `; the ${req.method} was not sent again, as it may have taken effect: check before repeating it`
        : '';
      throw new TransportError(`${describeFailure(error, transport, req.url)}${notResent}`, transport.cloud);
    } finally {
      // The answer is read whole, or the try failed: the retry's one connection has no more use.
      if (dispatcher !== transport.dispatcher) await dispatcher.destroy().catch(() => undefined);
    }
    if (!idempotent || !RETRY_STATUSES.has(response.status) || attempt >= MAX_TRIES) return response;
    const pause = retryPause(response.headers['retry-after'], attempt);
    if (paused + pause > RETRY_BUDGET_MS) return response;
    transport.debug?.(`RETRY: ${req.method} ${transport.redactor.text(req.url)} answered ${response.status}; try ${attempt + 1} of ${MAX_TRIES} in ${pause} ms`);
    paused += pause;
    await sleep(pause);
  }
}

/** Retry-After in seconds when the server gives one, else 0.5 s, then 1 s. */
function retryPause(retryAfter: string | undefined, attempt: number): number {
  const seconds = retryAfter !== undefined && /^\d+(\.\d+)?$/.test(retryAfter.trim()) ? Number(retryAfter) : undefined;
  return seconds !== undefined ? Math.round(seconds * 1000) : FIRST_PAUSE_MS * 2 ** (attempt - 1);
}

async function sendOnce(transport: Transport, req: HttpRequest, dispatcher: Dispatcher): Promise<HttpResponse> {
  const { request } = await import('undici');
  const { redactor, debug } = transport;
  // Date.now, not performance.now: the `performance` global loads node:perf_hooks on first touch.
  const started = Date.now();
  if (debug) {
    debug(`REQ: ${req.method} ${redactor.text(req.url)} ${JSON.stringify(redactor.headers(req.headers))}`);
    if (req.body) debug(`REQ BODY: ${redactor.body(req.body)}`);
  }
  const bound = new AbortController();
  const timer = setTimeout(() => bound.abort(), transport.timeoutMs);
  let res: Dispatcher.ResponseData;
  let bytes: Buffer;
  try {
    res = await request(req.url, {
      method: req.method as Dispatcher.HttpMethod,
      headers: req.headers,
      body: req.body,
      dispatcher,
      signal: bound.signal,
      // Not below the bound, so that a --timeout longer than undici's 300 s defaults holds.
      headersTimeout: transport.timeoutMs,
      bodyTimeout: transport.timeoutMs,
    });
    bytes = await readBody(res.body, res.headers['content-length'], transport.maxAnswerBytes ?? ANSWER_LIMIT_BYTES);
  } catch (error) {
    // Whatever undici made of the abort (its own AbortError, a closed body), it was the bound.
    throw bound.signal.aborted ? Object.assign(new Error('the answer took too long'), { code: ANSWER_TIMEOUT }) : error;
  } finally {
    clearTimeout(timer);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const status = res.statusCode;
  // One of the two is set (HttpResponse.bytes): the text is made when something reads it.
  let raw: Buffer | undefined = bytes;
  let text: string | undefined;
  const response: HttpResponse = {
    status,
    get statusText() {
      return reasonPhrase(status);
    },
    headers,
    get body() {
      if (text === undefined) {
        text = raw!.toString('utf8');
        raw = undefined;
      }
      return text;
    },
    get bytes() {
      return raw ?? Buffer.from(text!, 'utf8');
    },
  };
  if (debug) {
    const ms = Date.now() - started;
    debug(`RESP: ${req.method} ${redactor.text(req.url)} ${status} ${ms} ms ${JSON.stringify(redactor.headers(headers))}`);
    // Shown, the body is text from here on.
    if (response.body) debug(`RESP BODY: ${redactor.body(truncate(response.body))}`);
  }
  return response;
}

/**
 * The body's bytes, read to at most ANSWER_LIMIT_BYTES, a leading UTF-8 byte order mark left out
 * (as undici's text() drops it). When the length is declared, each chunk is copied into one buffer
 * of that size as it arrives and then let go, so the body is held once instead of as chunks plus
 * their concatenation (under 3 MB off a 10,000-row list's peak, which comes later: README, Speed).
 */
async function readBody(stream: Dispatcher.ResponseData['body'], declared: string | string[] | undefined, limit: number): Promise<Buffer> {
  const length = typeof declared === 'string' && /^\d+$/.test(declared) ? Number(declared) : undefined;
  const tooLarge = () => {
    stream.destroy();
    return Object.assign(new Error(`an answer larger than ${formatBytes(limit)}`), { code: ANSWER_TOO_LARGE });
  };
  if (length !== undefined && length > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let buffer = length ? Buffer.allocUnsafe(length) : undefined;
  let filled = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (filled + chunk.length > limit) throw tooLarge();
    // undici ends a body at its Content-Length, so this is only a guard: past it, chunks as for no length.
    if (buffer && filled + chunk.length > buffer.length) {
      chunks.push(buffer.subarray(0, filled));
      buffer = undefined;
    }
    if (buffer) chunk.copy(buffer, filled);
    else chunks.push(chunk);
    filled += chunk.length;
  }
  const whole = buffer ? buffer.subarray(0, filled) : Buffer.concat(chunks, filled);
  return whole.length > 2 && whole[0] === 0xef && whole[1] === 0xbb && whole[2] === 0xbf ? whole.subarray(3) : whole;
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MiB` : `${bytes} bytes`;
}

function truncate(body: string): string {
  return body.length > 4096 ? `${body.slice(0, 4096)}... (${body.length} bytes)` : body;
}

/**
 * What came back, for "answered something that is not what we asked for": the status, the content
 * type and the first line of text of the body (an HTML page from a proxy, say).
 */
export function describeAnswer(response: HttpResponse): string {
  const type = response.headers['content-type']?.split(';')[0].trim() || 'no content type';
  const text = response.body.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, '\n');
  const first = text.split('\n').map((line) => line.replace(/\s+/g, ' ').trim()).find(Boolean);
  const line = first ? `: "${first.length > 160 ? `${first.slice(0, 160)}...` : first}"` : ', empty body';
  return `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} (${type})${line}`;
}

/**
 * nginx answers a missing or refused client certificate with a 400 page rather than a failed
 * handshake; say what to do about it, for the cloud whose flags apply.
 */
export function clientCertificateHint(body: string, cloud: Cloud): string {
  const flags = cloud === 'target' ? '--os-target-cert and --os-target-key' : '--os-cert and --os-key';
  if (/No required SSL certificate was sent/i.test(body)) return `; the server wants a client certificate: give one with ${flags}`;
  if (/The SSL certificate error/i.test(body)) return `; the server refused the client certificate given (not signed by a CA it trusts, or expired): check ${flags}`;
  return '';
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_SIGNATURE_FAILURE', 'EPROTO', 'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** A sentence a person can act on, naming the cloud and the URL. */
export function describeFailure(error: unknown, { cloud, label, timeoutMs }: { cloud: Cloud; label: string; timeoutMs?: number }, url: string): string {
  const err = (error ?? {}) as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = errorCode(error);
  const detail = err.cause?.message ?? err.message ?? String(error);
  const where = `the ${label} at ${url}`;
  if (code === 'ECONNREFUSED') return `Connection refused by ${where}: is the service running?`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `Cannot resolve the host name of ${where} (${code})`;
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return `Timed out connecting to ${where}`;
  if (code === ANSWER_TIMEOUT || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    const seconds = timeoutMs !== undefined ? ` after ${timeoutMs / 1000} s` : '';
    return `Timed out${seconds} waiting for ${where} to answer (set a longer bound with --timeout)`;
  }
  if (TLS_CODES.has(code) || /certificate|SSL|TLS/i.test(detail)) {
    return `TLS verification failed for ${where}: ${detail}. Give the right CA with ${cloud === 'target' ? '--os-target-cacert' : '--os-cacert'}`;
  }
  if (code === ANSWER_TOO_LARGE) return `The ${label} at ${url} sent ${detail}, more than the client reads; it stopped reading`;
  if (DEAD_CONNECTION.has(code)) return `Connection to ${where} was closed unexpectedly (${detail})`;
  return `Request to ${where} failed: ${detail}${code ? ` (${code})` : ''}`;
}
