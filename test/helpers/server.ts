// A recording HTTP or HTTPS server on 127.0.0.1 and a random port: every request is kept with its
// method, path, raw query, headers (and the header names exactly as sent), body and timing.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface RecordedRequest {
  server: string;
  method: string;
  /** Path without the query string, as sent (not decoded). */
  path: string;
  /** Raw query string without `?`, '' when there is none. */
  query: string;
  /** Header values by lower-case name. */
  headers: Record<string, string>;
  /** Header names with the case the client sent. */
  headerNames: string[];
  body: string;
  /** The client's port: requests on one kept-alive connection share it. */
  remotePort?: number;
  /** performance.now() when the request arrived and when the answer was sent. */
  startedAt: number;
  finishedAt?: number;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON, a Buffer as its bytes (say, invalid UTF-8). */
  body?: string | Buffer | object;
  /** Wait this long before answering. */
  delayMs?: number;
}

export type Handler = (request: RecordedRequest) => Reply | Promise<Reply>;

export interface TlsIdentity {
  cert: string;
  key: string;
}

export interface FakeServer {
  name: string;
  /** `http(s)://127.0.0.1:<port>` */
  url: string;
  port: number;
  requests: RecordedRequest[];
  reset(): void;
  close(): Promise<void>;
}

function headerNames(raw: string[]): string[] {
  return raw.filter((_, i) => i % 2 === 0);
}

export async function startServer(name: string, handler: Handler, tls?: TlsIdentity): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const startedAt = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const target = req.url ?? '/';
      const q = target.indexOf('?');
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
      }
      const recorded: RecordedRequest = {
        server: name,
        method: req.method ?? '',
        path: q < 0 ? target : target.slice(0, q),
        query: q < 0 ? '' : target.slice(q + 1),
        headers,
        headerNames: headerNames(req.rawHeaders),
        body: Buffer.concat(chunks).toString('utf8'),
        remotePort: req.socket.remotePort,
        startedAt,
      };
      requests.push(recorded);
      let reply: Reply;
      try {
        reply = await handler(recorded);
      } catch (error) {
        reply = { status: 599, body: `fake ${name} failed: ${(error as Error).stack}` };
      }
      if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
      const body = reply.body === undefined ? '' : typeof reply.body === 'string' || Buffer.isBuffer(reply.body) ? reply.body : JSON.stringify(reply.body);
      const outHeaders: Record<string, string> = { ...(reply.headers ?? {}) };
      if (typeof reply.body === 'object' && !Object.keys(outHeaders).some((h) => h.toLowerCase() === 'content-type')) {
        outHeaders['Content-Type'] = 'application/json';
      }
      outHeaders['Content-Length'] = String(Buffer.byteLength(body));
      recorded.finishedAt = performance.now();
      res.writeHead(reply.status, outHeaders);
      res.end(body);
    });
  };
  const server = tls ? https.createServer({ cert: tls.cert, key: tls.key }, listener) : http.createServer(listener);
  // A failed TLS handshake is the client's business; keep the server quiet about it.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    name,
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    reset: () => void requests.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
