/**
 * Hostile-frames scenario (issue 9): the worst update shapes we can construct, about 1 MiB each in
 * one frame, sent to the Hindsight server and to the reference y-websocket server. Measures the
 * longest event-loop stall each server process suffers while handling the frame, side by side.
 * Goal: Hindsight at most 2x the reference on every shape.
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { connectClient, openRaw, waitFor, type RawSocket } from '@hindsight/tests/support/clients';
import { content, forgeUpdate, item } from '@hindsight/tests/support/forge';
import { syncUpdateFrame } from '@hindsight/tests/support/frames';
import { HOSTILE_SHAPES, type HostileShape, type HostileUpdate } from '@hindsight/tests/support/hostile-updates';
import { createReview, startServer, stopAllServers } from '@hindsight/tests/support/server';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
/** Node options both servers run with: the stall probe (loaded through tsx) and a gc() for it. */
const PROBE_NODE_ARGS = [
  '--expose-gc',
  '--import',
  'tsx',
  '--import',
  pathToFileURL(path.join(benchDir, 'stall-probe.ts')).href,
];

/** Long enough for the quadratic check of issue 9 (about 20 s for one chained frame here) several times over. */
const FRAME_TIMEOUT_MS = 120_000;

export interface HostileBenchOptions {
  shape: HostileShape;
  /** Repetitions per server, each in a fresh room. */
  reps: number;
}

/** A server process under test, with the stall probe loaded into it. */
interface ServerUnderTest {
  wsUrl: string;
  probe: StallProbe;
  /** A fresh room, a token that may write to it (the sender's) and one that may read it (the observer's). */
  openRoom(): Promise<{ room: string; writeToken: string; readToken: string }>;
  stop(): Promise<void>;
}

interface Measurement {
  stallMs: number;
  outcome: string;
}

/** Runs one shape `reps` times against each server, alternating, and compares the median stalls. */
export async function runHostileBench({ shape, reps }: HostileBenchOptions) {
  const hostile = HOSTILE_SHAPES[shape]();
  // The builders keep the update under the server's frame cap with room for this message's header.
  const frameBytes = syncUpdateFrame(hostile.frame).byteLength;
  const probeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-stall-probe-'));
  const servers: ServerUnderTest[] = [];
  try {
    const [hindsight, reference] = await Promise.all([
      startHindsight(path.join(probeDir, 'hindsight.sock')),
      startReference(path.join(probeDir, 'reference.sock')),
    ]);
    servers.push(hindsight, reference);
    const results = { hindsight: [] as Measurement[], reference: [] as Measurement[] };
    // Alternating spreads the machine's noise over both servers alike.
    for (let rep = 0; rep < reps; rep++) {
      results.hindsight.push(await measureFrame(hindsight, hostile));
      results.reference.push(await measureFrame(reference, hostile));
    }
    const hindsightSummary = summarize(results.hindsight);
    const referenceSummary = summarize(results.reference);
    const ratio = hindsightSummary.stallMsMedian / referenceSummary.stallMsMedian;
    return {
      frameBytes,
      structs: hostile.structs,
      deleteRanges: hostile.deleteRanges,
      reps,
      hindsight: hindsightSummary,
      reference: referenceSummary,
      ratio: +ratio.toFixed(2),
      goal: '<= 2',
      goalMet: ratio <= 2,
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await stopAllServers();
    fs.rmSync(probeDir, { recursive: true, force: true });
  }
}

/**
 * One repetition: an observer (the stock client) and a raw sender join a fresh room; the setup is
 * sent and seen by the observer; then the probe is reset and the frame is sent, followed on the same
 * socket by a small marker update from another client. A server handles one socket's messages in
 * order (Hindsight's room applies writes in arrival order too), so once the observer has the marker,
 * the frame has been handled, whether it changed anything or not; a server that refuses the frame
 * closes the sender instead.
 */
async function measureFrame(server: ServerUnderTest, hostile: HostileUpdate): Promise<Measurement> {
  const { room, writeToken, readToken } = await server.openRoom();
  const observer = connectClient(server.wsUrl, room, readToken);
  const sender = openRaw(server.wsUrl, room, writeToken);
  let closeCode: number | null = null;
  void sender.closed.then(({ code }) => (closeCode = code));
  try {
    await Promise.all([observer.synced, sender.opened]);
    for (const setup of hostile.setup ?? []) {
      const arrived = holds(setup);
      sender.ws.send(syncUpdateFrame(setup));
      await waitFor(() => arrived(observer.doc), 'the setup at the observer', FRAME_TIMEOUT_MS);
    }
    const marker = markerUpdate();
    let markerSeen = false;
    let relayed = false;
    observer.doc.on('update', () => {
      if (!markerSeen && Y.getState(observer.doc.store, marker.client) > 0) markerSeen = true;
      else relayed = true;
    });
    await server.probe.reset();
    sender.ws.send(syncUpdateFrame(hostile.frame));
    sender.ws.send(syncUpdateFrame(marker.update));
    await waitFor(() => markerSeen || closeCode !== null, 'the frame to be handled', FRAME_TIMEOUT_MS);
    const stallMs = await server.probe.maxStallMs();
    await settle(sender);
    const outcome = closeCode !== null ? `closed ${closeCode}` : relayed ? 'relayed' : 'not relayed';
    return { stallMs, outcome };
  } finally {
    observer.destroy();
    sender.ws.close();
  }
}

/** Tells whether a doc has every struct of `update` (setup updates carry structs only). */
function holds(update: Uint8Array): (doc: Y.Doc) => boolean {
  const needed = [...Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update))];
  return (doc) => needed.every(([client, clock]) => Y.getState(doc.store, client) >= clock);
}

