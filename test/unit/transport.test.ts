// Timeouts and retries of src/http/transport.ts through the whole CLI, against servers that
// misbehave on purpose (README "Token cache, timeouts and retries"): sockets closed after each
// answer (0 ms and 50 ms, as uwsgi's http-socket does) or when reused, a server that never
// answers, one that answers slowly, one that trickles a byte a second, an HTML page where JSON was
// expected, an answer too large to hold (declared so, or sent without end), and 502/503/504. A
// POST is sent again only when its body says that is harmless (an execution with the client's
// id); any other is never sent twice.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { DEFAULT_TIMEOUTS } from '../../src/api/session.js';
import { ANSWER_LIMIT_BYTES, send, type Transport } from '../../src/http/transport.js';
import { Redactor } from '../../src/text/redact.js';
import { lines, runCli } from '../helpers/cli.js';
import { newSecret } from '../helpers/secrets.js';
import { startTrickleServer, type TrickleServer } from '../helpers/trickle-server.js';

interface Fake {
  url: string;
  /** Requests that reached the handler (method and path), in order. */
  seen: string[];
  close(): Promise<void>;
}

const servers: Fake[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

type Handler = (req: IncomingMessage, res: ServerResponse, socketRequests: number) => void;

/** `bodies`, when given, receives the body of every request. */
async function fake(handler: Handler, bodies?: string[]): Promise<Fake> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const perSocket = new WeakMap<Socket, number>();
  const server = http.createServer((req, res) => {
    const count = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, count);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      bodies?.push(Buffer.concat(chunks).toString('utf8'));
      handler(req, res, count);
    });
  });
  server.on('request', (req: IncomingMessage) => seen.push(`${req.method} ${req.url}`));
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const self: Fake = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
  servers.push(self);
  return self;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
};

const token = newSecret('pass-through-token');
/** Mistral alone, with a token passed through (no Keystone): every request goes to `mistral`. */
const direct = (mistral: Fake, ...argv: string[]) => runCli(['--os-mistral-url', `${mistral.url}/v2`, ...argv], { OS_AUTH_TOKEN: token });

const EXECUTION = { id: 'e1', workflow_name: 'wf', state: 'SUCCESS', created_at: '2024-01-01 00:00:00', updated_at: '2024-01-01 00:00:01' };

/** Answers every DELETE with 204 and every GET of an execution with one. */
const mistralHandler: Handler = (req, res) => {
  if (req.method === 'DELETE') {
    res.writeHead(204);
    return res.end();
  }
  json(res, 200, EXECUTION);
};

