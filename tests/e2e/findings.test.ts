/**
 * The findings board in real browsers: two editors and a viewer on one review. Moves between columns
 * (drag and drop, the keyboard drag, and the "Move to" menu), grouping by dropping one note on
 * another, concurrent typing in one note, and promotion to root-cause candidate all show up in the
 * other contexts; the viewer sees the notes with no controls.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { boardView, openBoard, useBrowserPeople } from '../support/browser';
import { createReview } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('findings');

/** Opens a board link as `name` and waits until it is connected and the findings are shown. */
async function join(page: Page, link: string, name: string, state: 'live' | 'read-only'): Promise<void> {
  await openBoard(page, link, state, { name, section: 'findings-section' });
}

const column = (page: Page, category: string) => page.getByTestId(`findings-column-${category}`);
/** Finding ids by the text each note was created with (ids are the same in every context). */
const noteIds = new Map<string, string>();
const note = (page: Page, text: string): Locator =>
  page.locator(`[data-testid="finding"][data-finding-id="${noteIds.get(text)}"]`);

/** The category and group of the note whose text field holds `text`, as one page renders it. */
async function placeOf(page: Page, text: string): Promise<string> {
  return page.evaluate((wanted) => {
    for (const element of document.querySelectorAll<HTMLElement>('[data-testid="finding"]')) {
      const field = element.querySelector<HTMLTextAreaElement | HTMLElement>('.note__text');
      const value = field instanceof HTMLTextAreaElement ? field.value : field?.textContent;
      if (value !== wanted) continue;
      const columnEl = element.closest<HTMLElement>('[data-testid^="findings-column-"]');
      const group = element.closest<HTMLElement>('[data-testid="finding-group"]');
      return `${columnEl?.dataset.testid?.replace('findings-column-', '')}|${group ? group.dataset.groupName || '(unnamed)' : '-'}`;
    }
    return 'missing';
  }, text);
}

async function addNote(page: Page, category: string, text: string): Promise<void> {
  const input = page.getByTestId(`quick-add-${category}`);
  await input.fill(text);
  await input.press('Enter');
  await expect.poll(() => placeOf(page, text)).toBe(`${category}|-`);
  const id = await page.evaluate((wanted) => {
    for (const element of document.querySelectorAll<HTMLElement>('[data-testid="finding"]')) {
      if (element.querySelector<HTMLTextAreaElement>('textarea.note__text')?.value === wanted)
        return element.dataset.findingId;
    }
    return undefined;
  }, text);
  noteIds.set(text, id!);
}

/** Drags with the mouse from the note's handle to the middle of `target`, in small steps. */
async function drag(page: Page, handle: Locator, target: Locator, offsetY?: number): Promise<void> {
  await handle.evaluate((element) => element.scrollIntoView({ block: 'center' }));
  const from = (await handle.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 3 });
  const x = to.x + to.width / 2;
  const y = offsetY === undefined ? to.y + to.height / 2 : to.y + offsetY;
  await page.mouse.move(x, y, { steps: 12 });
  await expect.poll(() => target.evaluate((el) => /drop-target/.test(el.className))).toBe(true);
  await page.mouse.up();
}

