/**
 * Rewording someone else's named note shows that it was edited and by whom: on every board, in the
 * report and in the Markdown export. The author's own edits and anything done under the anonymous
 * policy name nobody.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBoard, useBrowserPeople } from '../support/browser';
import { createReview } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('edited-by');

const join = (page: Page, link: string, name: string) =>
  openBoard(page, link, 'live', { name, section: 'findings-section' });

const note = (page: Page, text: string) => page.locator('[data-testid="finding"]', { hasText: text });
const noteText = (page: Page) => page.getByTestId('note-text').first().inputValue();
const editedBy = (page: Page) => page.getByTestId('note-edited-by').allTextContents();

/** Types at the end of the one note's text, as a person would. */
async function appendToNote(page: Page, words: string): Promise<void> {
  const field = page.getByTestId('note-text').first();
  await field.click();
  await field.press('Control+End'); // the end of the text, not of the wrapped line
  await field.pressSequentially(words);
  await field.blur();
}

describe('edited by', () => {
  it('shows who reworded another person’s named note, on every board, in the report and the export', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Gateway brown-out');
    const [ana, sam, carol] = await Promise.all([openPerson('Ana'), openPerson('Sam'), openPerson('Carol')]);
    await join(ana.page, review.links.facilitator, 'Ana');
    await join(sam.page, review.links.edit, 'Sam');
    await join(carol.page, review.links.edit, 'Carol');

    const input = sam.page.getByTestId('quick-add-went-wrong');
    await input.fill('Pager went to the old rota');
    await input.press('Enter');
    await note(ana.page, 'Pager went to the old rota').waitFor();
    // Sam's own words name nobody but him.
    await appendToNote(sam.page, ' again');
    await expect.poll(() => noteText(ana.page)).toBe('Pager went to the old rota again');
    expect(await editedBy(ana.page)).toEqual([]);

    await appendToNote(ana.page, ' for the second time');
    for (const page of [sam.page, carol.page, ana.page]) {
      await expect.poll(() => noteText(page)).toBe('Pager went to the old rota again for the second time');
      await expect.poll(() => editedBy(page)).toEqual([' · edited by Ana']);
      expect(await note(page, 'Pager went').locator('.note__author').textContent()).toBe('by Sam · edited by Ana');
    }

    // Sam edits his note again: Ana's rewording still shows.
    await appendToNote(sam.page, '!');
    await expect.poll(() => noteText(carol.page)).toBe('Pager went to the old rota again for the second time!');
    expect(await editedBy(carol.page)).toEqual([' · edited by Ana']);

    // The report (a view link) and the Markdown export say so too.
    const report = await carol.context.newPage();
    await report.goto(new URL(review.links.view, server.url).href);
    const finding = report.getByTestId('report-finding').filter({ hasText: 'Pager went to the old rota' });
    await expect.poll(() => finding.textContent(), { timeout: 20_000 }).toContain('Sam · edited by Ana');
    const markdown = await (
      await fetch(`${server.url}/api/reviews/${review.id}/export.md`, {
        headers: { authorization: `Bearer ${review.tokens.view}` },
      })
    ).text();
    expect(markdown).toContain('— *Sam* (edited by *Ana*)');

    // Under the anonymous policy a rewording names nobody: Carol's edit leaves Ana's mark as it was.
    const res = await fetch(`${server.url}/api/reviews/${review.id}/control`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${review.tokens.facilitator}` },
      body: JSON.stringify({ anonymity: 'anonymous' }),
    });
    expect(res.status).toBe(200);
    await carol.page.getByTestId('findings-policy').waitFor();
    await appendToNote(carol.page, ' (night)');
    await expect.poll(() => noteText(sam.page)).toBe('Pager went to the old rota again for the second time! (night)');
    expect(await editedBy(sam.page)).toEqual([' · edited by Ana']);
    const exported = await (
      await fetch(`${server.url}/api/reviews/${review.id}/export.json`, {
        headers: { authorization: `Bearer ${review.tokens.view}` },
      })
    ).text();
    expect(exported).not.toContain('Carol');
  }, 240_000);
});