describe('a server that closes kept-alive sockets without saying so', () => {
  for (const delay of [0, 50]) {
    it(`closed ${delay} ms after each answer: every request still gets through, each once`, async () => {
      const mistral = await fake((req, res) => {
        mistralHandler(req, res, 0);
        res.on('finish', () => setTimeout(() => req.socket.destroy(), delay));
      });
      const result = await direct(mistral, 'execution-delete', 'e1', 'e2', 'e3', 'e4');
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(lines(result.stdout)).toEqual(['e1', 'e2', 'e3', 'e4'].map((id) => `Request to delete execution ${id} has been accepted.`));
      expect(mistral.seen).toEqual(['e1', 'e2', 'e3', 'e4'].map((id) => `DELETE /v2/executions/${id}`));
    });
  }

  it('a request whose connection dies before any answer is sent again, once, on a new connection', async () => {
    // The second request dies with its socket, unanswered: exactly what a stale kept-alive socket
    // does to the request written on it.
    let requests = 0;
    const mistral = await fake((req, res) => (++requests === 2 ? req.socket.destroy() : mistralHandler(req, res, requests)));
    const result = await direct(mistral, '--debug', 'execution-delete', 'e1', 'e2');
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual(['Request to delete execution e1 has been accepted.', 'Request to delete execution e2 has been accepted.']);
    expect(mistral.seen).toEqual(['DELETE /v2/executions/e1', 'DELETE /v2/executions/e2', 'DELETE /v2/executions/e2']);
    expect(result.stderr).toMatch(/^DEBUG RETRY: DELETE http:\/\/127\.0\.0\.1:\d+\/v2\/executions\/e2 after (UND_ERR_SOCKET|ECONNRESET|EPIPE) \(the connection was closed before any answer\)$/m);
  });

  it('at most twice, each on a new connection: a third dead connection for the same request is an error naming the cloud', async () => {
    const mistral = await fake((req) => req.socket.destroy());
    const result = await direct(mistral, 'execution-get', 'e1');
    expect(result.code).toBe(1);
    expect(mistral.seen).toEqual(Array(3).fill('GET /v2/executions/e1'));
    expect(result.stderr).toMatch(new RegExp(`^ERROR \\(app\\) Connection to the home cloud at ${mistral.url}/v2/executions/e1 was closed unexpectedly \\(.+\\)\\n$`));
  });

  it('a Keystone token request is sent again too, and an execution-create POST, with the same execution id', async () => {
    let tokenTries = 0;
    const keystone = await fake((req, res) => {
      // The first token request dies with its connection, as on a stale socket.
      if (tokenTries++ === 0) return req.socket.destroy();
      json(res, 201, { token: { user: { id: 'u1', name: 'u' }, project: { id: 'p1', name: 'p' }, catalog: [], expires_at: '2099-01-01T00:00:00Z' } }, { 'X-Subject-Token': newSecret('issued-token') });
    });
    const bodies: string[] = [];
    const mistral = await fake((req, res) => req.socket.destroy(), bodies);
    const result = await runCli(['--os-mistral-url', `${mistral.url}/v2`, 'execution-create', 'wf'], { OS_AUTH_URL: `${keystone.url}/v3`, OS_USERNAME: 'u', OS_PASSWORD: newSecret('user-password'), OS_PROJECT_NAME: 'p' });
    expect(keystone.seen).toEqual(['POST /v3/auth/tokens', 'POST /v3/auth/tokens']);
    expect(mistral.seen).toEqual(Array(3).fill('POST /v2/executions'));
    const ids = bodies.map((body) => (JSON.parse(body) as { id: string }).id);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids).toEqual([ids[0], ids[0], ids[0]]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^ERROR \\(app\\) Connection to the home cloud at ${mistral.url}/v2/executions was closed unexpectedly \\([^)]+\\)\\n$`));
  });

  it('a POST to Mistral without an execution id (run-action) is never sent again, and the message says so', async () => {
    const mistral = await fake((req) => req.socket.destroy());
    const result = await direct(mistral, 'run-action', 'std.echo', '{"output": "hi"}');
    expect(mistral.seen).toEqual(['POST /v2/action_executions']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^ERROR \\(app\\) Connection to the home cloud at ${mistral.url}/v2/action_executions was closed unexpectedly \\(.+\\); the POST was not sent again, as it may have taken effect: check before repeating it\\n$`));
  });

  it('nor is a POST that creates a named object (workflow-create)', async () => {
    const mistral = await fake((req) => req.socket.destroy());
    const result = await runCli(['--os-mistral-url', `${mistral.url}/v2`, 'workflow-create', '-'], { OS_AUTH_TOKEN: token }, { stdin: "---\nversion: '2.0'\nwf:\n  tasks:\n    t:\n      action: std.noop\n" });
    expect(mistral.seen).toEqual(['POST /v2/workflows?scope=private&namespace=']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/; the POST was not sent again, as it may have taken effect: check before repeating it\n$/);
  });

  it('a validation POST stores nothing, so it is sent again', async () => {
    let tries = 0;
    const mistral = await fake((req, res) => (tries++ === 0 ? req.socket.destroy() : json(res, 200, { valid: true, error: null })));
    const result = await runCli(['--os-mistral-url', `${mistral.url}/v2`, 'workflow-validate', '-', '-f', 'value'], { OS_AUTH_TOKEN: token }, { stdin: "---\nversion: '2.0'\n" });
    expect(mistral.seen).toEqual(['POST /v2/workflows/validate', 'POST /v2/workflows/validate']);
    expect([result.code, result.stdout]).toEqual([0, 'True\nNone\n']);
  });
});

