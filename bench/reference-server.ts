/**
 * The reference y-websocket server (`@y/websocket-server`, the one Yjs ships) on a port of its own,
 * for benchmarks that compare Hindsight with it on the same frames. Any path is a document name, as
 * in its own bin/server.js; the listening port is reported to the parent over IPC.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';

const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('okay'));
const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (conn) => {
    const docName = new URL(req.url ?? '/', 'http://localhost').pathname.slice(1);
    setupWSConnection(conn, req, { docName });
  });
});
server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
// Never outlive the benchmark that started it.
process.on('disconnect', () => process.exit(0));
