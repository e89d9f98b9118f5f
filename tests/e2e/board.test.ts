/**
 * The whole board, edited by two people at the same moment: each changes the title, the
 * narrative, the timeline, the findings and the action items while the other does too, and both
 * end with the same board that holds every edit of each.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { connectionState, useBrowserPeople } from '../support/browser';
import { createReview } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('board');

async function join(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await expect.poll(() => connectionState(page).getAttribute('data-state')).toBe('live');
  await page.getByTestId('findings-section').waitFor();
  await page.getByRole('textbox', { name: 'Impact narrative' }).waitFor();
}

/** One person's edits in every section, in the order a participant might make them. */
async function editEverySection(
  page: Page,
  tag: string,
  minute: string,
  section: string,
  titleEdge: 'Home' | 'End',
): Promise<void> {
  const title = page.getByLabel('Review title');
  await title.focus();
  await title.press(titleEdge);
  await title.pressSequentially(titleEdge === 'End' ? ` ${tag}` : `${tag}: `, { delay: 30 });

  const narrative = page.getByRole('textbox', { name: `${section} narrative` });
  await narrative.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(`${tag} wrote this.`, { delay: 20 });

  const timeline = page.getByRole('form', { name: 'Add a timeline event' });
  await timeline.getByLabel('When').fill(`2026-03-14T10:${minute}:00`);
  await timeline.getByLabel('What happened').fill(`${tag} restarted the pool`);
  await timeline.getByRole('button', { name: 'Add event' }).click();

  const note = page.getByTestId('quick-add-went-wrong');
  await note.fill(`${tag}: the alert was late`);
  await note.press('Enter');

  const actions = page.getByTestId('add-action-form');
  await actions.getByLabel('New action item').fill(`${tag}: add a pool alert`);
  await actions.getByLabel('Owner').fill(tag);
  await actions.getByRole('button', { name: 'Add action' }).click();
}

/** What a person sees, section by section, as plain data (carets and presence left out). */
function boardState(page: Page) {
  return page.evaluate(() => {
    const value = (el: Element | null) => (el as HTMLInputElement | HTMLTextAreaElement | null)?.value ?? '';
    const narrative = (section: string) => {
      const copy = document.querySelector(`[data-testid="narrative-editable-${section}"]`)?.cloneNode(true) as
        | HTMLElement
        | undefined;
      copy?.querySelectorAll('.ProseMirror-widget, .narrative-caret').forEach((widget) => widget.remove());
      return copy?.textContent ?? '';
    };
    return {
      title: value(document.querySelector('#review-title-input')),
      impact: narrative('impact'),
      detection: narrative('detection'),
      timeline: [...document.querySelectorAll('[data-testid="timeline-event"]')].map(
        (row) => `${row.getAttribute('data-at')} ${value(row.querySelector('textarea'))}`,
      ),
      findings: [...document.querySelectorAll<HTMLElement>('[data-testid="finding"]')]
        .map((note) => `${note.dataset.category}: ${value(note.querySelector('textarea.note__text'))}`)
        .sort(),
      actions: [...document.querySelectorAll('[data-testid="action-row"] [aria-label="Action title"]')]
        .map((input) => value(input))
        .sort(),
    };
  });
}

describe('the whole board', () => {
  it('two people editing every section at once end with the same board holding both their edits', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Checkout outage');
    const alice = await openPerson('alice', { timezoneId: 'UTC', displayName: 'Alice' });
    const bob = await openPerson('bob', { timezoneId: 'UTC', displayName: 'Bob' });
    await Promise.all([join(alice.page, review.links.facilitator), join(bob.page, review.links.edit)]);

    // Different spots in the title and different narrative sections: two carets at the very same
    // spot of a narrative section are covered by narrative.test.ts.
    await Promise.all([
      editEverySection(alice.page, 'Alice', '05', 'Impact', 'End'),
      editEverySection(bob.page, 'Bob', '02', 'Detection', 'Home'),
    ]);

    const expectBoth = (state: Awaited<ReturnType<typeof boardState>>) =>
      state.title === 'Bob: Checkout outage Alice' &&
      state.impact === 'Alice wrote this.' &&
      state.detection === 'Bob wrote this.' &&
      state.timeline.length === 2 &&
      state.findings.length === 2 &&
      state.actions.length === 2;
    await expect.poll(async () => expectBoth(await boardState(alice.page))).toBe(true);
    await expect.poll(async () => expectBoth(await boardState(bob.page))).toBe(true);
    await expect
      .poll(async () => JSON.stringify(await boardState(bob.page)))
      .toBe(JSON.stringify(await boardState(alice.page)));

    const final = await boardState(alice.page);
    // The timeline is in time order whoever added first; nothing either person typed was lost.
    expect(final.timeline).toEqual([
      '2026-03-14T10:02:00.000Z Bob restarted the pool',
      '2026-03-14T10:05:00.000Z Alice restarted the pool',
    ]);
    expect(final.findings).toEqual(['went-wrong: Alice: the alert was late', 'went-wrong: Bob: the alert was late']);
    expect(final.actions).toEqual(['Alice: add a pool alert', 'Bob: add a pool alert']);
  });

  it('a section whose code cannot be fetched says so, and the rest of the board keeps working', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Checkout outage');
    const dana = await openPerson('dana', { displayName: 'Dana' });
    // The network drops just as the lazily loaded narrative editor is fetched.
    await dana.page.route(/NarrativeSection-[^/]*\.js$/, (route) => route.abort('internetdisconnected'));
    await dana.page.goto(review.links.edit);
    await expect.poll(() => connectionState(dana.page).getAttribute('data-state')).toBe('live');
    const failed = dana.page.getByRole('alert').filter({ hasText: 'Narrative' });
    await expect.poll(() => failed.textContent()).toMatch(/could not be shown/);
    await expect.poll(() => dana.page.getByRole('button', { name: 'Reload the board' }).isVisible()).toBe(true);
    const note = dana.page.getByTestId('quick-add-went-well');
    await note.fill('Rollback was quick');
    await note.press('Enter');
    await expect.poll(() => dana.page.getByTestId('finding').count()).toBe(1);
  });

  it('a facilitator on another device issues new share links that open the board with their role', async () => {
    const server = await startTestServer();
    // Created through the API: this browser never saw the create-response and its links.
    const review = await createReview(server.url, 'Checkout outage');
    const erin = await openPerson('erin', { displayName: 'Erin' });
    await erin.page.goto(review.links.facilitator);
    await expect.poll(() => connectionState(erin.page).getAttribute('data-state')).toBe('live');
    await erin.page.getByTestId('share-button').click();
    await erin.page.getByTestId('share-create-view').click();
    const viewLink = erin.page.getByTestId('share-view-link');
    await expect.poll(() => viewLink.inputValue()).toMatch(/\/r\/[^#]+#token=hs_/);
    const link = await viewLink.inputValue();
    expect(link).not.toContain(review.tokens.view);

    const frank = await openPerson('frank', { displayName: 'Frank' });
    await frank.page.goto(link);
    await expect.poll(() => connectionState(frank.page).getAttribute('data-state')).toBe('read-only');
    // Erin finds the link again after a reload.
    await erin.page.reload();
    await erin.page.getByTestId('share-button').click();
    await expect.poll(() => erin.page.getByTestId('share-view-link').inputValue()).toBe(link);
    expect(await erin.page.getByTestId('share-create-edit').isVisible()).toBe(true);
  });
});