describe('bounded in time', () => {
  it('a Keystone that never answers ends the command at --timeout, naming the cloud, the URL and the bound', async () => {
    const keystone = await fake(() => undefined);
    const started = performance.now();
    const result = await runCli(['--timeout', '1', 'workflow-list'], { OS_AUTH_URL: `${keystone.url}/v3`, OS_USERNAME: 'u', OS_PASSWORD: newSecret('user-password') });
    const seconds = (performance.now() - started) / 1000;
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`ERROR (app) Timed out after 1 s waiting for the home cloud at ${keystone.url}/v3/auth/tokens to answer (set a longer bound with --timeout)\n`);
    expect(seconds).toBeLessThan(5);
  });

  it('without --timeout a silent Keystone ends the command within 20 s (default 15 s)', async () => {
    expect(DEFAULT_TIMEOUTS.keystoneMs).toBe(15_000);
    const keystone = await fake(() => undefined);
    const result = await runCli(['workflow-list'], { OS_AUTH_URL: `${keystone.url}/v3`, OS_USERNAME: 'u', OS_PASSWORD: newSecret('user-password') });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`ERROR (app) Timed out after 15 s waiting for the home cloud at ${keystone.url}/v3/auth/tokens to answer (set a longer bound with --timeout)\n`);
  }, 25_000);

  it('a slow answer within the bound is fine; beyond it, a timeout', async () => {
    // undici checks these bounds on a timer of about a second's resolution, so the gaps are wide.
    const mistral = await fake((req, res) => setTimeout(() => mistralHandler(req, res, 1), 2500));
    const ok = await direct(mistral, '--timeout', '6', 'execution-get', 'e1', '-c', 'State', '-f', 'value');
    expect([ok.code, ok.stdout]).toEqual([0, 'SUCCESS\n']);
    const late = await direct(mistral, '--timeout', '1', 'execution-get', 'e1');
    expect(late.code).toBe(1);
    expect(late.stderr).toBe(`ERROR (app) Timed out after 1 s waiting for the home cloud at ${mistral.url}/v2/executions/e1 to answer (set a longer bound with --timeout)\n`);
  }, 15_000);

  describe('a server that trickles a byte a second (no gap between two bytes is long)', () => {
    const tricklers: TrickleServer[] = [];
    afterEach(async () => {
      await Promise.all(tricklers.splice(0).map((t) => t.close()));
    });
    const trickle = async (mode: 'headers' | 'body') => {
      const server = await startTrickleServer({ mode, body: EXECUTION });
      tricklers.push(server);
      return server;
    };
    const timed = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
      const started = performance.now();
      const result = await run();
      return [result, (performance.now() - started) / 1000];
    };

    for (const mode of ['body', 'headers'] as const) {
      it(`--timeout 3 ends the command after 3 s although its ${mode} comes a byte a second`, async () => {
        const mistral = await trickle(mode);
        const [result, seconds] = await timed(() => direct(mistral as unknown as Fake, '--timeout', '3', 'execution-get', 'e1'));
        expect(result.code).toBe(1);
        expect(result.stderr).toBe(`ERROR (app) Timed out after 3 s waiting for the home cloud at ${mistral.url}/v2/executions/e1 to answer (set a longer bound with --timeout)\n`);
        expect(seconds).toBeGreaterThanOrEqual(2.9);
        expect(seconds).toBeLessThan(4.5);
        // It was still sending when the client gave up.
        expect(mistral.bytesSent).toBeGreaterThan(0);
      }, 15_000);
    }

    it('a Keystone trickling its body is bounded the same way, naming the Keystone URL', async () => {
      const keystone = await trickle('body');
      const [result, seconds] = await timed(() => runCli(['--timeout', '3', 'workflow-list'], { OS_AUTH_URL: `${keystone.url}/v3`, OS_USERNAME: 'u', OS_PASSWORD: newSecret('user-password') }));
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`ERROR (app) Timed out after 3 s waiting for the home cloud at ${keystone.url}/v3/auth/tokens to answer (set a longer bound with --timeout)\n`);
      expect(seconds).toBeLessThan(4.5);
    }, 15_000);
  });

  describe('a long list body still arrives whole', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ ...EXECUTION, id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, description: 'x'.repeat(200) }));
    const text = JSON.stringify({ executions: rows });
    /** The list in 100 chunks, `gapMs` apart. */
    const slowList = (gapMs: number) => fake((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
      const size = Math.ceil(text.length / 100);
      let next = 0;
      const timer = setInterval(() => {
        if (res.destroyed) return clearInterval(timer);
        res.write(text.slice(next, next + size));
        next += size;
        if (next >= text.length) {
          clearInterval(timer);
          res.end();
        }
      }, gapMs);
    });

    it(`10,000 executions (${(text.length / 1e6).toFixed(1)} MB) coming in over 1 s, within --timeout 4`, async () => {
      const mistral = await slowList(10);
      const result = await direct(mistral, '--timeout', '4', 'execution-list', '--limit', '-1', '-c', 'ID', '-f', 'value');
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(lines(result.stdout)).toHaveLength(10_000);
    }, 15_000);

    it('the same list coming in over 6 s is cut at 3 s: the bound is on the whole answer', async () => {
      const mistral = await slowList(60);
      const result = await direct(mistral, '--timeout', '3', 'execution-list', '--limit', '-1', '-c', 'ID', '-f', 'value');
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^ERROR \(app\) Timed out after 3 s waiting for the home cloud at http:\/\/127\.0\.0\.1:\d+\/v2\/executions\?\S+ to answer \(set a longer bound with --timeout\)\n$/);
    }, 15_000);

    it('with the default bound (60 s for Mistral) the list arrives at full speed', async () => {
      const mistral = await fake((req, res) => json(res, 200, { executions: rows }));
      const started = performance.now();
      const result = await direct(mistral, 'execution-list', '--limit', '-1', '-c', 'ID', '-f', 'value');
      expect(result.code).toBe(0);
      expect(lines(result.stdout)).toHaveLength(10_000);
      expect(performance.now() - started).toBeLessThan(DEFAULT_TIMEOUTS.mistralMs / 10);
    }, 15_000);
  });

  it('--timeout below 0.1 s is refused before any request (exit 2), not taken as a bound no answer can meet', async () => {
    const mistral = await fake((req, res) => mistralHandler(req, res, 1));
    for (const given of ['0.001', '0.0001', '0.09']) {
      const result = await direct(mistral, '--timeout', given, 'execution-get', 'e1');
      expect(result.stderr).toBe(`mistral execution-get: error: --timeout is in seconds and must be at least 0.1, not '${given}'\n`);
      expect(result.code).toBe(2);
    }
    expect(mistral.seen).toEqual([]);
    // 0.1 s itself is a bound like any other (on a loaded machine the fake may well miss it).
    const least = await direct(mistral, '--timeout', '0.1', 'execution-get', 'e1', '-c', 'State', '-f', 'value');
    expect(least.stderr).not.toContain('must be at least');
    expect(mistral.seen).toEqual(['GET /v2/executions/e1']);
  });

  it('--timeout must be a positive number', async () => {
    const result = await runCli(['--timeout', 'soon', 'workflow-list'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("mistral workflow-list: error: --timeout must be a number of seconds greater than 0, not 'soon'\n");
  });
});

