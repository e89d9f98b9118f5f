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
import { createReview, startServer } from '../support/server';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/board.png');

ensureWebBuild();
const server = await startServer();
const profiles: string[] = [];
try {
  const review = await createReview(server.url, 'Sample');
  const seeder = connectClient(server.wsUrl, review.id, review.tokens.edit);
  await seeder.synced;
  fillSampleReview(seeder.doc);
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
