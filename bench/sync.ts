/**
 * Sync scenario: N editors in one review, each typing into its own finding at a steady rate.
 * Measures the delay from a keystroke at one client to its arrival at every other client
 * (which includes the synchronous SQLite commit before broadcast), and the server's memory.
 */
import { addFinding, findingText } from '@hindsight/review';
import { connectClient, waitFor } from '@hindsight/tests/support/clients';
import { createReview, startServer } from '@hindsight/tests/support/server';

export interface SyncBenchOptions {
  clients: number;
  editsPerClient: number;
  intervalMs: number;
}

export async function runSyncBench({ clients, editsPerClient, intervalMs }: SyncBenchOptions) {
  const server = await startServer({ env: { HINDSIGHT_LOG_LEVEL: 'info' } });
  try {
    const review = await createReview(server.url, 'Bench');
    const peers = Array.from({ length: clients }, () => connectClient(server.wsUrl, review.id, review.tokens.edit));
    await Promise.all(peers.map((p) => p.synced));
    const ids = peers.map((p, i) => addFinding(p.doc, { category: 'went-wrong', text: `peer ${i}: ` }));
    await waitFor(
      () => peers.every((p) => ids.every((id) => findingText(p.doc, id) !== undefined)),
      'findings everywhere',
      30_000,
    );

    // Each keystroke appends one character, so keystroke n of a sender has arrived at a receiver
    // once that sender's text there is n + 1 characters longer than it started.
    const baseLength = ids.map((id) => findingText(peers[0]!.doc, id)!.length);
    const sentAt: number[][] = peers.map(() => []);
    const seen = peers.map(() => peers.map(() => 0));
    const delays: number[] = [];
    peers.forEach((peer, receiver) => {
      peer.doc.on('update', () => {
        const now = performance.now();
        ids.forEach((id, sender) => {
          if (sender === receiver) return;
          const arrived = findingText(peer.doc, id)!.length - baseLength[sender]!;
          for (let n = seen[receiver]![sender]!; n < arrived; n++) delays.push(now - sentAt[sender]![n]!);
          seen[receiver]![sender] = Math.max(seen[receiver]![sender]!, arrived);
        });
      });
    });
    const started = performance.now();
    for (let n = 0; n < editsPerClient; n++) {
      peers.forEach((peer, i) => {
        const text = findingText(peer.doc, ids[i]!)!;
        sentAt[i]![n] = performance.now();
        text.insert(text.length, 'x');
      });
      await new Promise((r) => setTimeout(r, intervalMs));
    }
    const expected = clients * (clients - 1) * editsPerClient;
    await waitFor(() => delays.length >= expected, 'every keystroke to arrive everywhere', 60_000);
    const elapsed = performance.now() - started;
    const rss = await serverRssMb(server.process.pid!);
    for (const p of peers) p.destroy();
    delays.sort((a, b) => a - b);
    const pct = (q: number) => delays[Math.min(delays.length - 1, Math.floor(q * delays.length))]!;
    return {
      clients,
      updates: clients * editsPerClient,
      updatesPerSecond: Math.round((clients * editsPerClient) / (elapsed / 1000)),
      deliveries: delays.length,
      p50Ms: +pct(0.5).toFixed(1),
      p95Ms: +pct(0.95).toFixed(1),
      p99Ms: +pct(0.99).toFixed(1),
      serverRssMb: rss,
    };
  } finally {
    await server.stop();
  }
}

async function serverRssMb(pid: number): Promise<number | null> {
  try {
    const { readFile } = await import('node:fs/promises');
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
}
