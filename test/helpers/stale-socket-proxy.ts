// A front end that treats kept-alive sockets as uwsgi's http-socket or a load balancer with a
// short idle timeout does: it answers one request per connection (forwarded to the fake behind
// it) and closes the socket `closeAfterMs` after that answer, without a `Connection: close`. A
// request the client writes on such a socket in the meantime is never forwarded: it dies with the
// socket, unanswered. `loseAnswer` picks requests whose answer is lost instead: forwarded (the fake
// acts on it), then the socket is destroyed before a byte of the answer goes back.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ProxiedRequest {
  /** "POST /v2/executions" */
  line: string;
  body: string;
  /** answered; lost: written on a socket already used, never forwarded; dropped: forwarded, its answer lost. */
  fate: 'answered' | 'lost' | 'dropped';
}

export interface StaleSocketProxy {
  url: string;
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

export interface StaleSocketOptions {
  /** The origin (`http://127.0.0.1:port`) and path a request to `path` goes to. */
  route: (path: string) => string;
  closeAfterMs: number;
  /** Forward this request, then destroy the socket instead of answering. */
  loseAnswer?: (request: { method: string; path: string; body: string }) => boolean;
  /** Hold the answer to a request for this path back until the promise settles (to order concurrent answers). */
  holdAnswer?: (path: string) => Promise<void> | undefined;
  /** Called once the answer to a request for this path has been sent. */
  onAnswered?: (path: string) => void;
}

export async function startStaleSocketProxy(options: StaleSocketOptions): Promise<StaleSocketProxy> {
  const requests: ProxiedRequest[] = [];
  const served = new WeakSet<Socket>();
  const sockets = new Set<Socket>();
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const line = `${req.method} ${req.url}`;
      if (served.has(req.socket)) {
        requests.push({ line, body, fate: 'lost' });
        return;
      }
      served.add(req.socket);
      const drop = options.loseAnswer?.({ method: req.method ?? '', path: req.url ?? '/', body }) ?? false;
      requests.push({ line, body, fate: drop ? 'dropped' : 'answered' });
      const path = req.url ?? '/';
      void forward(options.route(path), req, body).then(async (answer) => {
        await options.holdAnswer?.(path);
        if (drop) return req.socket.destroy();
        res.on('finish', () => {
          setTimeout(() => req.socket.destroy(), options.closeAfterMs);
          options.onAnswered?.(path);
        });
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      });
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

async function forward(to: string, req: IncomingMessage, body: string): Promise<Answer> {
  const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name))) as Record<string, string>;
  const response = await fetch(to, { method: req.method, headers, body: body || undefined });
  const answerHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!['connection', 'keep-alive', 'content-length', 'transfer-encoding', 'date'].includes(name)) answerHeaders[name] = value;
  });
  const answer = Buffer.from(await response.arrayBuffer());
  answerHeaders['content-length'] = String(answer.length);
  return { status: response.status, headers: answerHeaders, body: answer };
}