describe('bounded in size', () => {
  /** A home-cloud transport straight to send(), reading at most `maxAnswerBytes`. */
  const transportFor = (maxAnswerBytes?: number): Transport => ({
    cloud: 'home',
    label: 'home cloud',
    dispatcher: new Agent(),
    newDispatcher: () => new Agent(),
    redactor: new Redactor(),
    timeoutMs: 10_000,
    maxAnswerBytes,
  });

  it('an answer declaring more than 256 MiB is refused before its body is read, naming the cloud and the URL', async () => {
    const mistral = await fake((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(ANSWER_LIMIT_BYTES + 1) });
      res.write('[');
    });
    const result = await direct(mistral, 'execution-get', 'e1');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`ERROR (app) The home cloud at ${mistral.url}/v2/executions/e1 sent an answer larger than 256 MiB, more than the client reads; it stopped reading\n`);
  });

  it('a server sending without end is cut off at the bound and its connection closed', async () => {
    let closed = false;
    const mistral = await fake((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!closed && res.write(chunk));
        if (!closed) res.once('drain', pump);
      };
      req.socket.on('close', () => (closed = true));
      pump();
    });
    const failure = await send(transportFor(1024 * 1024), { method: 'GET', url: `${mistral.url}/v2/executions`, headers: {} }).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe(`The home cloud at ${mistral.url}/v2/executions sent an answer larger than 1 MiB, more than the client reads; it stopped reading`);
    await expect.poll(() => closed).toBe(true);
  });

  for (const declared of [true, false]) {
    it(`a body ${declared ? 'with' : 'without'} Content-Length reads as undici's text(): UTF-8 split across chunks, a leading BOM dropped`, async () => {
      const text = '{"description": "caf\u00e9 \u2014 \ud83d\ude80"}';
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
      const mistral = await fake((req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', ...(declared ? { 'Content-Length': String(bytes.length) } : {}) });
        // One byte at a time, so that every multi-byte character arrives in pieces.
        let at = 0;
        const next = () => (at < bytes.length ? res.write(bytes.subarray(at, ++at), () => setImmediate(next)) : res.end());
        next();
      });
      const response = await send(transportFor(), { method: 'GET', url: `${mistral.url}/v2/executions/e1`, headers: {} });
      expect(response.status).toBe(200);
      expect(response.body).toBe(text);
    });
  }
});

