/** Raw TCP clients for tests of the HTTP server itself: slow, idle or never-finishing requests. */
import net from 'node:net';
import WebSocket from 'ws';

export interface TcpClient {
  socket: net.Socket;
  connected: Promise<void>;
  /** Resolves once the server closed (or reset) the connection, with how long it stayed open. */
  closed: Promise<{ openMs: number }>;
  /** Everything the server sent so far, as text. */
  received(): string;
  isClosed(): boolean;
}

/** Opens a TCP connection to the server and reads everything it sends (nothing is written yet). */
export function openTcp(port: number): TcpClient {
  const socket = net.connect({ host: '127.0.0.1', port });
  const started = Date.now();
  let text = '';
  let isClosed = false;
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  // A write after the server hung up fails with EPIPE or ECONNRESET: the close says the rest.
  socket.on('error', () => undefined);
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const closed = new Promise<{ openMs: number }>((resolve) =>
    socket.once('close', () => {
      isClosed = true;
      resolve({ openMs: Date.now() - started });
    }),
  );
  return { socket, connected, closed, received: () => text, isClosed: () => isClosed };
}

/** Writes `text` one byte every `intervalMs` until it is all sent or the socket closed; returns a stop function. */
export function drip(socket: net.Socket, text: string, intervalMs: number): { sent(): number; stop(): void } {
  let sent = 0;
  const timer = setInterval(() => {
    if (sent >= text.length || socket.destroyed) return clearInterval(timer);
    socket.write(text[sent++]!);
  }, intervalMs);
  socket.once('close', () => clearInterval(timer));
  return { sent: () => sent, stop: () => clearInterval(timer) };
}

/** `promise`, or a failure naming `what` once `timeoutMs` passed (for events the server must cause). */
export async function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** What a refused WebSocket upgrade answered: status, `Retry-After` header and JSON body. */
export function refusedUpgrade(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; retryAfter: string | undefined; body: unknown }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: JSON.parse(text) });
        ws.terminate();
      });
    });
    ws.once('open', () => {
      ws.close();
      reject(new Error('the upgrade was accepted'));
    });
    ws.once('error', reject);
  });
}
