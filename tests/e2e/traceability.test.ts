/**
 * Traceability in real browsers against a real server: an editor links an action to a root cause
 * and the facilitator's board shows the coverage change live; an accepted risk with its reason and
 * a weakness (on a root cause, on a note) show the same way; closing with a root cause nobody addressed warns and lists the gap; the report
 * prints the chain root cause → actions and the gap.
 *
 * Findings, candidates and actions are seeded by a plain y-websocket client before the browsers
 * open, so this suite depends only on the traceability UI.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addAction, addFinding, promoteToRootCause } from '@hindsight/review';
import { connectClient } from '../support/clients';
import { openBoard, outputDir, type Person, useBrowserPeople } from '../support/browser';
import { createReview } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('traceability');

const CANARY_CAUSE = 'Deploy skipped the canary stage';
const ROTA_CAUSE = 'Pager went to the old rota';
const TRAFFIC_CAUSE = 'Traffic was at its weekly low';
const CANARY_ACTION = 'Add a canary stage to config pushes';

async function join(person: Person, url: string, name: string): Promise<Page> {
  const { page } = person;
  await page.addInitScript((displayName) => {
    if (!localStorage.getItem('hindsight:display-name')) localStorage.setItem('hindsight:display-name', displayName);
  }, name);
  await openBoard(page, url, 'live', { name, section: 'root-causes-section' });
  return page;
}

const cause = (page: Page, candidateId: string) => page.locator(`[data-root-cause-id="${candidateId}"]`);
const coverageState = (page: Page, candidateId: string) =>
  cause(page, candidateId).getByTestId('root-cause-coverage').getAttribute('data-state');

describe('traceability on the board', () => {
  it('shows coverage change live in another tab, warns when closing with a gap, and the report lists it', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Checkout outage');
    const seeder = connectClient(server.wsUrl, review.id, review.tokens.edit);
    try {
      await seeder.synced;
      const doc = seeder.doc;
      const canary = addFinding(doc, { category: 'contributing-factor', text: CANARY_CAUSE });
      const rota = addFinding(doc, { category: 'went-wrong', text: ROTA_CAUSE });
      const traffic = addFinding(doc, { category: 'lucky', text: TRAFFIC_CAUSE });
      const canaryId = promoteToRootCause(doc, { kind: 'finding', id: canary });
      const rotaId = promoteToRootCause(doc, { kind: 'finding', id: rota });
      const trafficId = promoteToRootCause(doc, { kind: 'finding', id: traffic });
      const action = addAction(doc, { title: CANARY_ACTION, owner: 'Sam', due: '2099-06-01' });

      const priya = await join(await openPerson('priya'), review.links.facilitator, 'Priya');
      const sam = await join(await openPerson('sam'), review.links.edit, 'Sam');
      for (const id of [canaryId, rotaId, trafficId]) {
        await expect.poll(() => coverageState(priya, id)).toBe('uncovered');
      }

      // Sam links the action to the canary root cause; Priya's board shows it covered, naming the action.
      const row = sam.locator(`[data-action-id="${action}"]`);
      await row.getByRole('button', { name: 'Link findings' }).click();
      await sam
        .getByTestId('root-cause-options')
        .getByRole('checkbox', { name: new RegExp(CANARY_CAUSE) })
        .check();
      await row.getByTestId('root-cause-chip').waitFor();
      await sam.keyboard.press('Escape');
      await row.screenshot({ path: path.join(outputDir, 'traceability-action.png') });
      await expect.poll(() => coverageState(priya, canaryId)).toBe('covered');
      expect(await cause(priya, canaryId).getByTestId('root-cause-actions').textContent()).toContain(CANARY_ACTION);
      expect(await coverageState(priya, rotaId)).toBe('uncovered');

      // Sam accepts the risk of the lucky one with a reason and files it under a weakness.
      await cause(sam, trafficId).getByTestId('accept-risk').click();
      await cause(sam, trafficId).getByTestId('accept-risk-reason').fill('Peak traffic is load-tested monthly');
      await cause(sam, trafficId).getByRole('button', { name: 'Accept', exact: true }).click();
      await cause(sam, trafficId).getByTestId('weakness-select').selectOption('capacity');
      await expect.poll(() => coverageState(priya, trafficId)).toBe('accepted');
      expect(await cause(priya, trafficId).getByTestId('accepted-risk').textContent()).toContain(
        'Peak traffic is load-tested monthly',
      );
      await expect.poll(() => cause(priya, trafficId).getByTestId('weakness-select').inputValue()).toBe('capacity');

      // Sam files the canary note under a weakness from its menu; Priya's note shows it.
      const samNote = sam.locator(`[data-testid="finding"][data-finding-id="${canary}"]`);
      await samNote.getByTestId('note-menu').click();
      await sam.getByTestId('weakness-deployment-rollback').click();
      const priyaNote = priya.locator(`[data-testid="finding"][data-finding-id="${canary}"]`);
      await expect.poll(() => priyaNote.getByTestId('note-weakness').textContent()).toBe('Deployment and rollback');

      // Closing with the rota cause uncovered: the confirmation warns and names it.
      await priya.getByRole('button', { name: 'Close review' }).click();
      const warning = priya.getByTestId('close-gaps-warning');
      await warning.waitFor();
      expect(await warning.textContent()).toContain(`“${ROTA_CAUSE}” has no action and no accepted risk`);
      expect(await warning.textContent()).not.toContain(CANARY_CAUSE);
      await priya.screenshot({ path: path.join(outputDir, 'traceability-close-warning.png'), fullPage: true });
      await priya
        .getByTestId('root-causes-section')
        .screenshot({ path: path.join(outputDir, 'traceability-root-causes.png') });
      await priya.getByRole('button', { name: 'Close for everyone' }).click();
      await sam.getByTestId('closed-banner').waitFor();

      // The report (a view link's default page) prints the chain and the gap.
      const viewer = (await openPerson('viewer')).page;
      await viewer.goto(review.links.view);
      const rows = viewer.getByTestId('report-coverage-row');
      await expect.poll(() => rows.count()).toBe(3);
      expect(await rows.nth(0).getAttribute('data-state')).toBe('covered');
      expect(await rows.nth(0).textContent()).toContain(CANARY_ACTION);
      expect(await rows.nth(1).getAttribute('data-state')).toBe('uncovered');
      expect(await rows.nth(1).getByTestId('report-coverage-state').textContent()).toBe('Not covered');
      expect(await rows.nth(2).textContent()).toContain('Accepted risk: Peak traffic is load-tested monthly');
      expect(await rows.nth(2).textContent()).toContain('Capacity');
      const gaps = await viewer.getByTestId('report-gap').allTextContents();
      expect(gaps).toContain(`“${ROTA_CAUSE}” has no action and no accepted risk`);
      expect(gaps.some((gap) => gap.includes(CANARY_CAUSE))).toBe(false);
      await viewer.getByTestId('report-coverage').screenshot({ path: path.join(outputDir, 'traceability-report.png') });
    } finally {
      seeder.destroy();
    }
  });
});
