/**
 * Web scenario: a board with 500 findings and 300 timeline events in headless Chromium.
 * Measures time from navigation to interactive (board rendered and live, an edit control focusable)
 * and the delay between a keystroke and the next painted frame while 20 remote peers edit, plus the
 * size of the JavaScript the first page load needs (gzip).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import {
  addFinding,
  addTimelineEvent,
  FINDING_CATEGORIES,
  findingText,
  listFindings,
  TIMELINE_KINDS,
} from '@hindsight/review';
import { launchContext } from '@hindsight/tests/support/browser';
import { connectClient, waitFor, type SyncClient } from '@hindsight/tests/support/clients';
import { createReview, startServer } from '@hindsight/tests/support/server';

const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../apps/web/dist');

export interface WebBenchOptions {
  findings: number;
  events: number;
  peers: number;
  /** Edits per second of each remote peer. */
  peerRate: number;
  keystrokes: number;
  seed: number;
}

/** Gzip size of the scripts index.html loads (entry and modulepreloads), i.e. before any lazy chunk. */
export function initialJsGzipBytes(): { files: string[]; gzipBytes: number } {
  const html = fs.readFileSync(path.join(webDist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const gzipBytes = files.reduce((sum, file) => sum + gzipSync(fs.readFileSync(path.join(webDist, file))).length, 0);
  return { files, gzipBytes };
}

/** Small seeded PRNG (mulberry32): the run is repeatable from its printed seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function runWebBench(options: WebBenchOptions) {
  const random = prng(options.seed);
  const server = await startServer({ env: { HINDSIGHT_LOG_LEVEL: 'info' } });
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-bench-'));
  const peers: SyncClient[] = [];
  try {
    const review = await createReview(server.url, 'Bench: checkout outage');
    const seeder = connectClient(server.wsUrl, review.id, review.tokens.edit);
    await seeder.synced;
    seeder.doc.transact(() => {
      const start = Date.parse('2026-03-14T13:00:00Z');
      for (let i = 0; i < options.events; i++) {
        const at = new Date(start + Math.floor(random() * 4 * 3600_000)).toISOString();
        const kind = TIMELINE_KINDS[i % TIMELINE_KINDS.length]!;
        addTimelineEvent(seeder.doc, {
          at,
          kind,
          text: `Event ${i}: checkout latency rose on node ${i % 17}`,
          source: 'bench',
        });
      }
      for (let i = 0; i < options.findings; i++) {
        const category = FINDING_CATEGORIES[i % FINDING_CATEGORIES.length]!;
        addFinding(seeder.doc, {
          category,
          text: `Finding ${i}: the retry budget was not enforced in service ${i % 23}`,
        });
      }
    });
    const seededIds = listFindings(seeder.doc).map((f) => f.id);
    // Wait until the server has stored the seed: a fresh client sees all of it.
    const check = connectClient(server.wsUrl, review.id, review.tokens.view);
    await check.synced;
    await waitFor(() => listFindings(check.doc).length === options.findings, 'seed stored', 60_000);
    check.destroy();
    seeder.destroy();

    const context = await launchContext(profileDir);
    const page = context.pages()[0] ?? (await context.newPage());
    // A remembered display name, so no first-join dialog stands between navigation and the board.
    await page.addInitScript(() => {
      try {
        localStorage.setItem('hindsight:display-name', 'Bench');
      } catch {
        /* storage unavailable: the dialog will show */
      }
    });
    const navStart = Date.now();
    await page.goto(review.links.edit);
    const title = page.getByRole('textbox', { name: /title/i }).first();
    await page.getByTestId('connection-state').and(page.locator('[data-state="live"]')).waitFor({ timeout: 60_000 });
    await title.waitFor({ state: 'visible', timeout: 60_000 });
    await page.waitForFunction((n) => document.body.innerText.includes(`Finding ${n - 1}:`), options.findings, {
      timeout: 60_000,
    });
    const interactiveMs = Date.now() - navStart;
    const paint = await page.evaluate(() => {
      const entries = performance.getEntriesByType('paint');
      return Object.fromEntries(entries.map((e) => [e.name, Math.round(e.startTime)]));
    });

    // 20 remote peers typing into random notes while the local user types.
    for (let i = 0; i < options.peers; i++) peers.push(connectClient(server.wsUrl, review.id, review.tokens.edit));
    await Promise.all(peers.map((p) => p.synced));
    let peerEdits = 0;
    const timer = setInterval(() => {
      for (const peer of peers) {
        if (random() > options.peerRate / 10) continue;
        const id = seededIds[Math.floor(random() * seededIds.length)]!;
        const text = findingText(peer.doc, id);
        if (!text) continue;
        text.insert(Math.floor(random() * (text.length + 1)), 'x');
        peerEdits++;
      }
    }, 100);

    await page.evaluate(() => {
      const w = window as unknown as { __delays: number[] };
      w.__delays = [];
      let start = 0;
      document.addEventListener('keydown', () => (start = performance.now()), true);
      document.addEventListener(
        'input',
        () => {
          const t0 = start;
          requestAnimationFrame(() => setTimeout(() => w.__delays.push(performance.now() - t0), 0));
        },
        true,
      );
    });
    await title.click();
    await page.keyboard.press('End');
    for (let i = 0; i < options.keystrokes; i++) {
      await page.keyboard.type(String.fromCharCode(97 + (i % 26)));
      await page.waitForTimeout(50); // a typing cadence (~20 keys/s), not a wait for a condition
    }
    await page.waitForFunction(
      (n) => (window as unknown as { __delays: number[] }).__delays.length >= n,
      options.keystrokes,
    );
    clearInterval(timer);
    const delays = (await page.evaluate(() => (window as unknown as { __delays: number[] }).__delays)).sort(
      (a, b) => a - b,
    );
    const pct = (q: number) => +delays[Math.min(delays.length - 1, Math.floor(q * delays.length))]!.toFixed(1);
    await context.close();
    return {
      seed: options.seed,
      findings: options.findings,
      events: options.events,
      interactiveMs,
      firstContentfulPaintMs: paint['first-contentful-paint'] ?? null,
      peers: options.peers,
      peerEditsDuringTyping: peerEdits,
      keystrokeToFrameP50Ms: pct(0.5),
      keystrokeToFrameP95Ms: pct(0.95),
      keystrokeToFrameMaxMs: pct(1),
      initialJsGzipKb: +(initialJsGzipBytes().gzipBytes / 1024).toFixed(1),
    };
  } finally {
    for (const p of peers) p.destroy();
    await server.stop();
    fs.rmSync(profileDir, { recursive: true, force: true });
  }
}
