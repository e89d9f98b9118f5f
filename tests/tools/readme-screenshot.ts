/**
 * `pnpm screenshot`: fills a review with the sample incident on a real server, opens it in
 * Chromium as two editors and a reader and saves docs/board.png (the README's picture of a filled
 * board: a reworded note says who edited it, the ranking is locked, the reader is counted) and
 * docs/board-phone.png (the report on a 390 px phone).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWebBuild, launchContext } from '../support/browser';
import { connectClient } from '../support/clients';
import { fillSampleReview } from '../support/sample-review';
import { createReview, startServer, type CreatedReview } from '../support/server';
import { listRootCauses } from '@hindsight/review';
import { randomBytes } from 'node:crypto';

const docs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs');
const out = path.join(docs, 'board.png');
const phoneOut = path.join(docs, 'board-phone.png');

ensureWebBuild();
const server = await startServer();
const profiles: string[] = [];
try {
  const review = await createReview(server.url, 'Sample');
  const seeder = connectClient(server.wsUrl, review.id, review.tokens.edit);
  await seeder.synced;
  fillSampleReview(seeder.doc);
  await showFacilitation(
    server.url,
    review,
    listRootCauses(seeder.doc).map((c) => c.id),
  );
  const open = async (name: string, link: string, width = 1280, state = 'live', height = 900) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-shot-'));
    profiles.push(dir);
    const context = await launchContext(dir, { width, height });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.addInitScript((n) => {
      localStorage.setItem('hindsight:display-name', n);
    }, name);
    await page.goto(link);
    await page.locator(`[data-testid="connection-state"][data-state="${state}"]`).waitFor();
    return { context, page };
  };
  const sam = await open('Sam', review.links.edit);
  const priya = await open('Priya', review.links.facilitator);
  await priya.page.getByText('Rollback took 8 minutes once decided').first().waitFor();
  await sam.page.getByText('Traffic was low (Saturday morning)').first().waitFor();
  seeder.destroy(); // its edits are on every board by now; it is nobody to count
  // A reader on a phone: counted in "present" by everyone, and the report fits a 390 px screen.
  const reader = await open('Chen', review.links.view, 390, 'read-only', 844);
  await reader.page.getByTestId('report').waitFor();
  await reader.page.getByText('Rollback took 8 minutes once decided').first().waitFor();
  await reader.page.locator('[data-testid="presence-toggle"][data-count="3"]').waitFor();
  await reader.page.screenshot({ path: phoneOut });
  console.log(`wrote ${phoneOut}`);
  await priya.page.locator('[data-testid="presence-toggle"][data-count="3"]').waitFor();
  // Sam is typing in a note, so Priya's board shows presence on it.
  await sam.page.getByText('Traffic was low (Saturday morning)').first().focus();
  await priya.page.waitForTimeout(500); // let presence and fonts settle for the picture
  // Rows off screen are skipped by content-visibility; a viewport as tall as the page paints them all.
  const height = await priya.page.evaluate(() => document.documentElement.scrollHeight);
  await priya.page.setViewportSize({ width: 1280, height });
  await priya.page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
  await sam.context.close();
  await priya.context.close();
  await reader.context.close();
} finally {
  await server.stop();
  for (const dir of profiles) fs.rmSync(dir, { recursive: true, force: true });
}

/** The review mid-session: anonymous notes revealed, votes cast, the ranking revealed and locked. */
async function showFacilitation(url: string, review: CreatedReview, candidates: string[]): Promise<void> {
  const call = async (method: string, route: string, token: string, body?: unknown) => {
    const res = await fetch(`${url}/api/reviews/${review.id}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  const facilitator = review.tokens.facilitator;
  await call('PATCH', '/control', facilitator, { anonymity: 'optional' });
  const people = await Promise.all(
    [1, 2, 3, 4].map(async () => (await call('POST', '/participants', review.tokens.edit)).participantToken as string),
  );
  for (const [index, text] of [
    'Nobody felt able to call the rollback without the service owner',
    'Alert thresholds were tuned for weekday traffic only',
  ].entries()) {
    const secret = randomBytes(32).toString('base64url');
    await call('POST', '/anonymous-findings', people[index]!, { category: 'contributing-factor', text, secret });
  }
  await call('POST', '/anonymous-findings/reveal', facilitator);
  await call('PATCH', '/control', facilitator, { phase: 'vote', voting: 'open' });
  const ballots = [
    [0, 0, 1],
    [0, 1, 2],
    [0, 1, 1],
    [2, 0, 1],
  ];
  for (const [person, picks] of ballots.entries()) {
    for (const pick of picks) {
      const candidateId = candidates[pick % candidates.length];
      if (candidateId) await call('POST', '/votes', people[person]!, { candidateId, delta: 1 });
    }
  }
  await call('PATCH', '/control', facilitator, {
    votesRevealed: true,
    phaseEndsAt: new Date(Date.now() + 4 * 60_000).toISOString(),
  });
  // final: candidates can no longer be promoted or demoted, and the board says why
  await call('PATCH', '/control', facilitator, { voting: 'locked' });
}
