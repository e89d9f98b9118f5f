/**
 * Action items in real browsers against a real server: one editor adds actions with owners, due
 * dates and priorities, another sees them, sorts and filters them (a view of their own), both see
 * the overdue one marked, a link to a finding made in one browser shows in the other, and a viewer
 * sees the same list with no edit controls.
 *
 * Findings are seeded before the browsers open by a plain y-websocket client, so this suite does
 * not depend on the findings UI.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addFinding, promoteToRootCause } from '@hindsight/review';
import { connectClient } from '../support/clients';
import { boardView, openBoard, type Person, useBrowserPeople } from '../support/browser';
import { createReview } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('actions');

/** Opens a board link as `name`, answering the display-name dialog if the shell asks. */
async function join(person: Person, url: string, name: string, state: 'live' | 'read-only'): Promise<Page> {
  const { page } = person;
  await page.addInitScript((displayName) => {
    if (!localStorage.getItem('hindsight:display-name')) localStorage.setItem('hindsight:display-name', displayName);
  }, name);
  await openBoard(page, url, state, { name, section: 'actions-section' });
  return page;
}

/** Action titles in the order the page shows them (inputs for editors, text for viewers). */
function titles(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('[data-testid="action-row"]')).map((row) => {
      const title = row.querySelector('[data-testid="action-title"]');
      return title instanceof HTMLInputElement ? title.value : (title?.textContent ?? '');
    }),
  );
}

/** The row of the action with this title. */
async function row(page: Page, title: string) {
  const id = await page.evaluate((wanted) => {
    for (const row of Array.from(document.querySelectorAll<HTMLElement>('[data-testid="action-row"]'))) {
      const field = row.querySelector('[data-testid="action-title"]');
      const text = field instanceof HTMLInputElement ? field.value : field?.textContent;
      if (text === wanted) return row.dataset.actionId ?? null;
    }
    return null;
  }, title);
  if (!id) throw new Error(`no action row titled ${title}`);
  return page.locator(`[data-testid="action-row"][data-action-id="${id}"]`);
}

async function addThroughForm(page: Page, title: string, owner: string, due: string): Promise<void> {
  const form = page.getByTestId('add-action-form');
  await form.getByLabel('New action item').fill(title);
  await form.getByLabel('Owner').fill(owner);
  await form.getByLabel('Due').fill(due);
  await form.getByRole('button', { name: 'Add action' }).click();
  await expect.poll(() => titles(page)).toContain(title);
}

const THRESHOLD = 'Lower the checkout latency alert threshold';
const CANARY = 'Add a canary stage to deploys';
const RUNBOOK = 'Write the payment rollback runbook';
const LATE_ALERT = 'The latency alert fired 40 minutes after errors began';

