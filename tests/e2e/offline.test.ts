/**
 * Offline in a real browser: one person loses the connection while the other keeps editing;
 * the offline edits survive a reload (IndexedDB) and both boards converge once it is back.
 *
 * Chromium's offline emulation (`context.setOffline`) does not close a WebSocket that is already
 * open, so the cut is made with routing instead: the person's sync socket goes through
 * `routeWebSocket` (closed on "offline", new ones refused) and API calls are aborted. The page's
 * own files still load, so a reload while "offline" shows what this browser kept by itself.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { connectionState, networkSwitch, useBrowserPeople } from '../support/browser';
import { createReview } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('offline');

const stateOf = (page: Page) => connectionState(page).getAttribute('data-state');
const severityOf = (page: Page) => page.getByTestId('review-severity').getAttribute('data-severity');

describe('offline', () => {
  it('keeps edits made offline through a reload and merges them with the others’ on reconnect', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Payments latency', 'SEV3');
    const alice = await openPerson('alice');
    const bob = await openPerson('bob');
    const aliceNetwork = await networkSwitch(alice.context);
    await alice.page.goto(new URL(review.links.facilitator, server.url).href);
    await bob.page.goto(new URL(review.links.edit, server.url).href);
    await expect.poll(() => stateOf(alice.page), { timeout: 15_000 }).toBe('live');
    await expect.poll(() => stateOf(bob.page), { timeout: 15_000 }).toBe('live');

    await aliceNetwork.goOffline();
    await expect.poll(() => stateOf(alice.page)).toBe('offline');

    // Both edit while apart: Alice the title and a key time, Bob the severity.
    const aliceTitle = alice.page.getByLabel('Review title');
    await aliceTitle.focus();
    await aliceTitle.press('End');
    await aliceTitle.pressSequentially(' (EU)');
    await alice.page.getByTestId('key-time-started').fill('2026-03-02T09:00');
    await alice.page.getByTestId('key-time-started').press('Enter');
    await bob.page.getByLabel('Severity').selectOption('SEV1');
    // Bob cannot see Alice's edits yet.
    expect(await bob.page.getByLabel('Review title').inputValue()).toBe('Payments latency');

    // A reload while still offline: the board opens from this browser's copy, edits included.
    await alice.page.reload();
    await expect.poll(() => stateOf(alice.page), { timeout: 15_000 }).toBe('offline');
    await expect.poll(() => alice.page.getByLabel('Review title').inputValue()).toBe('Payments latency (EU)');
    expect(await alice.page.getByTestId('key-time-started').inputValue()).toBe('2026-03-02T09:00');
    expect(await severityOf(alice.page)).toBe('SEV3');

    // Back online: both converge, nothing lost on either side.
    aliceNetwork.goOnline();
    await expect.poll(() => stateOf(alice.page), { timeout: 15_000 }).toBe('live');
    await expect.poll(() => bob.page.getByLabel('Review title').inputValue()).toBe('Payments latency (EU)');
    await expect
      .poll(() => bob.page.getByTestId('key-time-started').inputValue())
      .toBe(await alice.page.getByTestId('key-time-started').inputValue());
    await expect.poll(() => severityOf(alice.page)).toBe('SEV1');
  });
});
