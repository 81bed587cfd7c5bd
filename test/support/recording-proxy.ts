/**
 * An HTTP proxy on 127.0.0.1 that records what it is asked for and forwards it: CONNECT tunnels
 * (what Node's fetch and undici send for every target) and plain absolute-URI requests. Only
 * loopback targets are forwarded (tests never reach the internet); others get 502.
 */
import http from 'node:http';
import net from 'node:net';

export interface RecordingProxy {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Every request seen, e.g. `CONNECT localhost:4321` or `POST http://localhost:4321/open/user/get_info`. */
  readonly seen: string[];
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export async function startRecordingProxy(): Promise<RecordingProxy> {
  const seen: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    const target = URL.canParse(request.url ?? '') ? new URL(request.url!) : null;
    if (!target || !LOOPBACK.has(target.hostname)) return void response.writeHead(502).end();
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: target.port,
        path: target.pathname + target.search,
        method: request.method,
        headers: request.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.writeHead(502).end());
    request.pipe(upstream);
  });
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push(`CONNECT ${request.url}`);
    const [host, port] = (request.url ?? '').split(/:(?=\d+$)/);
    if (!host || !LOOPBACK.has(host)) return void client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    const upstream = net.connect(Number(port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
