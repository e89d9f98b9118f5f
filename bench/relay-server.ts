/**
 * A plain relay, the floor for the compare benchmark: every binary frame a socket sends is forwarded
 * as it is to the other sockets on the same path (the room), and nothing is ever answered, parsed
 * or stored. Clients on it never "sync" with a server; they only see each other's frames. The
 * listening port is reported to the parent over IPC, as bench/reference-server.ts does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

const rooms = new Map<string, Set<WebSocket>>();
const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('okay'));
const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (conn) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const room = rooms.get(path) ?? new Set<WebSocket>();
    rooms.set(path, room.add(conn));
    conn.on('message', (frame: Buffer, isBinary) => {
      if (!isBinary) return;
      for (const peer of room) if (peer !== conn) peer.send(frame);
    });
    conn.on('close', () => {
      room.delete(conn);
      if (room.size === 0) rooms.delete(path);
    });
  });
});
server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
// Never outlive the benchmark that started it.
process.on('disconnect', () => process.exit(0));
