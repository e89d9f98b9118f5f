/**
 * A team space in real browsers against a real server (issue 15 part 3): Priya makes a space from
 * the home page, two reviews are created in it through the API and a third is moved in from its
 * board's Share panel; findings, root causes and actions (with weaknesses and one overdue action)
 * are written by stock y-websocket clients, and one word is typed on a board. The space page then
 * finds that word, lists every action with the overdue one first (and as CSV), and charts the
 * weaknesses; the member link shows the same page read-only and opens the reviews read-only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  addAction,
  addFinding,
  promoteToRootCause,
  updateFinding,
  updateRootCause,
  type Weakness,
} from '@hindsight/review';
import { connectClient, type SyncClient } from '../support/clients';
import { connectionState, openBoard, outputDir, useBrowserPeople } from '../support/browser';
import { createReview, type CreatedReview } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('spaces');

const SPACE = 'Payments platform';
const OVERDUE_ACTION = 'Add a canary stage to config pushes';
/** The word typed on a board, found by the space's search. */
const WORD = 'zeppelin';

interface SeededFinding {
  text: string;
  weakness: Weakness;
  rootCause?: boolean;
  action?: { title: string; owner: string; due: string };
}

/** Writes findings (some promoted to root causes, each with its weakness) and their actions, as a stock client. */
async function seed(wsUrl: string, review: CreatedReview, findings: SeededFinding[]): Promise<SyncClient> {
  const client = connectClient(wsUrl, review.id, review.tokens.edit);
  await client.synced;
  for (const finding of findings) {
    const findingId = addFinding(client.doc, { category: 'went-wrong', text: finding.text, author: 'Sam' });
    updateFinding(client.doc, findingId, { weakness: finding.weakness });
    if (finding.rootCause) {
      const candidateId = promoteToRootCause(client.doc, { kind: 'finding', id: findingId });
      updateRootCause(client.doc, candidateId, { weakness: finding.weakness });
    }
    if (finding.action)
      addAction(client.doc, { ...finding.action, findingIds: [findingId], weakness: finding.weakness });
  }
  return client;
}

/** `POST /api/spaces/:id/reviews` with a space token: the status and body. */
async function createInSpace(baseUrl: string, spaceId: string, token: string, title: string, severity: string) {
  const response = await fetch(`${baseUrl}/api/spaces/${spaceId}/reviews`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title, severity }),
  });
  return { status: response.status, body: (await response.json()) as CreatedReview };
}

/** The links of the review this page just created, as the page kept them (app/access.ts). */
async function createdHere(page: Page): Promise<CreatedReview> {
  const reviewId = new URL(page.url()).pathname.split('/')[2]!;
  const stored = await page.evaluate((id) => localStorage.getItem(`hindsight:review:${id}`), reviewId);
  return JSON.parse(stored!) as CreatedReview;
}

const tokenOf = (link: string) => new URLSearchParams(new URL(link).hash.slice(1)).get('token')!;
const spaceIdOf = (link: string) => new URL(link).pathname.split('/')[2]!;
const reviewTitles = (page: Page) => page.getByTestId('space-review-title').allTextContents();

