/**
 * The narrative in a real browser against a real server: two editors type into the same section
 * at the same moment and both end with every keystroke; each sees the other's named caret; undo
 * takes back only one's own typing; a viewer follows live from an editor that cannot be edited.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { boardView, openBoard, outputDir, useBrowserPeople } from '../support/browser';
import { createReview } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('narrative');

/** Opens a board link as `name` and waits until it is connected and the narrative is shown. */
async function joinBoard(page: Page, url: string, name: string, expectedState: 'live' | 'read-only'): Promise<void> {
  await openBoard(page, url, expectedState, { name, section: 'narrative' });
}

function editable(page: Page, title: string) {
  return page.getByRole('textbox', { name: `${title} narrative` });
}

/** A section's text without the other people's caret labels (widgets inside the editable). */
function sectionText(page: Page, section: string): Promise<string> {
  return page.getByTestId(`narrative-editable-${section}`).evaluate((root) => {
    const copy = root.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.ProseMirror-widget, .narrative-caret').forEach((widget) => widget.remove());
    return copy.textContent ?? '';
  });
}

/** Presses `key` until `read` gives `target`, checking each press changes something (at most 8). */
async function pressUntil(page: Page, key: string, read: () => Promise<string>, target: string): Promise<void> {
  for (let presses = 0; presses < 8; presses++) {
    const before = await read();
    if (before === target) return;
    await page.keyboard.press(key);
    await expect.poll(read).not.toBe(before);
  }
  expect(await read()).toBe(target);
}

describe('narrative', () => {
  it('merges two people typing in the same section at once, shows named carets, undoes only one’s own typing and stays live and read-only for a viewer', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Checkout outage');
    const alice = await openPerson('alice', { displayName: 'Alice Example' });
    const bob = await openPerson('bob', { displayName: 'Bob Example' });
    const carol = await openPerson('carol', { displayName: 'Carol Example' });
    await Promise.all([
      joinBoard(alice.page, review.links.facilitator, 'Alice Example', 'live'),
      joinBoard(bob.page, review.links.edit, 'Bob Example', 'live'),
    ]);
    await joinBoard(carol.page, boardView(review.links.view), 'Carol Example', 'read-only');

    // Bob writes the first sentence (so Alice's undo history starts empty).
    const seed = 'The checkout API returned errors.';
    await editable(bob.page, 'Summary').click();
    await bob.page.keyboard.type(seed);
    await expect.poll(() => sectionText(alice.page, 'summary')).toBe(seed);

    // Alice at the start, Bob at the end, typing at the same time: every keystroke of each
    // reaches the other while they type.
    await editable(alice.page, 'Summary').click();
    await alice.page.keyboard.press('Control+Home');
    await bob.page.keyboard.press('Control+End');
    await Promise.all([
      alice.page.keyboard.type('Early ', { delay: 45 }),
      bob.page.keyboard.type(' Late', { delay: 55 }),
    ]);
    const merged = `Early ${seed} Late`;
    await expect.poll(() => sectionText(alice.page, 'summary')).toBe(merged);
    await expect.poll(() => sectionText(bob.page, 'summary')).toBe(merged);
    await expect.poll(() => sectionText(carol.page, 'summary')).toBe(merged);

    // Each sees the other's caret, labelled with their name, in that section.
    const bobCaretOnAlice = alice.page.getByTestId('narrative-summary').locator('.narrative-caret__label');
    const aliceCaretOnBob = bob.page.getByTestId('narrative-summary').locator('.narrative-caret__label');
    await expect.poll(() => bobCaretOnAlice.isVisible()).toBe(true);
    await expect.poll(() => aliceCaretOnBob.isVisible()).toBe(true);
    await expect.poll(() => bobCaretOnAlice.textContent()).toBe('Bob Example');
    await expect.poll(() => aliceCaretOnBob.textContent()).toBe('Alice Example');
    // ... and the section's presence marker names who else is writing there.
    const presenceOnAlice = alice.page.getByTestId('narrative-summary').getByTestId('narrative-presence');
    await expect.poll(() => presenceOnAlice.textContent()).toContain('Bob Example');

    // Ctrl+Z in the editor takes back Alice's own typing and never Bob's; Ctrl+Y brings it back.
    // (While someone else types in the same section, y-tiptap closes the undo step at each of
    // their changes, so Alice's word may come back in more than one step.)
    const withoutAlice = `${seed} Late`;
    await pressUntil(alice.page, 'Control+z', () => sectionText(alice.page, 'summary'), withoutAlice);
    await alice.page.keyboard.press('Control+z'); // nothing of hers is left to undo
    await expect.poll(() => sectionText(bob.page, 'summary')).toBe(withoutAlice);
    await pressUntil(alice.page, 'Control+y', () => sectionText(alice.page, 'summary'), merged);
    await expect.poll(() => sectionText(bob.page, 'summary')).toBe(merged);

    // The toolbar belongs to the focused section and formats the shared text.
    await editable(alice.page, 'Impact').click();
    const toolbar = alice.page.getByRole('toolbar', { name: 'Impact formatting' });
    await expect.poll(() => toolbar.isVisible()).toBe(true);
    expect(await alice.page.getByRole('toolbar').count()).toBe(1);
    await toolbar.getByRole('button', { name: 'Bold' }).click();
    expect(await toolbar.getByRole('button', { name: 'Bold' }).getAttribute('aria-pressed')).toBe('true');
    await alice.page.keyboard.type('All EU customers');
    await expect
      .poll(() => bob.page.getByTestId('narrative-editable-impact').locator('strong').textContent())
      .toBe('All EU customers');

    // The viewer follows live, from editors that cannot be edited, with no toolbar.
    await expect
      .poll(() => carol.page.getByTestId('narrative-editable-impact').locator('strong').textContent())
      .toBe('All EU customers');
    const viewerEditables = carol.page.getByTestId('narrative').locator('.ProseMirror');
    expect(await viewerEditables.count()).toBe(5);
    for (const element of await viewerEditables.all()) {
      expect(await element.getAttribute('contenteditable')).toBe('false');
      expect(await element.getAttribute('aria-readonly')).toBe('true');
    }
    const presenceOnCarol = carol.page.getByTestId('narrative-impact').getByTestId('narrative-presence');
    await expect.poll(() => presenceOnCarol.textContent()).toContain('Alice Example');
    await carol.page.getByTestId('narrative-editable-summary').click();
    expect(await carol.page.getByRole('toolbar').count()).toBe(0);
    expect(await carol.page.getByTestId('narrative').getByRole('button').count()).toBe(0);

    await alice.page.getByTestId('narrative').screenshot({ path: path.join(outputDir, 'narrative-alice.png') });
    await carol.page.getByTestId('narrative').screenshot({ path: path.join(outputDir, 'narrative-viewer.png') });
  });
});
