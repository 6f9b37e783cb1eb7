// A server that answers every request one byte at a time, a byte every `byteEveryMs` (default a
// second): the status line and headers too ('headers'), or only the body after headers sent at
// once ('body'). No gap between two bytes is long, so only a bound on the whole answer ends it.
import { startSilentServer } from './silent-server.js';

export interface TrickleServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Bytes written so far, over every connection. */
  bytesSent: number;
  close(): Promise<void>;
}

export interface TrickleOptions {
  mode: 'headers' | 'body';
  /** The answer's body (a JSON object). */
  body: object;
  byteEveryMs?: number;
}

export async function startTrickleServer(options: TrickleOptions): Promise<TrickleServer> {
  let bytesSent = 0;
  const body = Buffer.from(JSON.stringify(options.body));
  const head = Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
  const server = await startSilentServer((socket) => {
    let request = '';
    let answering = false;
    socket.on('data', (chunk: Buffer) => {
      request += chunk.toString('latin1');
      // One answer per connection, once the request head is in (a body is read and ignored).
      if (answering || !request.includes('\r\n\r\n')) return;
      answering = true;
      if (options.mode === 'body') {
        socket.write(head);
        bytesSent += head.length;
      }
      const rest = options.mode === 'body' ? body : Buffer.concat([head, body]);
      let next = 0;
      const timer = setInterval(() => {
        if (next >= rest.length) return clearInterval(timer);
        socket.write(rest.subarray(next, next + 1));
        next += 1;
        bytesSent += 1;
      }, options.byteEveryMs ?? 1000);
      socket.on('close', () => clearInterval(timer));
    });
  });
  return {
    url: server.url,
    get bytesSent() {
      return bytesSent;
    },
    close: () => server.close(),
  };
}
