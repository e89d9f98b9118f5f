/**
 * Long findings in a real browser. Near the 5,000-character limit a note's field counts its
 * characters, and a paste over the limit says how much of it was kept instead of dropping the rest
 * without a word (in the quick add and in a posted note). A long posted note is collapsed to a few
 * lines with "more" / "less" (the report shows all of it), and neither a long draft nor a long
 * note, not even one unbroken word, makes its column wider.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { REVIEW_LIMITS } from '@hindsight/review';
import { openBoard, useBrowserPeople } from '../support/browser';
import { createReview } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('long-notes');

const LIMIT = REVIEW_LIMITS.textMaxLength;
const CATEGORIES = ['went-well', 'went-wrong', 'lucky', 'contributing-factor'] as const;

/** `length` characters of plain words. */
const words = (length: number) =>
  'the pool ran dry while nobody watched it '.repeat(Math.ceil(length / 41)).slice(0, length);

/** The four columns' left and right edges, in page pixels. */
const columnEdges = (page: Page) =>
  page.evaluate((categories) => {
    return categories.map((category) => {
      const rect = document.querySelector(`[data-testid="findings-column-${category}"]`)!.getBoundingClientRect();
      return [Math.round(rect.left + window.scrollX), Math.round(rect.right + window.scrollX)];
    });
  }, CATEGORIES);

/** Elements in a column whose box ends past the column's right edge. */
const stickingOut = (page: Page, category: string) =>
  page.evaluate((category) => {
    const column = document.querySelector(`[data-testid="findings-column-${category}"]`)!;
    const right = column.getBoundingClientRect().right;
    return [...column.querySelectorAll('*')]
      .filter((element) => element.getBoundingClientRect().right > right + 0.5)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
  }, category);

/** Puts `text` on the clipboard and pastes it into the focused field with the keyboard. */
async function paste(page: Page, text: string): Promise<void> {
  await page.evaluate((value) => navigator.clipboard.writeText(value), text);
  await page.keyboard.press('ControlOrMeta+V');
}

async function openEditor(name: string) {
  const server = await startTestServer();
  const review = await createReview(server.url, 'Long notes');
  const person = await openPerson(name);
  await person.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await openBoard(person.page, review.links.edit, 'live', { section: 'findings-section' });
  return { server, review, page: person.page };
}

