// A TCP server that accepts connections, reads whatever comes and never answers: the server a
// bounded wait (completion's one second) must give up on.
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

export interface SilentServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Connections made so far (the client did try). */
  connections: number;
  close(): Promise<void>;
}

/** `serve`, when given, is handed each connection instead of ignoring what comes (test/helpers/trickle-server.ts). */
export async function startSilentServer(serve?: (socket: Socket) => void): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (serve) serve(socket);
    else socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The silent server of one test file (or describe block): started before its tests, closed after. */
export function useSilentServer(): SilentServer {
  let current: SilentServer | undefined;
  beforeAll(async () => {
    current = await startSilentServer();
  });
  afterAll(async () => {
    await current?.close();
  });
  return new Proxy({} as SilentServer, { get: (_target, property) => Reflect.get(current!, property, current) });
}