describe('team spaces', () => {
  it('shows search hits, the cross-review follow-ups and the weakness chart; a member link reads it all read-only', async () => {
    const server = await startTestServer();
    const priya = (await openPerson('priya')).page;
    const seeders: SyncClient[] = [];
    try {
      // Priya makes the space from the home page and lands on it as its admin.
      await priya.goto(server.url);
      await priya.getByTestId('new-space-name').fill(SPACE);
      await priya.getByTestId('new-space-create').click();
      await expect.poll(() => priya.getByTestId('space-name').textContent(), { timeout: 15_000 }).toBe(SPACE);
      expect(await priya.getByTestId('space-role').getAttribute('data-role')).toBe('admin');
      await priya.getByText('Share links').click();
      const adminLink = await priya.getByTestId('space-admin-link').inputValue();
      const memberLink = await priya.getByTestId('space-member-link').inputValue();
      const spaceId = spaceIdOf(adminLink);
      const adminToken = tokenOf(adminLink);

      // Two reviews created in the space: one through the API (a member token may not), one with the
      // page's "New review", which opens its board for Priya to facilitate. Stock clients seed both.
      expect((await createInSpace(server.url, spaceId, tokenOf(memberLink), 'Not allowed', 'SEV4')).status).toBe(403);
      const checkout = await createInSpace(
        server.url,
        spaceId,
        adminToken,
        'Checkout errors after a config push',
        'SEV1',
      );
      expect(checkout.status).toBe(201);
      await priya.getByTestId('space-new-review').click();
      const form = priya.getByTestId('space-new-review-form');
      await form.getByLabel('Incident title').fill('Search latency doubled after a deploy');
      await form.getByLabel('Severity').selectOption('SEV2');
      await form.getByRole('button', { name: 'Create review' }).click();
      await expect.poll(() => priya.getByTestId('review-role').textContent(), { timeout: 15_000 }).toBe('Facilitator');
      const search = { body: await createdHere(priya) };
      seeders.push(
        await seed(server.wsUrl, checkout.body, [
          {
            text: 'The config push skipped the canary stage',
            weakness: 'deployment-rollback',
            rootCause: true,
            action: { title: OVERDUE_ACTION, owner: 'Sam', due: '2021-03-01' },
          },
        ]),
        await seed(server.wsUrl, search.body, [
          {
            text: 'Rolling back took forty minutes',
            weakness: 'deployment-rollback',
            rootCause: true,
            action: { title: 'Automate the rollback', owner: 'Kofi', due: '2099-06-01' },
          },
          {
            text: 'No alert fired on p99 latency',
            weakness: 'monitoring-alerting',
            action: { title: 'Alert on p99 latency', owner: 'Ana', due: '2099-03-01' },
          },
        ]),
      );

      // The third review starts outside the space; its facilitator moves it in from the Share panel.
      const webhooks = await createReview(server.url, 'Payments webhook backlog', 'SEV3');
      seeders.push(
        await seed(server.wsUrl, webhooks, [
          {
            text: 'Webhook workers did not scale out',
            weakness: 'capacity',
            action: { title: 'Autoscale the webhook workers', owner: '', due: '' },
          },
        ]),
      );
      await openBoard(priya, webhooks.links.facilitator, 'live', { section: 'findings-section' });
      await priya.getByTestId('share-button').click();
      await priya.getByTestId('space-move-link').fill(adminLink);
      await priya.getByRole('button', { name: 'Move', exact: true }).click();
      await expect.poll(() => priya.getByTestId('review-space-name').textContent()).toContain(SPACE);
      await priya.getByTestId('space-move').screenshot({ path: path.join(outputDir, 'spaces-move.png') });
      await priya.keyboard.press('Escape');
      expect(await priya.getByTestId('board-space-name').textContent()).toContain(SPACE);

      // A word typed on that board.
      const note = priya.getByTestId('quick-add-went-wrong');
      await note.fill(`Workers sat idle like a grounded ${WORD}`);
      await note.press('Enter');
      const typedAt = Date.now();

      // The space page: all three reviews, and the typed word found in the third one's finding.
      await priya.goto(adminLink);
      await expect.poll(() => reviewTitles(priya), { timeout: 15_000 }).toHaveLength(3);
      await priya.getByTestId('space-search').fill(WORD);
      await expect.poll(() => reviewTitles(priya), { timeout: 15_000 }).toEqual(['Payments webhook backlog']);
      const hit = priya.getByTestId('space-hit').first();
      expect(await hit.getAttribute('data-section')).toBe('finding');
      expect(await hit.textContent()).toContain(`grounded ${WORD}`);
      expect(await hit.locator('mark').allTextContents()).toEqual([WORD]);
      console.log(`search hit for the typed word shown ${Date.now() - typedAt} ms after typing`);
      await priya.getByTestId('space-reviews').screenshot({ path: path.join(outputDir, 'spaces-search.png') });

      // A filter narrows the list without words: SEV2 only.
      await priya.getByTestId('space-search').fill('');
      await priya.getByTestId('space-filter-severity').selectOption('SEV2');
      await expect.poll(() => reviewTitles(priya)).toEqual(['Search latency doubled after a deploy']);
      await priya.getByTestId('space-filter-severity').selectOption('');
      await expect.poll(() => reviewTitles(priya)).toHaveLength(3);

      // Follow-ups: every action of the three reviews, the overdue one first, marked, linked to its review.
      const actions = priya.getByTestId('space-action');
      await expect.poll(() => actions.count(), { timeout: 15_000 }).toBe(4);
      expect(await actions.first().getAttribute('data-overdue')).toBe('true');
      expect(await actions.first().getByTestId('space-action-title').textContent()).toBe(OVERDUE_ACTION);
      expect(await actions.first().textContent()).toContain('Overdue');
      expect(await actions.first().getByTestId('space-action-review').textContent()).toBe(
        'Checkout errors after a config push',
      );
      for (let index = 1; index < 4; index++) expect(await actions.nth(index).getAttribute('data-overdue')).toBeNull();
      const downloading = priya.waitForEvent('download');
      await priya.getByTestId('space-actions-csv').click();
      const csv = fs.readFileSync((await (await downloading).path())!, 'utf8');
      expect(csv.split(/\r?\n/)[1]).toContain(OVERDUE_ACTION);
      expect(csv).toContain('Autoscale the webhook workers');

      // Recurring weaknesses: the sentence and the chart's bars, each named.
      const weaknesses = priya.getByTestId('space-weaknesses');
      await expect
        .poll(() => weaknesses.getByTestId('weakness-sentence').first().textContent(), { timeout: 15_000 })
        .toBe('Deployment and rollback: 2 of the last 3 incidents, 2 actions open');
      const month = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
        new Date(),
      );
      for (const name of [
        'Deployment and rollback: 2 reviews',
        'Deployment and rollback: 2 root causes',
        'Deployment and rollback: 2 open actions',
        'Monitoring and alerting: 1 review',
        'Monitoring and alerting: 0 root causes',
        'Capacity: 1 open action',
        `${month}, Deployment and rollback: 2 reviews`,
        `${month}, Capacity: 1 review`,
      ]) {
        await expect
          .poll(() => weaknesses.getByRole('img', { name, exact: true }).count(), { timeout: 10_000 })
          .toBe(1);
      }
      await priya.screenshot({ path: path.join(outputDir, 'spaces-admin.png'), fullPage: true });

      // The home page remembers the space, as its admin.
      await priya.goto(server.url);
      const mySpace = priya.getByTestId('my-space');
      await expect.poll(() => mySpace.getByTestId('my-space-name').allTextContents()).toEqual([SPACE]);
      expect(await mySpace.textContent()).toContain('Admin');

      // The member link: the same page, read-only, and a review opens read-only.
      const sam = (await openPerson('sam')).page;
      await sam.goto(memberLink);
      await expect
        .poll(() => sam.getByTestId('space-role').getAttribute('data-role'), { timeout: 15_000 })
        .toBe('member');
      await expect.poll(() => reviewTitles(sam)).toHaveLength(3);
      expect(await sam.getByTestId('space-new-review').count()).toBe(0);
      expect(await sam.getByTestId('space-invite').count()).toBe(0);
      expect(await sam.getByTestId('space-read-only').isVisible()).toBe(true);
      await expect.poll(() => sam.getByTestId('space-action').count()).toBe(4);
      await expect
        .poll(() => sam.getByTestId('weakness-sentence').first().textContent())
        .toBe('Deployment and rollback: 2 of the last 3 incidents, 2 actions open');
      await sam.screenshot({ path: path.join(outputDir, 'spaces-member.png'), fullPage: true });
      // On a phone the page fits the screen: nothing, the chart included, scrolls sideways.
      await sam.setViewportSize({ width: 390, height: 844 });
      await expect.poll(() => sam.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await sam.screenshot({ path: path.join(outputDir, 'spaces-phone.png'), fullPage: true });
      await sam.setViewportSize({ width: 1280, height: 800 });
      await sam.getByTestId('space-review-title').filter({ hasText: 'Payments webhook backlog' }).click();
      await expect.poll(() => connectionState(sam).getAttribute('data-state'), { timeout: 15_000 }).toBe('read-only');
      expect(sam.url()).toContain(`/r/${webhooks.id}`);
      await expect.poll(() => sam.getByText(`Workers sat idle like a grounded ${WORD}`).count()).toBeGreaterThan(0);
      expect(await sam.locator('[data-testid^="quick-add-"], [contenteditable="true"]').count()).toBe(0);

      // Priya revokes the member link: Sam's open space page says so within a refresh, and her
      // panel offers a new member link instead of the revoked one.
      await sam.goBack();
      await expect.poll(() => reviewTitles(sam), { timeout: 15_000 }).toHaveLength(3);
      await priya.goto(adminLink);
      await priya.getByText('Share links').click();
      const memberRow = priya.locator('[data-testid="space-link"][data-kind="member"]');
      await memberRow.getByTestId('space-link-revoke').click();
      await memberRow.getByTestId('space-link-revoke-confirm').click();
      await expect.poll(() => memberRow.getAttribute('data-active')).toBe('false');
      await priya.getByTestId('space-create-member-link').waitFor();
      expect(await priya.getByTestId('space-member-link').count()).toBe(0);
      await priya.getByTestId('space-invite').screenshot({ path: path.join(outputDir, 'spaces-links.png') });
      await expect
        .poll(() => sam.getByTestId('error-page').locator('h1').textContent(), { timeout: 15_000 })
        .toBe('This link was revoked');
    } finally {
      for (const seeder of seeders) seeder.destroy();
    }
  });
});
