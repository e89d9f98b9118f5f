/**
 * Share links in real browsers: the facilitator revokes the edit link in the Share panel, and the
 * editor's open board says so at once and stops being editable (and does not try to reconnect);
 * the facilitator then issues a new edit link (with an expiry), which works in a fresh browser.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { connectionState, openBoard, useBrowserPeople } from '../support/browser';
import { createReview } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('links');

const linkRows = (page: Page, kind: string) => page.locator(`[data-testid="share-link-row"][data-kind="${kind}"]`);
const statusesOf = (page: Page, kind: string) =>
  linkRows(page, kind).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-status')));

describe('share links', () => {
  it('revoking the edit link ends the editor’s board at once; a new edit link works in a fresh browser', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Checkout outage');
    const [alice, bob] = await Promise.all([
      openPerson('alice', { displayName: 'Alice Facilitator' }),
      openPerson('bob', { displayName: 'Bob Editor' }),
    ]);
    await openBoard(alice.page, review.links.facilitator, 'live', { section: 'findings-section' });
    await openBoard(bob.page, review.links.edit, 'live', { section: 'findings-section' });
    expect(await bob.page.getByTestId('review-title-input').isEnabled()).toBe(true);
    expect(await bob.page.getByTestId('quick-add-went-well').count()).toBe(1);

    // The facilitator sees every link of the review with its status.
    await alice.page.getByTestId('share-button').click();
    await expect.poll(() => statusesOf(alice.page, 'edit')).toEqual(['active']);
    expect(await statusesOf(alice.page, 'view')).toEqual(['active']);
    expect(await statusesOf(alice.page, 'facilitator')).toEqual(['active']);
    // The facilitator's own link cannot be revoked (it would leave the review without one).
    expect(await linkRows(alice.page, 'facilitator').getByTestId('share-revoke').count()).toBe(0);

    // Revoke, with a confirmation step.
    const editRow = linkRows(alice.page, 'edit');
    await editRow.getByTestId('share-revoke').click();
    expect(await statusesOf(alice.page, 'edit')).toEqual(['active']);
    await editRow.getByTestId('share-revoke-confirm').click();
    await expect.poll(() => statusesOf(alice.page, 'edit')).toEqual(['revoked']);

    // Bob's open board says so and stops being editable.
    await expect.poll(() => connectionState(bob.page).getAttribute('data-state')).toBe('ended');
    expect(await connectionState(bob.page).textContent()).toBe('Link revoked');
    expect(await bob.page.getByRole('alert').first().textContent()).toMatch(/This link was revoked/);
    await expect.poll(() => bob.page.getByTestId('review-title-input').isDisabled()).toBe(true);
    await expect.poll(() => bob.page.getByTestId('quick-add-went-well').count()).toBe(0);

    // A new edit link, expiring in 7 days.
    await alice.page.getByTestId('share-expiry').selectOption('7d');
    await alice.page.getByTestId('share-create-edit').click();
    await expect.poll(() => statusesOf(alice.page, 'edit')).toEqual(['active', 'revoked']);
    expect(await linkRows(alice.page, 'edit').first().textContent()).toMatch(/expires/);
    const newLink = await alice.page.getByTestId('share-edit-link').inputValue();
    expect(newLink).toMatch(new RegExp(`/r/${review.id}#token=hs_`));
    expect(newLink).not.toBe(review.links.edit);

    // It works in a fresh browser: Carol edits, Alice sees it.
    const carol = await openPerson('carol', { displayName: 'Carol Editor' });
    await openBoard(carol.page, newLink, 'live', { section: 'findings-section' });
    const note = carol.page.getByTestId('quick-add-went-well');
    await note.fill('Rollback was quick');
    await note.press('Enter');
    await expect
      .poll(() => alice.page.getByTestId('finding').allTextContents())
      .toEqual([expect.stringContaining('Rollback was quick')]);

    // Bob's browser never tried the revoked token again on its own...
    const refusedRevoked = () => server.logs.filter((l) => l.msg === 'upgrade.refused' && l.code === 'revoked');
    expect(refusedRevoked()).toEqual([]);
    expect(await connectionState(bob.page).getAttribute('data-state')).toBe('ended');
    // ...and opening the old link again explains that it no longer works.
    // (From another page: a link that differs only in its fragment would not load the page anew.)
    await bob.page.goto('about:blank');
    await bob.page.goto(review.links.edit);
    await expect.poll(() => bob.page.getByTestId('error-page').textContent()).toMatch(/This link is not valid/);
    expect(await bob.page.getByTestId('error-page').textContent()).toMatch(/revoked/);
    // Bob's home page no longer offers the review: the only link this browser had for it is dead.
    await bob.page.goto(server.url);
    await bob.page.getByRole('heading', { name: 'Start a review' }).waitFor();
    expect(await bob.page.getByText('Checkout outage').count()).toBe(0);
  });
});
