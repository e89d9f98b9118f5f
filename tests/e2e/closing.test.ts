/**
 * Closing in the browser: the facilitator closes the review from the board head; every connected
 * editor's board turns read-only live (no reload) with a notice of who closed it; reopening gives
 * editing back.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBoard, useBrowserPeople } from '../support/browser';
import { createReview } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('closing');

/** How many edit controls a page offers: text fields, the composer, editable text. */
const editControls = (page: Page) =>
  page.evaluate(
    () =>
      document.querySelectorAll(
        '[data-testid^="quick-add-"], .board textarea, .board input:not([type="checkbox"]), [contenteditable="true"]',
      ).length,
  );

describe('closing a review in the browser', () => {
  it('turns every editor’s board read-only live, and reopening restores editing', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Checkout outage');
    const [priya, sam] = await Promise.all([openPerson('Priya'), openPerson('Sam')]);
    await openBoard(priya.page, review.links.facilitator, 'live', { section: 'findings-section' });
    await openBoard(sam.page, review.links.edit, 'live', { section: 'findings-section' });
    await sam.page.getByTestId('quick-add-went-well').fill('Rollback was quick');
    await sam.page.getByTestId('quick-add-went-well').press('Enter');
    await priya.page.getByText('Rollback was quick').waitFor();
    expect(await editControls(sam.page)).toBeGreaterThan(0);

    await priya.page.getByRole('button', { name: 'Close review' }).click();
    await priya.page.getByRole('button', { name: 'Close for everyone' }).click();

    for (const page of [sam.page, priya.page]) {
      const banner = page.getByTestId('closed-banner');
      await banner.waitFor();
      expect(await banner.textContent()).toMatch(/This review is closed by Priya on .+\. It is read-only/);
      await expect.poll(() => editControls(page)).toBe(0);
    }
    // Still the same board, live: the finding is there, nothing reloaded.
    expect(await sam.page.getByText('Rollback was quick').count()).toBe(1);
    expect(await sam.page.getByRole('button', { name: 'Reopen for editing' }).count()).toBe(0);

    await priya.page.getByRole('button', { name: 'Reopen for editing' }).click();
    await expect.poll(() => sam.page.getByTestId('closed-banner').count()).toBe(0);
    await expect.poll(() => editControls(sam.page)).toBeGreaterThan(0);
    await sam.page.getByTestId('quick-add-lucky').fill('Traffic was low');
    await sam.page.getByTestId('quick-add-lucky').press('Enter');
    await priya.page.getByText('Traffic was low').waitFor();
  });
});