/** A one-item update from a client of its own, in a root of its own: independent of any frame. */
function markerUpdate(): { client: number; update: Uint8Array } {
  const client = 1 + Math.floor(Math.random() * 0x7fff_fffe);
  const marker = item({ parent: 'bench-marker', parentSub: 'handled', content: content.any(true) });
  return { client, update: forgeUpdate([{ client, clock: 0, structs: [marker] }]) };
}

/**
 * Makes sure a close the server sent before the marker has arrived: a ping sent now is answered
 * only after everything the server sent on this socket before it.
 */
async function settle(sender: RawSocket): Promise<void> {
  if (sender.ws.readyState !== WebSocket.OPEN) return void (await sender.closed);
  const pong = new Promise((resolve) => sender.ws.once('pong', resolve));
  sender.ws.ping();
  await Promise.race([pong, sender.closed]);
}

function summarize(measurements: Measurement[]) {
  const stalls = measurements.map((m) => m.stallMs).sort((a, b) => a - b);
  const mid = Math.floor(stalls.length / 2);
  const median = stalls.length % 2 ? stalls[mid]! : (stalls[mid - 1]! + stalls[mid]!) / 2;
  return {
    stallMsMedian: +median.toFixed(1),
    stallMsMax: +stalls[stalls.length - 1]!.toFixed(1),
    outcome: [...new Set(measurements.map((m) => m.outcome))].join(' / '),
  };
}

async function startHindsight(probeSocket: string): Promise<ServerUnderTest> {
  // startServer spawns the server as the tests do; the probe rides along in NODE_OPTIONS (after tsx,
  // which it needs to load).
  const nodeOptions = [process.env.NODE_OPTIONS, ...PROBE_NODE_ARGS].filter(Boolean).join(' ');
  const server = await startServer({
    env: { HINDSIGHT_LOG_LEVEL: 'info', NODE_OPTIONS: nodeOptions, STALL_PROBE_SOCKET: probeSocket },
  });
  return {
    wsUrl: server.wsUrl,
    probe: await connectProbe(probeSocket),
    async openRoom() {
      const review = await createReview(server.url, 'Hostile frames');
      return { room: review.id, writeToken: review.tokens.edit, readToken: review.tokens.view };
    },
    async stop() {
      await server.stop();
    },
  };
}

async function startReference(probeSocket: string): Promise<ServerUnderTest> {
  const child = fork(path.join(benchDir, 'reference-server.ts'), [], {
    cwd: benchDir,
    execArgv: PROBE_NODE_ARGS,
    env: { ...process.env, STALL_PROBE_SOCKET: probeSocket },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    void exited.then(() => reject(new Error('reference server exited before listening')));
  });
  return {
    // Any path names a document there; /sync/<room> keeps the clients' URLs the same for both servers.
    wsUrl: `ws://127.0.0.1:${port}`,
    probe: await connectProbe(probeSocket),
    async openRoom() {
      // It has no tokens: anyone may read and write any document.
      return { room: `hostile-${randomUUID()}`, writeToken: 'none', readToken: 'none' };
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

interface StallProbe {
  reset(): Promise<void>;
  maxStallMs(): Promise<number>;
}

/** The side channel of bench/stall-probe.ts in a server process; resolves once it answers. */
async function connectProbe(socketPath: string): Promise<StallProbe> {
  const call = (method: string, urlPath: string) =>
    new Promise<string>((resolve, reject) => {
      const req = http.request({ socketPath, method, path: urlPath }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        res.on('end', () => (res.statusCode! < 300 ? resolve(body) : reject(new Error(`probe: ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end();
    });
  await waitFor(
    () =>
      call('GET', '/report').then(
        () => true,
        () => false,
      ),
    'the stall probe',
  );
  return {
    reset: async () => void (await call('POST', '/reset')),
    maxStallMs: async () => (JSON.parse(await call('GET', '/report')) as { maxMs: number }).maxMs,
  };
}
