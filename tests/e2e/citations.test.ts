/**
 * Citations in a real browser against a real server: Alice cites a timeline event in the detection
 * section through "Cite event"; Bob, in another tab, edits that event's text, and the citation shows
 * the new words in both tabs and in a viewer's report; clicking the citation reveals the event on
 * the timeline (and in the report, with the link's address untouched); once the event is removed, the citation says "removed event" everywhere.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBoard, useBrowserPeople } from '../support/browser';
import { createReview } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('citations');

async function addEvent(page: Page, localTime: string, text: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Add a timeline event' });
  await form.getByLabel('When').fill(localTime);
  await form.getByLabel('What happened').fill(text);
  await form.getByRole('button', { name: 'Add event' }).click();
  await expect.poll(() => form.getByLabel('What happened').inputValue()).toBe('');
}

/** The citations of a narrative section (board or report) as they read. */
function citations(page: Page, sectionTestId: string): Promise<string[]> {
  return page.getByTestId(sectionTestId).getByTestId('event-ref').allTextContents();
}

/** The timeline row of the event at this instant. */
function eventRow(page: Page, at: string) {
  return page.locator(`[data-testid="timeline-event"][data-at="${at}"]`);
}

const ALERT_AT = '2026-03-14T10:02:00.000Z';

describe('citations of timeline events', () => {
  it('follow edits of the cited event in every tab and the report, reveal it on click, and say when it is gone', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Checkout outage');
    const alice = await openPerson('alice', { timezoneId: 'UTC' });
    const bob = await openPerson('bob', { timezoneId: 'UTC' });
    const carol = await openPerson('carol', { timezoneId: 'UTC' });
    await Promise.all([
      openBoard(alice.page, review.links.facilitator, 'live', { name: 'Alice', section: 'timeline-section' }),
      openBoard(bob.page, review.links.edit, 'live', { name: 'Bob', section: 'timeline-section' }),
    ]);
    // Enough events that the cited one is off screen when Bob reads the narrative.
    for (let minute = 10; minute < 22; minute++) {
      await addEvent(alice.page, `2026-03-14T09:${minute}:00`, `Routine check ${minute}`);
    }
    await addEvent(alice.page, '2026-03-14T10:02:00', 'Latency alert fires');

    // Alice writes in Detection and cites the alert from the picker.
    const detection = alice.page.getByTestId('narrative-editable-detection');
    await detection.click();
    await alice.page.keyboard.type('We learned of it from ');
    await alice.page.getByTestId('narrative-detection').getByTestId('cite-event').click();
    await alice.page.getByTestId('cite-event-option').filter({ hasText: 'Latency alert fires' }).click();
    await alice.page.keyboard.type('and nothing else.');
    for (const page of [alice.page, bob.page]) {
      await expect.poll(() => citations(page, 'narrative-detection')).toEqual(['10:02:00 AM Latency alert fires']);
    }
    await expect
      .poll(() => textWithoutCarets(bob.page, 'narrative-editable-detection'))
      .toBe('We learned of it from 10:02:00 AM Latency alert fires and nothing else.');

    // The viewer's report shows the citation too, live.
    await openBoard(carol.page, review.links.view, 'read-only', { section: 'report-narrative' });
    await expect
      .poll(() => citations(carol.page, 'report-narrative-detection'))
      .toEqual(['10:02:00 AM Latency alert fires']);

    // Bob edits the event's text in his tab: the citation follows in both tabs and the report.
    const bobText = eventRow(bob.page, ALERT_AT).getByRole('textbox');
    await bobText.focus();
    await bobText.press('End');
    await bobText.pressSequentially(' on checkout-api', { delay: 20 });
    for (const page of [alice.page, bob.page]) {
      await expect
        .poll(() => citations(page, 'narrative-detection'))
        .toEqual(['10:02:00 AM Latency alert fires on checkout-api']);
    }
    await expect
      .poll(() => citations(carol.page, 'report-narrative-detection'))
      .toEqual(['10:02:00 AM Latency alert fires on checkout-api']);

    // Clicking the citation brings the event into view on Bob's timeline, focused and highlighted.
    const cited = eventRow(bob.page, ALERT_AT);
    await bob.page.getByTestId('narrative-detection').scrollIntoViewIfNeeded();
    await expect.poll(() => inViewport(cited)).toBe(false);
    await bob.page.getByTestId('narrative-detection').getByTestId('event-ref').click();
    await expect.poll(() => cited.getAttribute('data-cited')).toBe('true');
    await expect.poll(() => inViewport(cited)).toBe(true);
    expect(await cited.evaluate((row) => row.contains(document.activeElement))).toBe(true);

    // In the report a click scrolls to the event's row without touching the address (its fragment
    // holds the view link's token).
    const addressBefore = carol.page.url();
    await carol.page.getByTestId('report-narrative-detection').getByTestId('event-ref').click();
    const reportRow = carol.page.getByTestId('report-event').filter({ hasText: 'Latency alert fires on checkout-api' });
    await expect.poll(() => reportRow.getAttribute('data-cited')).toBe('true');
    expect(carol.page.url()).toBe(addressBefore);

    // Alice removes the event: the citation stays, saying the event is gone, in every tab.
    await eventRow(alice.page, ALERT_AT)
      .getByRole('button', { name: /^Delete the event/ })
      .click();
    for (const page of [alice.page, bob.page]) {
      await expect.poll(() => citations(page, 'narrative-detection')).toEqual(['removed event']);
    }
    await expect.poll(() => citations(carol.page, 'report-narrative-detection')).toEqual(['removed event']);
  });
});

/** A section's text without the other people's carets (widgets inside the editable). */
function textWithoutCarets(page: Page, testId: string): Promise<string> {
  return page.getByTestId(testId).evaluate((root) => {
    const copy = root.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.ProseMirror-widget, .narrative-caret').forEach((widget) => widget.remove());
    return copy.textContent ?? '';
  });
}

/** Whether the element's box lies within the page's viewport. */
function inViewport(locator: ReturnType<Page['getByTestId']>): Promise<boolean> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
  });
}
