/**
 * Share links in real browsers: the facilitator revokes the edit link in the Share panel, and the
 * editor's open board says so at once and stops being editable (and does not try to reconnect);
 * the facilitator then issues a new edit link (with an expiry), which works in a fresh browser.
 * Links carry labels and can be co-facilitator links; a revoked or expired link says so on every
 * load (the expiry in the reader's own zone), also when it ends under an open Join dialog.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { connectionState, openBoard, outputDir, useBrowserPeople } from '../support/browser';
import { createReview, type CreatedReview } from '../support/server';

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

    // Every WebSocket Bob's page opens from now on (its board's socket is already open).
    const bobSocketsOpened: string[] = [];
    bob.page.on('websocket', (ws) => bobSocketsOpened.push(ws.url()));

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

    // Bob's browser never tried the revoked token again on its own... Barrier: y-websocket schedules
    // a reconnect on the close, at most its maxBackoffTime (2500 ms) later; a page timer set after
    // the close for longer fires after it, in the page's own timer order.
    await bob.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 2_600)));
    expect(bobSocketsOpened, 'sockets Bob’s page opened after the revocation').toEqual([]);
    const refusedRevoked = () => server.logs.filter((l) => l.msg === 'upgrade.refused' && l.code === 'revoked');
    expect(refusedRevoked()).toEqual([]);
    expect(await connectionState(bob.page).getAttribute('data-state')).toBe('ended');
    // ...and opening the old link again explains that it no longer works.
    // (From another page: a link that differs only in its fragment would not load the page anew.)
    await bob.page.goto('about:blank');
    await bob.page.goto(review.links.edit);
    await expect.poll(() => bob.page.getByTestId('error-page').textContent()).toMatch(/This link was revoked/);
    // Bob's home page no longer offers the review: the only link this browser had for it is dead.
    await bob.page.goto(server.url);
    await bob.page.getByRole('heading', { name: 'Start a review' }).waitFor();
    expect(await bob.page.getByText('Checkout outage').count()).toBe(0);
  });
});

interface CreatedWithIds extends CreatedReview {
  linkIds: { facilitator: string; edit: string; view: string };
}

async function api(url: string, method: string, token: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const errorPage = (page: Page) => page.getByTestId('error-page');
const REVOKED = /This link was revoked by the review’s facilitator\. Ask them for a new link\./;

describe('labels and co-facilitators', () => {
  it('names links by their label and issues a co-facilitator link that runs the review until revoked', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Checkout outage');
    const [alice, priya] = await Promise.all([
      openPerson('alice', { displayName: 'Alice Facilitator' }),
      openPerson('priya', { displayName: 'Priya' }),
    ]);
    await openBoard(alice.page, review.links.facilitator, 'live', { section: 'findings-section' });
    await alice.page.getByTestId('share-button').click();
    await expect.poll(() => statusesOf(alice.page, 'edit')).toEqual(['active']);

    // Two edit links told apart by their labels; the label field empties once a link is made.
    const label = alice.page.getByTestId('share-label');
    await label.fill('  Sam’s team ');
    await alice.page.getByTestId('share-create-edit').click();
    await expect.poll(() => statusesOf(alice.page, 'edit')).toEqual(['active', 'active']);
    expect(await label.inputValue()).toBe('');
    await label.fill('Payments');
    await alice.page.getByTestId('share-create-edit').click();
    await expect.poll(() => statusesOf(alice.page, 'edit')).toEqual(['active', 'active', 'active']);
    expect(await linkRows(alice.page, 'edit').getByTestId('share-link-title').allTextContents()).toEqual([
      'Edit · Payments',
      'Edit · Sam’s team',
      'Edit',
    ]);
    expect(await linkRows(alice.page, 'edit').first().innerText()).toMatch(/^Edit · Payments \(shown above\) · Active/);

    // A co-facilitator link, labelled; the review's own facilitator link is "Facilitator".
    await label.fill('Priya');
    expect(await alice.page.getByTestId('share-create-facilitator').textContent()).toBe('Create a co-facilitator link');
    await alice.page.getByTestId('share-create-facilitator').click();
    await expect.poll(() => statusesOf(alice.page, 'facilitator')).toEqual(['active', 'active']);
    expect(await linkRows(alice.page, 'facilitator').getByTestId('share-link-title').allTextContents()).toEqual([
      'Co-facilitator · Priya',
      'Facilitator',
    ]);
    // With two active facilitator links, either can be revoked.
    expect(await linkRows(alice.page, 'facilitator').getByTestId('share-revoke').count()).toBe(2);
    const coLink = await alice.page.getByTestId('share-facilitator-link').inputValue();
    expect(coLink).toMatch(new RegExp(`/r/${review.id}#token=hs_`));
    await alice.page.getByTestId('share-links').screenshot({ path: `${outputDir}/links-share-list.png` });

    // Priya runs the review with it: she has the Share button and sees the same links.
    await openBoard(priya.page, coLink, 'live', { section: 'findings-section' });
    await priya.page.getByTestId('share-button').click();
    await expect.poll(() => statusesOf(priya.page, 'facilitator')).toEqual(['active', 'active']);

    // Alice revokes it: Priya's board ends, and Alice's own link is the last one again (not revocable).
    const coRow = linkRows(alice.page, 'facilitator').first();
    await coRow.getByTestId('share-revoke').click();
    await coRow.getByTestId('share-revoke-confirm').click();
    await expect.poll(() => statusesOf(alice.page, 'facilitator')).toEqual(['revoked', 'active']);
    expect(await linkRows(alice.page, 'facilitator').getByTestId('share-revoke').count()).toBe(0);
    await expect.poll(() => connectionState(priya.page).getAttribute('data-state')).toBe('ended');
    expect(await connectionState(alice.page).getAttribute('data-state')).toBe('live');
  }, 150_000); // three browsers on two busy cores
});

describe('a link that ended says why, on every load', () => {
  it('after a revoke, reloading the board says the link was revoked (not that its key is missing)', async () => {
    const server = await startTestServer();
    const review = (await createReview(server.url, 'Checkout outage')) as CreatedWithIds;
    const bob = await openPerson('bob', { displayName: 'Bob Editor' });
    await openBoard(bob.page, review.links.edit, 'live');
    const revoked = await api(
      `${server.url}/api/reviews/${review.id}/links/${review.linkIds.edit}`,
      'DELETE',
      review.tokens.facilitator,
    );
    expect(revoked.status).toBe(204);
    await expect.poll(() => connectionState(bob.page).getAttribute('data-state')).toBe('ended');

    // The address bar no longer holds the token (it was moved into the tab): a reload must still know.
    expect(bob.page.url()).not.toContain('#token=');
    for (let reload = 1; reload <= 2; reload++) {
      await bob.page.reload();
      await expect.poll(() => errorPage(bob.page).textContent()).toMatch(REVOKED);
      expect(await bob.page.getByRole('heading', { level: 1 }).textContent(), `reload ${reload}`).toBe(
        'This link was revoked',
      );
    }
    // Opened afresh in a new tab, the link says the same at once.
    const fresh = await bob.context.newPage();
    await fresh.goto(review.links.edit);
    await expect.poll(() => errorPage(fresh).textContent()).toMatch(REVOKED);
    await fresh.reload();
    await expect.poll(() => errorPage(fresh).textContent()).toMatch(REVOKED);
  });

  it('an expired link shows when it expired in the reader’s locale and zone, never an ISO time', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Checkout outage');
    const timezoneId = 'Australia/Adelaide'; // +10:30 in December: neither the machine's zone nor a whole hour
    const dana = await openPerson('dana', { displayName: 'Dana', timezoneId });
    const issued = await api(`${server.url}/api/reviews/${review.id}/links`, 'POST', review.tokens.facilitator, {
      kind: 'view',
      expiresAt: new Date(Date.now() + 1500).toISOString(),
    });
    expect(issued.status).toBe(201);
    const expiresAt: string = issued.body.expiresAt;
    await expect
      .poll(async () => (await api(`${server.url}/api/reviews/${review.id}`, 'GET', issued.body.token)).status)
      .toBe(401);

    await dana.page.goto(issued.body.link);
    await expect.poll(() => errorPage(dana.page).isVisible()).toBe(true);
    // What this browser's locale writes for that instant in Adelaide (the test fixes only the zone).
    const local = await dana.page.evaluate(
      ([iso, zone]) =>
        new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(
          new Date(iso),
        ),
      [expiresAt, timezoneId] as const,
    );
    const expected = `This link expired on ${local} (${timezoneId}).`;
    for (let load = 0; load < 2; load++) {
      const text = (await errorPage(dana.page).textContent()) ?? '';
      expect(text).toContain(expected);
      expect(await dana.page.getByRole('heading', { level: 1 }).textContent()).toBe('This link has expired');
      expect(text).not.toContain(expiresAt);
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
      await dana.page.reload();
      await expect.poll(() => errorPage(dana.page).textContent()).toContain(expected);
    }
  });
});

describe('the Join dialog over a link that ends', () => {
  const openToJoinDialog = async (page: Page, link: string) => {
    await page.goto(link);
    const dialog = page.getByTestId('name-dialog');
    await dialog.waitFor({ timeout: 20_000 });
    expect(await dialog.getByRole('heading').textContent()).toBe('Join the review');
    return dialog;
  };

  it('closes when the link is revoked, and the board says why', async () => {
    const server = await startTestServer();
    const review = (await createReview(server.url, 'Checkout outage')) as CreatedWithIds;
    const erin = await openPerson('erin', { displayName: null });
    const dialog = await openToJoinDialog(erin.page, review.links.edit);
    await api(
      `${server.url}/api/reviews/${review.id}/links/${review.linkIds.edit}`,
      'DELETE',
      review.tokens.facilitator,
    );
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await connectionState(erin.page).getAttribute('data-state')).toBe('ended');
    expect(await erin.page.getByRole('alert').first().textContent()).toMatch(/This link was revoked/);
    // Nothing modal is left over the board: its title field can be reached (read-only now).
    expect(await erin.page.getByTestId('review-title-input').isDisabled()).toBe(true);
    await erin.page.getByTestId('review-title-input').hover({ timeout: 5000 });
  });

  it('closes when the link expires, and the board says it expired', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Checkout outage');
    const frank = await openPerson('frank', { displayName: null });
    // Long enough for the board to load and ask for a name on a busy machine; the test checks it did.
    const issued = await api(`${server.url}/api/reviews/${review.id}/links`, 'POST', review.tokens.facilitator, {
      kind: 'edit',
      expiresAt: new Date(Date.now() + 25_000).toISOString(),
    });
    const dialog = await openToJoinDialog(frank.page, issued.body.link);
    expect(Date.now(), 'the board asked for a name before the link expired').toBeLessThan(
      Date.parse(issued.body.expiresAt),
    );
    await expect.poll(() => dialog.count(), { timeout: 40_000 }).toBe(0);
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(issued.body.expiresAt) - 50);
    expect(await connectionState(frank.page).getAttribute('data-state')).toBe('ended');
    expect(await frank.page.getByRole('alert').first().textContent()).toMatch(/This link has expired/);
    // And a reload says when.
    await frank.page.reload();
    await expect.poll(() => errorPage(frank.page).textContent()).toMatch(/This link expired on .+\(.+\)\./);
  });
});
