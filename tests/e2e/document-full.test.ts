/**
 * A review at its size limit, in real browsers against a server with a tiny
 * HINDSIGHT_MAX_DOCUMENT_BYTES: an editor types until the server refuses the change (4413) and is
 * told that nothing more can be saved and to ask the facilitator; the facilitator's board says the
 * review is full and what makes room.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectionState, openBoard, outputDir, useBrowserPeople } from '../support/browser';
import { createReview } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('document-full');

/** The smallest cap the server accepts: a few pastes fill it. */
const MAX_DOCUMENT_BYTES = 64 * 1024;
/** Characters typed at once (one change each); the cap is reached within a dozen. */
const CHUNK = 6_000;

describe('a full review', () => {
  it('tells the editor whose change was refused that nothing more can be saved, and shows the facilitator why', async () => {
    const server = await startTestServer({ HINDSIGHT_MAX_DOCUMENT_BYTES: String(MAX_DOCUMENT_BYTES) });
    const review = await createReview(server.url, 'Storage outage');
    const alice = await openPerson('alice', { displayName: 'Alice Example' });
    const bob = await openPerson('bob', { displayName: 'Bob Example' });
    await Promise.all([
      openBoard(alice.page, review.links.facilitator, 'live', { name: 'Alice Example', section: 'narrative' }),
      openBoard(bob.page, review.links.edit, 'live', { name: 'Bob Example', section: 'narrative' }),
    ]);
    const fullBanner = alice.page.getByTestId('document-full-banner');
    expect(await fullBanner.isVisible()).toBe(false);

    // Bob types into the narrative, one large change at a time, until the server refuses one.
    await bob.page.getByRole('textbox', { name: 'Summary narrative' }).click();
    const bobState = connectionState(bob.page);
    for (let chunk = 0; chunk < (2 * MAX_DOCUMENT_BYTES) / CHUNK; chunk++) {
      if ((await bobState.getAttribute('data-state')) === 'ended') break;
      await bob.page.keyboard.insertText(`${chunk} ${'log line '.repeat(CHUNK / 9)}`);
    }
    await expect.poll(() => bobState.getAttribute('data-state')).toBe('ended');
    await expect.poll(() => bobState.textContent()).toContain('Review full');
    await expect
      .poll(() => bob.page.getByRole('alert').filter({ hasText: 'size limit' }).textContent())
      .toMatch(/nothing more you write can be saved.*Ask the facilitator/);

    // Alice's board says so within a poll of her review's summary, with the sizes.
    await fullBanner.waitFor({ timeout: 20_000 });
    expect(await fullBanner.textContent()).toMatch(/reached its size limit \(\d+ KiB stored of 64 KiB\)/);
    // Bob's banner is not hers: the facilitator's board stays live.
    expect(await connectionState(alice.page).getAttribute('data-state')).toBe('live');

    await alice.page.screenshot({ path: path.join(outputDir, 'document-full-facilitator.png') });
    await bob.page.evaluate(() => window.scrollTo(0, 0));
    await bob.page.screenshot({ path: path.join(outputDir, 'document-full-editor.png') });
  });
});