describe('long notes', () => {
  it('counts characters near the limit and says how much of a paste over it was kept', async () => {
    const { page } = await openEditor('alex');
    const input = page.getByTestId('quick-add-went-wrong');
    const column = page.getByTestId('findings-column-went-wrong');

    await input.fill(words(3000));
    expect(await column.getByTestId('length-count').count()).toBe(0); // far from the limit: no counter
    await input.fill(words(4100));
    await expect.poll(() => column.getByTestId('length-count').textContent()).toBe('4,100 / 5,000');

    // 10,000 characters pasted into the empty quick add: 5,000 are kept, and the field says so
    await input.fill('');
    await input.focus();
    await paste(page, words(10_000));
    await expect.poll(() => input.inputValue().then((value) => value.length)).toBe(LIMIT);
    await expect
      .poll(() => column.getByTestId('paste-cut').textContent())
      .toBe('Notes hold at most 5,000 characters: only the first 5,000 of the 10,000 pasted were added.');
    expect(await column.getByTestId('length-count').textContent()).toBe('5,000 / 5,000');
    await input.press('Enter');
    await expect.poll(() => page.getByTestId('note-text').count()).toBe(1);
    expect((await page.getByTestId('note-text').inputValue()).length).toBe(LIMIT);
    // posted: the quick add is empty again and its message gone
    await expect.poll(() => column.getByTestId('paste-cut').count()).toBe(0);

    // pasting into a posted note near the limit: what fits goes in, the rest is reported
    await input.fill('A short note');
    await input.press('Enter');
    await expect.poll(() => column.getByTestId('finding').count()).toBe(2);
    const id = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[data-testid="finding"]')]
        .find((element) => element.querySelector('textarea')?.value === 'A short note')
        ?.getAttribute('data-finding-id'),
    );
    const note = page.locator(`[data-testid="finding"][data-finding-id="${id}"]`);
    const short = note.getByTestId('note-text');
    await short.fill(words(4900));
    await short.press('ControlOrMeta+End');
    await paste(page, words(300));
    await expect.poll(() => short.inputValue().then((value) => value.length)).toBe(LIMIT);
    await expect
      .poll(() => note.getByTestId('paste-cut').textContent())
      .toBe('Notes hold at most 5,000 characters: only the first 100 of the 300 pasted were added.');
    expect(await note.getByTestId('length-count').textContent()).toBe('5,000 / 5,000');
    // a later edit retires the message
    await short.press('Backspace');
    await expect.poll(() => note.getByTestId('paste-cut').count()).toBe(0);
  });

  it('collapses a long note to a few lines with more and less; the report shows all of it', async () => {
    const { page, review } = await openEditor('sam');
    const column = page.getByTestId('findings-column-lucky');
    const heightOf = async (selector: string) => (await page.locator(selector).first().boundingBox())!.height;
    const emptyColumn = (await column.boundingBox())!.height;

    const input = page.getByTestId('quick-add-lucky');
    await input.fill(words(3000));
    await input.press('Enter');
    await input.fill('A short one');
    await input.press('Enter');
    await expect.poll(() => column.getByTestId('finding').count()).toBe(2);
    await page.locator('body').click({ position: { x: 5, y: 5 } }); // nothing focused

    const long = column.getByTestId('finding').first();
    const more = long.getByTestId('note-more');
    await expect.poll(() => more.textContent()).toBe('more');
    expect(await column.getByTestId('finding').nth(1).getByTestId('note-more').count()).toBe(0);
    const collapsed = (await long.boundingBox())!.height;
    expect(collapsed).toBeLessThan(250);
    expect((await column.boundingBox())!.height).toBeLessThan(emptyColumn + 450);

    await more.click();
    await expect.poll(() => more.textContent()).toBe('less');
    await expect.poll(async () => (await long.boundingBox())!.height).toBeGreaterThan(collapsed * 3);
    await more.click();
    await expect.poll(async () => (await long.boundingBox())!.height).toBe(collapsed);

    // writing in it shows all of it
    await long.getByTestId('note-text').focus();
    await expect.poll(async () => (await long.boundingBox())!.height).toBeGreaterThan(collapsed * 3);
    expect(await heightOf('[data-testid="note-text"]:focus')).toBeGreaterThan(collapsed * 2);

    // the report prints the whole note
    await page.goto(review.links.view);
    const finding = page.getByTestId('report-findings').getByText(words(3000).slice(0, 60));
    await finding.waitFor();
    const full = await finding.evaluate((element) => ({
      text: element.textContent?.length ?? 0,
      clipped: element.scrollHeight > element.clientHeight + 1,
    }));
    expect(full).toEqual({ text: 3000, clipped: false });
  });

  it('keeps every column as wide as before with a long draft, a long note or an unbroken word', async () => {
    const { page } = await openEditor('jo');
    const before = await columnEdges(page);
    const widths = before.map(([left, right]) => right! - left!);
    expect(Math.max(...widths) - Math.min(...widths)).toBeLessThanOrEqual(1); // four equal columns side by side

    const unbroken = `https://status.example.com/${'x'.repeat(300)}`;
    const input = page.getByTestId('quick-add-went-well');
    await input.fill(`${words(1500)} ${unbroken}`);
    expect(await columnEdges(page)).toEqual(before);
    expect(await stickingOut(page, 'went-well')).toEqual([]);
    await input.fill(unbroken);
    expect(await columnEdges(page)).toEqual(before);
    expect(await stickingOut(page, 'went-well')).toEqual([]);

    await input.press('Enter');
    await expect.poll(() => page.getByTestId('note-text').count()).toBe(1);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    expect(await columnEdges(page)).toEqual(before);
    expect(await stickingOut(page, 'went-well')).toEqual([]);

    // the same note being edited, and a long draft in the next column
    await page.getByTestId('note-text').focus();
    await page.getByTestId('quick-add-went-wrong').fill(unbroken);
    expect(await columnEdges(page)).toEqual(before);
    expect(await stickingOut(page, 'went-well')).toEqual([]);
    expect(await stickingOut(page, 'went-wrong')).toEqual([]);
  });
});
