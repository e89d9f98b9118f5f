/**
 * "My reviews" on the home page, in a real browser: reviews created here and reviews joined
 * through a link are listed with title, severity, status and date, newest first; the list is
 * searchable by title, opens each review with the strongest link this browser had for it, follows
 * a status change the next time the review is opened, and forgets an entry (with undo).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { connectionState, openBoard, outputDir, useBrowserPeople } from '../support/browser';
import { createReview } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('my-reviews');

/** Creates a review through the home page form and waits for its board; returns its id. */
async function createThroughForm(page: Page, baseUrl: string, title: string, severity: string): Promise<string> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Incident title').fill(title);
  await page.getByLabel('Severity').selectOption(severity);
  await page.getByRole('button', { name: 'Create review' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/r/'));
  await expect.poll(() => connectionState(page).getAttribute('data-state')).toBe('live');
  return new URL(page.url()).pathname.split('/').pop()!;
}

/** The list as shown: one line per review, "title | severity | status | date | role". */
function listed(page: Page): Promise<string[]> {
  return page.getByTestId('my-review').evaluateAll((rows) =>
    rows.map((row) => {
      const text = (testId: string) => row.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim() ?? '';
      const date = text('my-review-date') ? 'dated' : 'undated';
      const role = row.querySelector('.my-review__role')?.textContent ?? '';
      return [text('my-review-title'), text('my-review-severity'), text('my-review-status'), date, role].join(' | ');
    }),
  );
}

async function goHome(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Hindsight home' }).click();
  await page.getByTestId('my-reviews').waitFor();
}

describe('my reviews', () => {
  it('lists created and joined reviews, searches them by title, opens them and forgets them', async () => {
    const server = await startTestServer();
    const alice = await openPerson('alice');
    const page = alice.page;

    // Nothing yet: the home page shows no list.
    await page.goto(`${server.url}/`);
    await page.getByLabel('Incident title').waitFor();
    expect(await page.getByTestId('my-reviews').count()).toBe(0);

    const checkoutId = await createThroughForm(page, server.url, 'Checkout outage', 'SEV2');
    await goHome(page);
    await createThroughForm(page, server.url, 'Search latency in the EU', 'SEV3');
    // A review someone else created, joined here through its view link.
    const shared = await createReview(server.url, 'Payments webhook backlog', 'SEV1');
    await openBoard(page, shared.links.view, 'read-only');

    await goHome(page);
    await expect
      .poll(() => listed(page))
      .toEqual([
        'Payments webhook backlog | SEV1 | In progress | dated | Viewer',
        'Search latency in the EU | SEV3 | In progress | dated | Facilitator',
        'Checkout outage | SEV2 | In progress | dated | Facilitator',
      ]);

    await page.screenshot({ path: path.join(outputDir, 'my-reviews.png'), fullPage: true });

    // Search by title, ignoring case; a query without a match says so.
    const search = page.getByTestId('my-reviews-search');
    await search.fill('LATENCY');
    await expect
      .poll(() => listed(page))
      .toEqual(['Search latency in the EU | SEV3 | In progress | dated | Facilitator']);
    await search.fill('database');
    await expect.poll(() => page.getByTestId('my-reviews-none').isVisible()).toBe(true);
    await search.fill('checkout');

    // Clicking opens the board with the facilitator link this browser created it with.
    await page.getByTestId('my-review-title').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/r/${checkoutId}`);
    await expect.poll(() => connectionState(page).getAttribute('data-state')).toBe('live');
    expect(await page.getByTestId('review-role').textContent()).toBe('Facilitator');
    await page.getByTestId('findings-section').waitFor();

    // Closed meanwhile: the list shows it the next time the review is opened.
    const facilitatorToken = await page.evaluate(
      (id) =>
        (JSON.parse(localStorage.getItem(`hindsight:review:${id}`)!) as { tokens: { facilitator: string } }).tokens
          .facilitator,
      checkoutId,
    );
    const closed = await fetch(`${server.url}/api/reviews/${checkoutId}/close`, {
      method: 'POST',
      headers: { authorization: `Bearer ${facilitatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ closedBy: 'Alice' }),
    });
    expect(closed.status).toBe(200);
    await page.reload();
    await expect.poll(() => connectionState(page).getAttribute('data-state')).not.toBe('connecting');
    await goHome(page);
    await expect
      .poll(() => listed(page))
      .toEqual([
        'Checkout outage | SEV2 | Closed | dated | Facilitator',
        'Payments webhook backlog | SEV1 | In progress | dated | Viewer',
        'Search latency in the EU | SEV3 | In progress | dated | Facilitator',
      ]);

    // The joined review opens with its view link: the report.
    await page.getByRole('link', { name: 'Payments webhook backlog' }).click();
    await page.getByTestId('report').waitFor();
    await expect.poll(() => connectionState(page).getAttribute('data-state')).toBe('read-only');

    // Forget takes an entry off the list (Undo puts it back); the list survives a reload.
    await goHome(page);
    await page.getByRole('button', { name: 'Forget “Search latency in the EU”' }).click();
    await expect.poll(() => page.getByTestId('my-review').count()).toBe(2);
    await page.getByTestId('my-reviews-forgotten').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page.getByTestId('my-review').count()).toBe(3);
    await page.getByRole('button', { name: 'Forget “Search latency in the EU”' }).click();
    await page.reload();
    await expect
      .poll(() => listed(page))
      .toEqual([
        'Payments webhook backlog | SEV1 | In progress | dated | Viewer',
        'Checkout outage | SEV2 | Closed | dated | Facilitator',
      ]);
  });

  it('shows the status a review has now: closed on the open board, or closed while this browser was away', async () => {
    const server = await startTestServer();
    const alice = await openPerson('alice');
    const page = alice.page;
    const close = (reviewId: string, token: string) =>
      fetch(`${server.url}/api/reviews/${reviewId}/close`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ closedBy: 'Dana' }),
      }).then((response) => expect(response.status).toBe(200));

    // Closed by the facilitator while Alice has the board open: home lists it closed straight away.
    const live = await createReview(server.url, 'Checkout outage', 'SEV2');
    await openBoard(page, live.links.edit, 'live');
    await close(live.id, live.tokens.facilitator);
    await expect.poll(() => page.getByTestId('review-status').textContent()).toBe('Closed');
    // the board itself updates the list (no server round trip needed to get it right)
    const storedStatus = () =>
      page.evaluate(
        (id) =>
          (
            JSON.parse(localStorage.getItem('hindsight:my-reviews') ?? '{"reviews":[]}') as {
              reviews: { id: string; status: string }[];
            }
          ).reviews.find((review) => review.id === id)?.status,
        live.id,
      );
    await expect.poll(storedStatus).toBe('closed');
    await goHome(page);
    expect(await listed(page)).toEqual(['Checkout outage | SEV2 | Closed | dated | Editor']);

    // Closed while Alice is elsewhere: the home page asks the server and shows it closed.
    const away = await createReview(server.url, 'Search latency', 'SEV3');
    await openBoard(page, away.links.view, 'read-only');
    await goHome(page);
    await expect.poll(() => listed(page)).toContain('Search latency | SEV3 | In progress | dated | Viewer');
    await close(away.id, away.tokens.facilitator);
    await page.reload();
    await expect
      .poll(() => listed(page))
      .toEqual(['Search latency | SEV3 | Closed | dated | Viewer', 'Checkout outage | SEV2 | Closed | dated | Editor']);
  });
});
