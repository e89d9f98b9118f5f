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
import { mulberry32 } from '@hindsight/review/testing';
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

interface ManifestChunk {
  file: string;
  imports?: string[];
}

/**
 * Gzip size of the JavaScript the board needs for its first paint: the entry, the board route's
 * chunk and everything they import statically (from Vite's manifest). Lazy chunks such as the
 * narrative editor and the import dialog load afterwards and are not counted.
 */
export function boardFirstPaintJs(): { files: string[]; gzipBytes: number } {
  const manifest = JSON.parse(fs.readFileSync(path.join(webDist, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    for (const dep of manifest[key]!.imports ?? []) visit(dep);
  };
  visit('index.html');
  visit('src/board/BoardPage.tsx');
  const files = [...seen].map((key) => '/' + manifest[key]!.file);
  return { files, gzipBytes: gzipSizeOf(files) };
}

/** Gzip size of built files, by their URL path under the web app. */
function gzipSizeOf(urls: string[]): number {
  return urls.reduce((sum, url) => sum + gzipSync(fs.readFileSync(path.join(webDist, url))).length, 0);
}

export async function runWebBench(options: WebBenchOptions) {
  const random = mulberry32(options.seed);
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
    // Interactive: live, every note and event rendered, and a note's text box there to type in.
    // Checked in the page on every frame and timed from navigation start (performance.now()), so
    // the number does not include Playwright's polling back-off.
    // (A string, not a function: tsx would wrap inner functions in a helper the page does not have.)
    await page.addInitScript(`
      (() => {
        const check = () => {
          const ready =
            document.querySelector('[data-testid="connection-state"][data-state="live"]') &&
            document.querySelectorAll('[data-testid="finding"]').length >= ${options.findings} &&
            document.querySelectorAll('[data-testid="timeline-event"]').length >= ${options.events} &&
            document.querySelector('[data-testid="note-text"]');
          if (ready) window.__interactiveAt = performance.now();
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      })();
    `);
    await page.goto(review.links.edit);
    const noteText = page.getByTestId('note-text').first();
    await page.waitForFunction(() => (window as unknown as { __interactiveAt?: number }).__interactiveAt, null, {
      timeout: 60_000,
    });
    const interactiveMs = Math.round(
      await page.evaluate(() => (window as unknown as { __interactiveAt: number }).__interactiveAt),
    );
    const paint = await page.evaluate(() => {
      const entries = performance.getEntriesByType('paint');
      return Object.fromEntries(entries.map((e) => [e.name, Math.round(e.startTime)]));
    });
    // The scripts the board needed before it was interactive, by URL (lazy chunks loaded later are not counted).
    const scripts = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => e.name.endsWith('.js'))
        .map((e) => ({
          url: new URL(e.name).pathname,
          start: Math.round(e.startTime),
          end: Math.round((e as PerformanceResourceTiming).responseEnd),
        })),
    );
    const timings = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const api = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/reviews/'));
      return {
        domContentLoaded: nav ? Math.round(nav.domContentLoadedEventEnd) : null,
        apiStart: api ? Math.round(api.startTime) : null,
        apiDone: api ? Math.round((api as PerformanceResourceTiming).responseEnd) : null,
        synced: Math.round(performance.getEntriesByName('hindsight:synced')[0]?.startTime ?? -1),
        now: Math.round(performance.now()),
      };
    });
    if (process.env.BENCH_VERBOSE) console.error(JSON.stringify({ scripts, timings }));

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
    await noteText.focus();
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
      firstPaintJsGzipKb: +(boardFirstPaintJs().gzipBytes / 1024).toFixed(1),
      allBoardJsGzipKb: +(gzipSizeOf(scripts.map((s) => s.url)) / 1024).toFixed(1),
    };
  } finally {
    for (const p of peers) p.destroy();
    await server.stop();
    fs.rmSync(profileDir, { recursive: true, force: true });
  }
}