describe('action items', () => {
  it('are added, sorted, filtered, marked overdue and linked to findings across browsers; viewers only read', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Checkout outage');
    const seeder = connectClient(server.wsUrl, review.id, review.tokens.edit);
    try {
      await seeder.synced;
      const lateAlert = addFinding(seeder.doc, { category: 'went-wrong', text: LATE_ALERT });
      promoteToRootCause(seeder.doc, { kind: 'finding', id: lateAlert });
      addFinding(seeder.doc, { category: 'contributing-factor', text: 'No canary between staging and production' });

      const alice = await join(await openPerson('alice'), review.links.edit, 'Alice', 'live');
      const bob = await join(await openPerson('bob'), review.links.edit, 'Bob', 'live');

      // Alice adds three actions; one is long overdue.
      await addThroughForm(alice, CANARY, 'Sam', '2099-06-01');
      await addThroughForm(alice, THRESHOLD, 'Dana', '2021-01-15');
      await addThroughForm(alice, RUNBOOK, 'Dana', '2099-03-01');
      await (await row(alice, THRESHOLD)).getByLabel('Priority').selectOption('P1');
      await (await row(alice, RUNBOOK)).getByLabel('Priority').selectOption('P3');
      await (await row(alice, RUNBOOK)).getByLabel('Status').selectOption('done');

      // Bob sees them, by due date (the default sort: what is due next first, finished work last).
      await expect.poll(() => titles(bob)).toEqual([THRESHOLD, CANARY, RUNBOOK]);
      const bobThreshold = await row(bob, THRESHOLD);
      await expect.poll(() => bobThreshold.getByLabel('Priority').inputValue()).toBe('P1');
      expect(await bobThreshold.getByLabel('Owner').inputValue()).toBe('Dana');
      expect(await bobThreshold.getByLabel('Due').inputValue()).toBe('2021-01-15');
      await expect.poll(() => (async () => (await row(bob, RUNBOOK)).getAttribute('data-status'))()).toBe('done');

      // The overdue one is marked in words, not only colour; the finished and future ones are not.
      expect(await bobThreshold.getAttribute('data-overdue')).toBe('true');
      expect(await bobThreshold.getByTestId('overdue-badge').textContent()).toMatch(/^Overdue by \d+ days$/);
      expect(await (await row(bob, CANARY)).getAttribute('data-overdue')).toBe('false');
      expect(await (await row(bob, RUNBOOK)).getAttribute('data-overdue')).toBe('false');
      expect(await bob.getByTestId('count-open').textContent()).toBe('2');
      expect(await bob.getByTestId('count-overdue').textContent()).toBe('1');
      expect(await bob.getByTestId('count-done').textContent()).toBe('1');

      // Sorting and filtering are Bob's own view: Alice's order does not move.
      await bob.getByTestId('sort-key').selectOption('priority');
      await expect.poll(() => titles(bob)).toEqual([THRESHOLD, CANARY, RUNBOOK]);
      await bob.getByTestId('sort-key').selectOption('due');
      await bob.getByTestId('sort-direction').click();
      await expect.poll(() => titles(bob)).toEqual([CANARY, THRESHOLD, RUNBOOK]);
      await bob.getByTestId('filter-status').selectOption('done');
      await expect.poll(() => titles(bob)).toEqual([RUNBOOK]);
      await bob.getByTestId('filter-status').selectOption('unfinished');
      await expect.poll(() => titles(bob)).toEqual([CANARY, THRESHOLD]);
      expect(await titles(alice)).toEqual([THRESHOLD, CANARY, RUNBOOK]);

      // Alice links the overdue action to a finding; Bob sees the chip and can unlink it.
      const aliceThreshold = await row(alice, THRESHOLD);
      await aliceThreshold.getByRole('button', { name: 'Link findings' }).click();
      const picker = aliceThreshold.getByTestId('finding-picker');
      // The finding itself (its candidacy is listed apart, under "Root causes").
      await picker.getByRole('checkbox', { name: `${LATE_ALERT} Root cause`, exact: true }).check();
      await picker.press('Escape');
      await expect.poll(() => picker.count()).toBe(0);
      await expect.poll(() => aliceThreshold.getByTestId('finding-chip').count()).toBe(1);
      await expect.poll(() => bobThreshold.getByTestId('finding-chip').textContent()).toContain(LATE_ALERT);
      expect(await bobThreshold.getByTestId('finding-chip').textContent()).toContain('Root cause');

      // Bob edits a title; Alice sees that he is editing it, then his words.
      const bobCanaryTitle = (await row(bob, CANARY)).getByLabel('Action title');
      const aliceCanary = await row(alice, CANARY);
      await bobCanaryTitle.focus();
      await expect.poll(() => aliceCanary.getByTestId('action-editors').count()).toBe(1);
      await bobCanaryTitle.press('End');
      await bobCanaryTitle.pressSequentially(' (EU)');
      await expect.poll(() => titles(alice)).toContain(`${CANARY} (EU)`);

      // A viewer sees the same list, marks and links, with no edit control in the section.
      const carol = await join(await openPerson('carol'), boardView(review.links.view), 'Carol', 'read-only');
      await expect.poll(() => titles(carol)).toEqual([THRESHOLD, `${CANARY} (EU)`, RUNBOOK]);
      const carolThreshold = await row(carol, THRESHOLD);
      expect(await carolThreshold.getAttribute('data-overdue')).toBe('true');
      expect(await carolThreshold.getByTestId('action-owner').textContent()).toBe('Dana');
      expect(await carolThreshold.getByTestId('finding-chip').textContent()).toContain(LATE_ALERT);
      const section = carol.getByTestId('actions-section');
      expect(await section.getByTestId('add-action-form').count()).toBe(0);
      expect(await section.getByRole('textbox').count()).toBe(0);
      expect(await section.locator('.action-list input, .action-list select, .action-list button').count()).toBe(0);

      // ... and follows the editors live.
      await bobThreshold
        .getByTestId('finding-chip')
        .getByRole('button', { name: /^Unlink/ })
        .click();
      await expect.poll(() => carolThreshold.getByTestId('finding-chip').count()).toBe(0);
      await expect.poll(() => aliceThreshold.getByTestId('finding-chip').count()).toBe(0);
    } finally {
      seeder.destroy();
    }
  });
});