describe('an answer that is not what was asked for says what came back', () => {
  it('a Keystone answering 200 with an HTML page: status, content type, the first line of text', async () => {
    const keystone = await fake((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html>\n<html><head><title>Corporate proxy</title><style>body{}</style></head><body><h1>Please log in</h1></body></html>');
    });
    const result = await runCli(['workflow-list'], { OS_AUTH_URL: `${keystone.url}/v3`, OS_USERNAME: 'u', OS_PASSWORD: newSecret('user-password') });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`ERROR (app) the home cloud Keystone at ${keystone.url}/v3/auth/tokens answered without an X-Subject-Token header: HTTP 200 OK (text/html): "Corporate proxy"\n`);
  });

  it('Mistral answering 200 with something that is not JSON', async () => {
    const mistral = await fake((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('maintenance until 14:00\nsorry');
    });
    const result = await direct(mistral, 'execution-get', 'e1');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`ERROR (app) Mistral answered GET ${mistral.url}/v2/executions/e1 with a body that is not JSON: HTTP 200 OK (text/plain): "maintenance until 14:00"\n`);
  });
});

describe('502, 503 and 504', () => {
  it('an idempotent request is tried again with backoff, at most 3 tries in all', async () => {
    let answers = 0;
    const mistral = await fake((req, res) => (answers++ < 2 ? json(res, answers === 1 ? 502 : 504, {}) : mistralHandler(req, res, 1)));
    const started = performance.now();
    const result = await direct(mistral, 'execution-get', 'e1', '-c', 'State', '-f', 'value');
    expect([result.code, result.stdout]).toEqual([0, 'SUCCESS\n']);
    expect(mistral.seen).toEqual(Array(3).fill('GET /v2/executions/e1'));
    // 0.5 s, then 1 s.
    expect(performance.now() - started).toBeGreaterThanOrEqual(1400);
  });

  it('gives up after 3 tries with the last answer', async () => {
    const mistral = await fake((req, res) => json(res, 503, { faultstring: 'Service is restarting' }));
    const result = await direct(mistral, 'execution-get', 'e1');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('ERROR (app) Service is restarting (HTTP 503 Service Unavailable)\n');
    expect(mistral.seen).toHaveLength(3);
  });

  it('honours Retry-After within the 5 s budget, and never beyond it', async () => {
    const mistral = await fake((req, res) => json(res, 503, { faultstring: 'busy' }, { 'Retry-After': '4' }));
    const started = performance.now();
    const result = await direct(mistral, 'execution-get', 'e1');
    expect(result.code).toBe(1);
    // One pause of 4 s; a second would pass the 5 s budget, so the answer stands.
    expect(mistral.seen).toHaveLength(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(3900);
  }, 15_000);

  it('a POST without an execution id that gets a 503 is not sent again (it may have started an action)', async () => {
    const mistral = await fake((req, res) => json(res, 503, { faultstring: 'busy' }));
    const result = await direct(mistral, 'run-action', 'std.noop');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('ERROR (app) busy (HTTP 503 Service Unavailable)\n');
    expect(mistral.seen).toEqual(['POST /v2/action_executions']);
  });

  it('an execution-create POST that gets a 503 is tried again with the same execution id', async () => {
    const bodies: string[] = [];
    let answers = 0;
    const mistral = await fake((req, res) => (answers++ === 0 ? json(res, 503, { faultstring: 'busy' }) : json(res, 201, { ...EXECUTION, id: (JSON.parse(bodies[0]) as { id: string }).id })), bodies);
    const result = await direct(mistral, 'execution-create', 'wf', '-c', 'ID', '-f', 'value');
    expect(result.code).toBe(0);
    expect(mistral.seen).toEqual(['POST /v2/executions', 'POST /v2/executions']);
    expect(bodies[1]).toBe(bodies[0]);
    expect(result.stdout).toBe(`${(JSON.parse(bodies[0]) as { id: string }).id}\n`);
  });
});
