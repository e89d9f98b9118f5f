/**
 * `pnpm screenshot`: fills a review with the sample incident on a real server, opens it in
 * Chromium as two people and saves docs/board.png (the README's picture of a filled board).
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

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/board.png');

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
  const open = async (name: string, link: string, width = 1280) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-shot-'));
    profiles.push(dir);
    const context = await launchContext(dir, { width, height: 900 });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.addInitScript((n) => {
      localStorage.setItem('hindsight:display-name', n);
    }, name);
    await page.goto(link);
    await page.locator('[data-testid="connection-state"][data-state="live"]').waitFor();
    return { context, page };
  };
  const sam = await open('Sam', review.links.edit);
  const priya = await open('Priya', review.links.facilitator);
  await priya.page.getByText('Rollback took 8 minutes once decided').first().waitFor();
  await sam.page.getByText('Traffic was low (Saturday morning)').first().waitFor();
  // Sam is typing in a note, so Priya's board shows presence on it.
  await sam.page.getByText('Traffic was low (Saturday morning)').first().focus();
  await priya.page.waitForTimeout(500); // let presence and fonts settle for the picture
  // Rows off screen are skipped by content-visibility; a viewport as tall as the page paints them all.
  const height = await priya.page.evaluate(() => document.documentElement.scrollHeight);
  await priya.page.setViewportSize({ width: 1280, height });
  await priya.page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
  seeder.destroy();
  await sam.context.close();
  await priya.context.close();
} finally {
  await server.stop();
  for (const dir of profiles) fs.rmSync(dir, { recursive: true, force: true });
}

/** The review mid-session: anonymous notes revealed, votes cast and revealed, in the vote phase. */
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
}
