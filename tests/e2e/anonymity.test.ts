/**
 * Anonymous findings in real browsers. Under the optional policy a writer ticks "Post anonymously";
 * under the anonymous policy every note is. Notes wait, visible only to their writer, until the
 * facilitator reveals them as one batch; then everyone sees them as "Anonymous", the writer can
 * still reword or delete theirs, and nobody else can.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { connectionState, openBoard, useBrowserPeople } from '../support/browser';
import { setTitle } from '@hindsight/review';
import { connectClient } from '../support/clients';
import { createReview } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('anonymity');

const join = (page: Page, link: string, name: string, state: 'live' | 'read-only' = 'live') =>
  openBoard(page, link, state, { name, section: 'findings-section' });

/** Every note a page shows: its text and author label, in board order. */
function notesOf(page: Page): Promise<Array<{ text: string; author: string }>> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="finding"]')].map((note) => {
      const field = note.querySelector<HTMLTextAreaElement | HTMLElement>('.note__text');
      return {
        text: (field instanceof HTMLTextAreaElement ? field.value : field?.textContent) ?? '',
        author: note.querySelector('.note__author')?.textContent ?? '',
      };
    }),
  );
}

const sorted = (notes: Array<{ text: string; author: string }>) =>
  [...notes].sort((a, b) => a.text.localeCompare(b.text));

