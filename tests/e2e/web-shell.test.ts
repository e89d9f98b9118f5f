/**
 * The web shell in a real browser against a real server: create a review from the home page,
 * edit its title from two browsers at once, watch it read-only from a third, and see the
 * connection state follow the server going away and coming back.
 *
 * Each simulated person gets their own persistent Chromium context (separate storage, separate
 * sockets). On failure every open page is saved as a PNG under test-output/ at the repo root.
 */
import { expect, describe, it } from 'vitest';
import type { Page } from 'playwright-core';
import { connectionState, useBrowserPeople } from '../support/browser';
import { tempDataDir } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('web-shell');

/** Anything on the page that accepts typing (read-only text views, like a viewer's narrative, do not count). */
const editControls = (page: Page) =>
  page.locator(
    'input:not([type=hidden]):not([readonly]), textarea:not([readonly]), select, [contenteditable="true"], [role=textbox]:not([aria-readonly="true"])',
  );

/** Creates a review through the home page form and returns the board's review id. */
async function createThroughForm(page: Page, baseUrl: string, title: string): Promise<string> {
  await page.goto(baseUrl + '/');
  await page.getByLabel('Incident title').fill(title);
  await expect.poll(() => page.getByLabel('Severity').inputValue()).toBe('SEV3');
  await page.getByLabel('Severity').selectOption('SEV2');
  await page.getByRole('button', { name: 'Create review' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/r/'), { waitUntil: 'commit' });
  return new URL(page.url()).pathname.split('/').pop()!;
}

describe('web shell', () => {
  it('creates a review, merges concurrent title edits from two editors and shows them live to a viewer', async () => {
    const server = await startTestServer();
    const alice = await openPerson('facilitator');

    // A title the server refuses comes back as a readable message on the form.
    await alice.page.goto(server.url + '/');
    await alice.page.getByLabel('Incident title').fill('   ');
    await alice.page.getByRole('button', { name: 'Create review' }).click();
    await expect.poll(() => alice.page.getByTestId('create-error').textContent()).toMatch(/\S/);

    const reviewId = await createThroughForm(alice.page, server.url, 'Checkout outage');
    await expect.poll(() => connectionState(alice.page).getAttribute('data-state')).toBe('live');
    await expect.poll(() => connectionState(alice.page).textContent()).toBe('Live');
    // the token moved from the address bar into the tab's storage: a reload keeps working
    expect(new URL(alice.page.url()).hash).toBe('');
    await alice.page.reload();
    await expect.poll(() => connectionState(alice.page).getAttribute('data-state')).toBe('live');
    expect(await alice.page.getByTestId('review-role').textContent()).toBe('Facilitator');
    expect(await alice.page.getByTestId('review-severity').getAttribute('data-severity')).toBe('SEV2');

    // The facilitator's share panel (behind the Share button) holds the invite links.
    await alice.page.getByTestId('share-button').click();
    await expect.poll(() => alice.page.getByTestId('share-panel').isVisible()).toBe(true);
    const editLink = await alice.page.getByTestId('share-edit-link').inputValue();
    const viewLink = await alice.page.getByTestId('share-view-link').inputValue();
    expect(editLink).toMatch(new RegExp(`/r/${reviewId}#token=hs_`));
    expect(viewLink).toMatch(new RegExp(`/r/${reviewId}#token=hs_`));
    expect(viewLink).not.toBe(editLink);

    const bob = await openPerson('editor');
    await bob.page.goto(editLink);
    await expect.poll(() => connectionState(bob.page).getAttribute('data-state')).toBe('live');
    expect(await bob.page.getByTestId('review-role').textContent()).toBe('Editor');
    expect(await bob.page.getByTestId('share-panel').count()).toBe(0);
    expect(await bob.page.getByTestId('share-button').count()).toBe(0);

    const carol = await openPerson('viewer');
    await carol.page.goto(viewLink);
    await expect.poll(() => connectionState(carol.page).getAttribute('data-state')).toBe('read-only');
    await expect.poll(() => connectionState(carol.page).textContent()).toBe('Read-only');
    await expect.poll(() => carol.page.getByTestId('review-title').textContent()).toBe('Checkout outage');
    expect(await editControls(carol.page).count()).toBe(0);

    // Both editors type at once: Alice inside the title (after "Checkout"), Bob at its start.
    // Each sees the other's keystrokes arrive mid-typing; the merge only comes out in this exact
    // order if every remote insert before a caret shifts that caret instead of resetting it.
    const aliceInput = alice.page.getByLabel('Review title');
    const bobInput = bob.page.getByLabel('Review title');
    await expect.poll(() => aliceInput.inputValue()).toBe('Checkout outage');
    await expect.poll(() => bobInput.inputValue()).toBe('Checkout outage');
    await aliceInput.focus();
    await aliceInput.evaluate((input: HTMLInputElement) => input.setSelectionRange(8, 8));
    await bobInput.focus();
    await bobInput.press('Home');
    await Promise.all([
      aliceInput.pressSequentially(' API', { delay: 60 }),
      bobInput.pressSequentially('Weekend ', { delay: 40 }),
    ]);

    const merged = 'Weekend Checkout API outage';
    await expect.poll(() => aliceInput.inputValue()).toBe(merged);
    await expect.poll(() => bobInput.inputValue()).toBe(merged);
    await expect.poll(() => carol.page.getByTestId('review-title').textContent()).toBe(merged);
    expect(await editControls(carol.page).count()).toBe(0);

    // The server holds the merged title too.
    const facilitatorToken = (await alice.page.evaluate(
      (id) => sessionStorage.getItem(`hindsight:token:${id}`),
      reviewId,
    ))!;
    await expect
      .poll(async () => {
        const response = await fetch(`${server.url}/api/reviews/${reviewId}`, {
          headers: { Authorization: `Bearer ${facilitatorToken}` },
        });
        return ((await response.json()) as { title: string }).title;
      })
      .toBe(merged);

    // A link with a token the server does not know shows an error page, not a board.
    const stranger = await carol.context.newPage();
    await stranger.goto(`${server.url}/r/${reviewId}#token=hs_${'A'.repeat(43)}`);
    await expect.poll(() => stranger.getByTestId('error-page').isVisible()).toBe(true);
    expect(await stranger.getByRole('heading', { level: 1 }).textContent()).toBe('This link is not valid');
    expect(await stranger.getByTestId('connection-state').count()).toBe(0);

    // A link without any token says what is missing.
    await stranger.goto(`${server.url}/r/${reviewId}`);
    await expect
      .poll(() => stranger.getByRole('heading', { level: 1 }).textContent())
      .toMatch(/missing its access key/);
  });

  it('shows offline while the server is down, keeps local edits and syncs them when it is back', async () => {
    const dataDir = tempDataDir();
    const first = await startTestServer({}, dataDir);
    const alice = await openPerson('facilitator');
    await createThroughForm(alice.page, first.url, 'Payments latency');
    await expect.poll(() => connectionState(alice.page).getAttribute('data-state')).toBe('live');
    await alice.page.getByTestId('share-button').click();
    const viewLink = await alice.page.getByTestId('share-view-link').inputValue();
    await alice.page.keyboard.press('Escape');
    const carol = await openPerson('viewer');
    await carol.page.goto(viewLink);
    await expect.poll(() => connectionState(carol.page).getAttribute('data-state')).toBe('read-only');

    await first.stop();
    await expect.poll(() => connectionState(alice.page).getAttribute('data-state')).toBe('offline');
    await expect.poll(() => connectionState(carol.page).getAttribute('data-state')).toBe('offline');
    expect(await connectionState(alice.page).textContent()).toMatch(/Offline/);

    // Typing while offline is kept locally ...
    const aliceInput = alice.page.getByLabel('Review title');
    await aliceInput.focus();
    await aliceInput.press('End');
    await aliceInput.pressSequentially(' (EU)');

    // ... and reaches the viewer once the server is back on the same port and data.
    await startTestServer({ PORT: String(first.port) }, dataDir);
    await expect.poll(() => connectionState(alice.page).getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
    await expect
      .poll(() => connectionState(carol.page).getAttribute('data-state'), { timeout: 15_000 })
      .toBe('read-only');
    await expect.poll(() => carol.page.getByTestId('review-title').textContent()).toBe('Payments latency (EU)');
  });
});