describe('findings board', () => {
  it('syncs moves, groups, concurrent note edits and root causes between two editors and a viewer', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Checkout outage');
    const [alice, bob, carol] = await Promise.all([openPerson('alice'), openPerson('bob'), openPerson('carol')]);
    await join(alice.page, review.links.facilitator, 'Alice', 'live');
    await join(bob.page, review.links.edit, 'Bob', 'live');
    await join(carol.page, boardView(review.links.view), 'Carol', 'read-only');

    const first = 'Pager went to the old rota';
    await addNote(alice.page, 'went-wrong', first);
    await expect.poll(() => placeOf(bob.page, first)).toBe('went-wrong|-');

    // Keyboard path 1: the note's "Move to" menu, opened and chosen with keys only.
    const menu = note(bob.page, first).getByTestId('note-menu');
    await menu.focus();
    await menu.press('Enter');
    await expect.poll(() => bob.page.getByRole('menu').isVisible()).toBe(true);
    const target = bob.page.getByRole('menuitem', { name: 'Contributing factors' });
    for (let i = 0; i < 4 && !(await target.evaluate((el) => el === document.activeElement)); i++) {
      await bob.page.keyboard.press('ArrowDown');
    }
    await bob.page.keyboard.press('Enter');
    await expect.poll(() => placeOf(alice.page, first)).toBe('contributing-factor|-');
    // Focus followed the note to its new column, so the keyboard user can carry on.
    await expect
      .poll(() =>
        bob.page.evaluate(() =>
          document.activeElement?.closest('[data-testid="finding"]')?.getAttribute('data-category'),
        ),
      )
      .toBe('contributing-factor');

    // Keyboard path 2: the drag handle (Space picks up, arrows jump columns, Space drops).
    const handle = note(bob.page, first).getByTestId('note-drag-handle');
    await handle.focus();
    await handle.press('Space');
    // The keyboard sensor listens for arrows only once the drag is active: wait for it, not a time.
    await expect
      .poll(() => column(bob.page, 'contributing-factor').evaluate((el) => /drop-target/.test(el.className)))
      .toBe(true);
    // dnd-kit adds its keydown listener in a zero-delay timeout after the drag starts; a timeout
    // queued now runs after it, so the arrow below cannot arrive before the listener (it did on a busy machine).
    await bob.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    await bob.page.keyboard.press('ArrowLeft');
    await expect.poll(() => column(bob.page, 'lucky').evaluate((el) => /drop-target/.test(el.className))).toBe(true);
    await bob.page.keyboard.press('Space');
    await expect.poll(() => placeOf(alice.page, first)).toBe('lucky|-');

    // Drag and drop with the mouse onto another column's heading.
    await drag(
      alice.page,
      note(alice.page, first).getByTestId('note-drag-handle'),
      column(alice.page, 'went-wrong'),
      20,
    );
    await expect.poll(() => placeOf(bob.page, first)).toBe('went-wrong|-');

    // Grouping: drop a second note on the first, then name the new group inline.
    const second = 'The rota lives in a wiki nobody owns';
    await addNote(alice.page, 'went-well', second);
    await drag(alice.page, note(alice.page, second).getByTestId('note-drag-handle'), note(alice.page, first));
    const groupName = alice.page.getByTestId('group-name');
    await expect.poll(() => groupName.evaluate((el) => el === document.activeElement)).toBe(true);
    await groupName.pressSequentially('Paging');
    for (const page of [alice.page, bob.page, carol.page]) {
      await expect.poll(() => placeOf(page, first)).toBe('went-wrong|Paging');
      await expect.poll(() => placeOf(page, second)).toBe('went-wrong|Paging');
    }

    // Both editors type into the same note at once: Alice at its end, Bob at its start.
    const aliceText = note(alice.page, first).getByTestId('note-text');
    const bobText = note(bob.page, first).getByTestId('note-text');
    await aliceText.focus();
    await aliceText.press('End');
    await bobText.focus();
    await bobText.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(0, 0));
    await Promise.all([
      aliceText.pressSequentially(' after 2 rotations', { delay: 50 }),
      bobText.pressSequentially('Weekend: ', { delay: 40 }),
    ]);
    const merged = `Weekend: ${first} after 2 rotations`;
    noteIds.set(merged, noteIds.get(first)!);
    await expect.poll(() => aliceText.inputValue()).toBe(merged);
    await expect.poll(() => bobText.inputValue()).toBe(merged);
    await expect.poll(() => placeOf(carol.page, merged)).toBe('went-wrong|Paging');
    // While Bob's caret is in the note, Alice sees who is editing it.
    await expect.poll(() => note(alice.page, merged).locator('.note__editors').textContent()).toMatch(/editing/);

    // Promote the group in Bob's board: it shows in Alice's and Carol's root-cause lists.
    await bob.page.locator('[data-testid="finding-group"]').getByTestId('group-root-cause').click();
    for (const page of [alice.page, carol.page]) {
      await expect.poll(() => page.getByTestId('root-cause-text').allTextContents()).toEqual(['Paging']);
      expect(await page.getByTestId('root-cause').getByTestId('root-cause-votes').count()).toBe(1);
    }
    // And a single note too; then Alice demotes it and it is gone everywhere.
    await alice.page.locator('[data-testid="finding-group"]').getByTestId('note-root-cause').first().click();
    await expect.poll(() => bob.page.getByTestId('root-cause').count()).toBe(2);
    await bob.page.getByTestId('root-cause-demote').nth(1).click();
    await expect.poll(() => carol.page.getByTestId('root-cause').count()).toBe(1);

    // The viewer sees every note but not a single control.
    const viewerFindings = carol.page.getByTestId('findings-section');
    await expect.poll(() => viewerFindings.getByTestId('finding').count()).toBe(2);
    expect(await viewerFindings.locator('button, input, textarea, select').count()).toBe(0);
    expect(await carol.page.getByTestId('root-causes-section').locator('button, input, textarea').count()).toBe(0);
  });
});