describe('anonymous findings in the browser', () => {
  it('are held for their writer only, revealed as one batch, and stay the writer’s to reword', async () => {
    // A writer's rewording waits a random delay; shortened here so the test does not wait a minute.
    const server = await startTestServer({
      HINDSIGHT_RELEASE_DELAY_MIN_MS: '200',
      HINDSIGHT_RELEASE_DELAY_MAX_MS: '1000',
    });
    const review = await createReview(server.url, 'Payments outage');
    const control = (body: unknown) =>
      fetch(`${server.url}/api/reviews/${review.id}/control`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${review.tokens.facilitator}` },
        body: JSON.stringify(body),
      });
    const [alice, bob, carol] = await Promise.all([openPerson('Alice'), openPerson('Bob'), openPerson('Carol')]);
    await join(alice.page, review.links.facilitator, 'Alice');
    await join(bob.page, review.links.edit, 'Bob');
    await join(carol.page, review.links.edit, 'Carol');

    // Optional policy: Bob posts one named and one anonymous note.
    expect((await control({ anonymity: 'optional' })).status).toBe(200);
    await bob.page.getByTestId('findings-policy').waitFor();
    const input = bob.page.getByTestId('quick-add-went-wrong');
    await input.fill('Deploy checks were skipped');
    await input.press('Enter');
    await expect
      .poll(async () => notesOf(carol.page))
      .toEqual([{ text: 'Deploy checks were skipped', author: 'by Bob' }]);
    await bob.page.getByTestId('quick-add-anonymous-went-wrong').check();
    await expect.poll(() => input.getAttribute('placeholder')).toBe('Add an anonymous note…');
    await input.fill('I was afraid to roll back without approval');
    await input.press('Enter');
    const held = bob.page.getByTestId('held-note');
    await held.waitFor();
    expect(await held.textContent()).toContain('I was afraid to roll back without approval');

    // Anonymous policy: every note of Carol's is anonymous.
    expect((await control({ anonymity: 'anonymous' })).status).toBe(200);
    const carolInput = carol.page.getByTestId('quick-add-lucky');
    await expect.poll(() => carolInput.getAttribute('placeholder')).toBe('Add an anonymous note…');
    for (const text of ['The on-call knew the database well', 'A spare node happened to be warm']) {
      await carolInput.fill(text);
      await carolInput.press('Enter');
      await expect.poll(() => carol.page.getByTestId('held-note').count()).toBe(text.startsWith('The') ? 1 : 2);
    }

    // Bob rewords his held note before the reveal.
    await held.getByRole('button', { name: 'Edit' }).click();
    await held.getByRole('textbox').fill('I was afraid to roll back without sign-off');
    await held.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => held.locator('.held-note__text').textContent())
      .toBe('I was afraid to roll back without sign-off');

    // Held means held: nobody else, the facilitator included, sees any of them. Barrier: a title
    // change made after every post reaches both pages, and the server relays document changes in
    // order, so a held note written into the document when it was posted would have come first.
    const barrier = connectClient(server.wsUrl, review.id, review.tokens.edit);
    await barrier.synced;
    setTitle(barrier.doc, 'Payments outage, after the posts');
    for (const page of [alice.page, carol.page]) {
      await expect
        .poll(() => page.getByTestId('review-title-input').inputValue())
        .toBe('Payments outage, after the posts');
    }
    barrier.destroy();
    for (const page of [alice.page, carol.page]) {
      expect(await notesOf(page)).toEqual([{ text: 'Deploy checks were skipped', author: 'by Bob' }]);
    }
    expect(await alice.page.getByTestId('held-note').count()).toBe(0);

    // The facilitator's board counts what is held (never whose), and reveals it as one batch.
    const revealButton = alice.page.getByTestId('reveal-held');
    await expect.poll(() => revealButton.getAttribute('data-held'), { timeout: 20_000 }).toBe('3');
    await revealButton.click();
    const expected = sorted([
      { text: 'Deploy checks were skipped', author: 'by Bob' },
      { text: 'I was afraid to roll back without sign-off', author: 'Anonymous' },
      { text: 'The on-call knew the database well', author: 'Anonymous' },
      { text: 'A spare node happened to be warm', author: 'Anonymous' },
    ]);
    for (const page of [alice.page, bob.page, carol.page]) {
      await expect.poll(async () => sorted(await notesOf(page))).toEqual(expected);
    }
    await expect.poll(() => bob.page.getByTestId('held-note').count()).toBe(0);
    await expect.poll(() => carol.page.getByTestId('held-note').count()).toBe(0);

    // Only the writer (and the facilitator) may reword it; for Carol it is read-only with no such entry.
    const bobsNote = (page: Page) =>
      page.locator('[data-testid="finding"]', { hasText: 'I was afraid to roll back without sign-off' });
    expect(await bobsNote(carol.page).locator('textarea').count()).toBe(0);
    await bobsNote(carol.page).getByTestId('note-menu').click();
    expect(await carol.page.getByTestId('edit-anonymous').count()).toBe(0);
    expect(await carol.page.getByTestId('delete-note').count()).toBe(0);
    await carol.page.keyboard.press('Escape');

    await bobsNote(bob.page).getByTestId('note-menu').click();
    await bob.page.getByTestId('edit-anonymous').click();
    await expect.poll(() => bob.page.getByTestId('reword-delay-hint').count()).toBe(1);
    await bob.page.getByTestId('anonymous-note-text').fill('Rolling back needed a sign-off nobody could give at night');
    await bob.page.getByRole('button', { name: 'Save' }).click();
    for (const page of [alice.page, carol.page]) {
      await expect
        .poll(async () =>
          (await notesOf(page)).some((n) => n.text === 'Rolling back needed a sign-off nobody could give at night'),
        )
        .toBe(true);
    }

    // Anyone may still move an anonymous note: Carol moves Bob's to contributing factors.
    const moved = carol.page.locator('[data-testid="finding"]', { hasText: 'Rolling back needed a sign-off' });
    await moved.getByTestId('note-menu').click();
    await carol.page.getByTestId('move-to-contributing-factor').click();
    await expect
      .poll(() =>
        bob.page
          .getByTestId('findings-column-contributing-factor')
          .locator('[data-testid="finding"]', { hasText: 'Rolling back needed a sign-off' })
          .count(),
      )
      .toBe(1);

    // The facilitator can delete any anonymous note.
    alice.page.once('dialog', (dialog) => void dialog.accept());
    const spare = alice.page.locator('[data-testid="finding"]', { hasText: 'A spare node happened to be warm' });
    await spare.getByTestId('note-menu').click();
    await alice.page.getByTestId('delete-note').click();
    await expect
      .poll(async () => (await notesOf(carol.page)).some((n) => n.text === 'A spare node happened to be warm'))
      .toBe(false);

    // No page ever shows who wrote an anonymous note.
    for (const page of [alice.page, carol.page]) {
      const text = await page.getByTestId('findings-section').innerText();
      expect(text).not.toMatch(/by (Bob|Carol)[\s\S]*Rolling back/);
      expect((await notesOf(page)).filter((n) => n.author !== 'Anonymous').map((n) => n.author)).toEqual(['by Bob']);
    }
  });

  it('gives people already on the board a new identity when findings turn anonymous, so a pseudonym links to no name', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Payments outage');
    // A participant recording every presence state the server relays, by client id.
    const observer = connectClient(server.wsUrl, review.id, review.tokens.edit);
    await observer.synced;
    const namesByClient = new Map<number, Set<string>>();
    const firstSeenAt = new Map<number, number>();
    observer.provider.awareness.on('change', () => {
      observer.provider.awareness.getStates().forEach((state, clientId) => {
        const name = (state as { user?: { name?: unknown } }).user?.name;
        if (typeof name !== 'string') return;
        if (!firstSeenAt.has(clientId)) firstSeenAt.set(clientId, Date.now());
        if (!namesByClient.has(clientId)) namesByClient.set(clientId, new Set());
        namesByClient.get(clientId)!.add(name);
      });
    });
    const bob = await openPerson('Bob');
    await join(bob.page, review.links.edit, 'Bob');
    const clientsNamed = (name: string) => [...namesByClient].filter(([, names]) => names.has(name)).map(([id]) => id);
    await expect.poll(() => clientsNamed('Bob').length).toBe(1);
    const named = clientsNamed('Bob')[0]!;

    // Nothing can start Bob's pause before this request is sent, so the gap is a lower bound only.
    const policyChangeSentAt = Date.now();
    const res = await fetch(`${server.url}/api/reviews/${review.id}/control`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${review.tokens.facilitator}` },
      body: JSON.stringify({ anonymity: 'anonymous' }),
    });
    expect(res.status).toBe(200);
    // Bob reappears under a pseudonym, from a client id that never carried his name.
    await expect
      .poll(() => [...namesByClient].filter(([id, names]) => id !== named && !names.has('Bob')).length, {
        timeout: 20_000,
      })
      .toBe(1);
    const [pseudonymous, names] = [...namesByClient].find(([id]) => id !== named)!;
    expect(names.has('Bob')).toBe(false);
    expect(pseudonymous).not.toBe(named);
    // He came back after the random pause (0.5-3 s, REJOIN_DELAY_MS in apps/web/src/collab/identity.ts),
    // not at once. Only its lower bound is checked here: on a busy machine any moment can come late.
    expect(firstSeenAt.get(pseudonymous)! - policyChangeSentAt).toBeGreaterThanOrEqual(500);
    expect(observer.provider.awareness.getStates().has(named)).toBe(false);
    // His board stayed live through the change, showing him the pseudonym he is shown as.
    await expect.poll(() => connectionState(bob.page).getAttribute('data-state')).toBe('live');
    await expect.poll(() => bob.page.getByText(`shown as ${[...names][0]}`).count()).toBeGreaterThan(0);
    observer.destroy();
  });
});
