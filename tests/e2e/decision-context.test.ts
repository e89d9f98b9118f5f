/**
 * Decision context and "what was known when" in a real browser against a real server: a decision
 * shows its context card on both editors' boards, and two people typing into the same answer at once
 * both end up with both edits; "Add context" puts a card on any other event for everyone. Setting
 * when the team learned of the detected event shows the gap on the timeline ("seen 17m later") and
 * moves the time to detect on both boards; the scrubber hides events not yet known (the alert until
 * it was seen) and reaches detected, with its time to detect, only then; the report (a viewer's link) prints the context under
 * the decision, what had happened but was not yet known when it was taken, and the gap under the
 * event's time.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { listTimeline } from '@hindsight/review';
import { connectClient, waitFor } from '../support/clients';
import { openBoard, outputDir, useBrowserPeople } from '../support/browser';
import { createReview } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('decision-context');

async function addEvent(page: Page, localTime: string, kind: string, text: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Add a timeline event' });
  await form.getByLabel('When').fill(localTime);
  await form.getByLabel('Kind').selectOption(kind);
  await form.getByLabel('What happened').fill(text);
  await form.getByRole('button', { name: 'Add event' }).click();
  await expect.poll(() => form.getByLabel('What happened').inputValue()).toBe('');
}

/** The row of the event at `at` (UTC, as stored). */
function eventAt(page: Page, at: string) {
  return page.locator(`[data-testid="timeline-event"][data-at="${at}"]`);
}

/** Opens the event's details, enters when the team learned of it (local time) and returns the field. */
async function setLearnedAt(page: Page, at: string, localTime: string) {
  await eventAt(page, at)
    .getByRole('button', { name: /Edit time, kind and source/ })
    .click();
  const field = eventAt(page, at).getByTestId('learned-at');
  await field.fill(localTime);
  await field.press('Enter');
  return field;
}

describe('decision context', () => {
  it('shares one context card edited by two people at once, and learnedAt moves time to detect', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url);
    const alice = await openPerson('alice', { timezoneId: 'UTC' });
    const bob = await openPerson('bob', { timezoneId: 'UTC' });
    await Promise.all([
      openBoard(alice.page, review.links.facilitator, 'live', { name: 'Alice', section: 'timeline-section' }),
      openBoard(bob.page, review.links.edit, 'live', { name: 'Bob', section: 'timeline-section' }),
    ]);

    await addEvent(alice.page, '2026-03-14T10:00:00', 'action', 'Config push cfg-2291');
    await addEvent(alice.page, '2026-03-14T10:02:00', 'detection', 'Latency alert fires');
    await addEvent(alice.page, '2026-03-14T10:25:00', 'decision', 'Fail over to us-east');
    const push = '2026-03-14T10:00:00.000Z';
    const alert = '2026-03-14T10:02:00.000Z';
    const decision = '2026-03-14T10:25:00.000Z';
    await expect.poll(() => bob.page.getByTestId('timeline-event').count()).toBe(3);

    // The decision has its card on both boards; the other events offer "Add context" instead.
    for (const page of [alice.page, bob.page]) {
      await expect.poll(() => eventAt(page, decision).getByTestId('event-context').count()).toBe(1);
      expect(await eventAt(page, alert).getByTestId('event-context').count()).toBe(0);
    }

    // Both type into "What was known" at once, Alice at the end, Bob at the start.
    const aliceKnown = eventAt(alice.page, decision).getByTestId('context-known');
    const bobKnown = eventAt(bob.page, decision).getByTestId('context-known');
    await aliceKnown.fill('Only the latency alert');
    await expect.poll(() => bobKnown.inputValue()).toBe('Only the latency alert');
    await aliceKnown.focus();
    await aliceKnown.press('End');
    await bobKnown.focus();
    await bobKnown.press('Home');
    await Promise.all([
      aliceKnown.pressSequentially('; no error-rate signal', { delay: 40 }),
      bobKnown.pressSequentially('EU: ', { delay: 40 }),
    ]);
    const merged = 'EU: Only the latency alert; no error-rate signal';
    await expect.poll(() => aliceKnown.inputValue()).toBe(merged);
    await expect.poll(() => bobKnown.inputValue()).toBe(merged);
    await eventAt(bob.page, decision).getByTestId('context-pressures').fill('Checkout failing for 20 minutes');

    // Bob adds a card to the config push: Alice sees it and types into it.
    await eventAt(bob.page, push)
      .getByRole('button', { name: /Add context/ })
      .click();
    await expect.poll(() => eventAt(alice.page, push).getByTestId('event-context').count()).toBe(1);
    expect(
      await eventAt(bob.page, push)
        .getByRole('button', { name: /Add context/ })
        .count(),
    ).toBe(0);
    await eventAt(alice.page, push).getByTestId('context-goal').fill('Cut idle connections');
    await expect
      .poll(() => eventAt(bob.page, push).getByTestId('context-goal').inputValue())
      .toBe('Cut idle connections');

    // Key times from the rows: the push started it, the alert detected it: time to detect 2m.
    await eventAt(alice.page, push)
      .getByRole('combobox', { name: /Key time/ })
      .selectOption('started');
    await eventAt(alice.page, alert)
      .getByRole('combobox', { name: /Key time/ })
      .selectOption('detected');
    for (const page of [alice.page, bob.page]) {
      await expect.poll(() => page.getByTestId('duration-detect-value').textContent()).toBe('2m');
    }

    // The alert was first seen at 10:19: the gap shows on the row and time to detect becomes 19m.
    const learned = await setLearnedAt(alice.page, alert, '2026-03-14T10:19:00');
    for (const page of [alice.page, bob.page]) {
      await expect.poll(() => eventAt(page, alert).getByTestId('learned-gap').textContent()).toBe('seen 17m later');
      await expect.poll(() => page.getByTestId('duration-detect-value').textContent()).toBe('19m');
      await expect.poll(() => page.getByTestId('duration-detect-seen').textContent()).toContain('until seen at');
    }
    await eventAt(alice.page, decision).scrollIntoViewIfNeeded();
    await alice.page.screenshot({ path: path.join(outputDir, 'decision-context-board.png'), fullPage: true });

    // Clearing it brings time to detect back to the detected key time.
    await learned.fill('');
    await learned.press('Enter');
    await expect.poll(() => bob.page.getByTestId('duration-detect-value').textContent()).toBe('2m');
    expect(await eventAt(bob.page, alert).getByTestId('learned-gap').count()).toBe(0);
    await learned.fill('2026-03-14T10:19:00');
    await learned.press('Enter');
    await expect.poll(() => bob.page.getByTestId('duration-detect-value').textContent()).toBe('19m');

    // Replaying what was known: at 10:00 only the push; the alert appears once seen (10:19), and
    // detected is reached then, with its time to detect; Bob's board keeps showing everything.
    await alice.page.getByRole('button', { name: /Replay what was known/ }).click();
    const slider = alice.page.getByTestId('scrubber-range');
    await slider.focus();
    await slider.press('Home');
    const shownAts = (page: Page) =>
      page.getByTestId('timeline-event').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-at')));
    await expect.poll(() => shownAts(alice.page)).toEqual([push]);
    expect(await alice.page.getByTestId('scrubber-detected').textContent()).toBe('Detected: not yet');
    for (let minute = 0; minute < 18; minute++) await slider.press('ArrowRight');
    await expect.poll(() => alice.page.getByTestId('scrubber-started').textContent()).toContain('10:00:00');
    await expect.poll(() => alice.page.getByTestId('scrubber').getByText('10:18:00 AM').count()).toBe(1);
    expect(await shownAts(alice.page)).toEqual([push]);
    // the alert fired at 10:02, but nobody had seen it yet
    expect(await alice.page.getByTestId('scrubber-detected').textContent()).toBe('Detected: not yet');
    await slider.press('ArrowRight');
    await expect.poll(() => shownAts(alice.page)).toEqual([push, alert]);
    await expect.poll(() => alice.page.getByTestId('scrubber-detect').textContent()).toBe(' (19m)');
    await alice.page.screenshot({ path: path.join(outputDir, 'decision-context-scrubber.png') });
    await slider.press('End');
    await expect.poll(() => shownAts(alice.page)).toEqual([push, alert, decision]);
    expect(await shownAts(bob.page)).toEqual([push, alert, decision]);
    await alice.page.getByRole('button', { name: 'Show everything' }).click();
    expect(await alice.page.getByTestId('scrubber').count()).toBe(0);

    // An impact that began before the decision but was seen only after it.
    await addEvent(alice.page, '2026-03-14T10:05:00', 'impact', 'Error rate climbs in EU');
    const impact = '2026-03-14T10:05:00.000Z';
    await setLearnedAt(alice.page, impact, '2026-03-14T10:40:00');
    await expect.poll(() => eventAt(bob.page, impact).getByTestId('learned-gap').textContent()).toBe('seen 35m later');

    // The report prints the context under the decision and the gap under the alert's time.
    const carol = await openPerson('carol', { timezoneId: 'UTC' });
    await openBoard(carol.page, review.links.view, 'read-only');
    await carol.page.getByTestId('report').waitFor();
    const events = carol.page.getByTestId('report-event');
    await expect.poll(() => events.count()).toBe(4);
    await expect
      .poll(() => events.nth(3).getByTestId('report-event-context').textContent())
      .toBe(`What was known${merged}Pressures and constraintsCheckout failing for 20 minutes`);
    expect(await events.nth(0).getByTestId('report-event-context').textContent()).toBe(
      'What they were trying to achieveCut idle connections',
    );
    expect(await events.nth(1).getByTestId('report-event-learned').textContent()).toBe('seen 17m later');
    // under the decision: what had happened by then but nobody knew yet (the alert was seen at 10:19)
    expect(await events.nth(3).getByTestId('report-event-unseen').textContent()).toBe(
      'Not yet known then: Error rate climbs in EU (happened 10:05:00 AM, seen 10:40:00 AM)',
    );
    await expect.poll(() => carol.page.getByTestId('duration-detect-value').textContent()).toBe('19m');
    expect(await carol.page.getByTestId('duration-detect-seen').textContent()).toBe(' until seen at 10:19:00 AM');
    await carol.page.screenshot({ path: path.join(outputDir, 'decision-context-report.png'), fullPage: true });
  });

  it('gives a decision stored before context existed its texts on the first typing, for everyone', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url);
    // an older client's event: no context map at all
    const seeder = connectClient(server.wsUrl, review.id, review.tokens.edit);
    try {
      await seeder.synced;
      const legacy = new Y.Map<unknown>();
      legacy.set('id', 'legacy-decision');
      legacy.set('at', '2026-03-14T10:25:00.000Z');
      legacy.set('kind', 'decision');
      legacy.set('text', new Y.Text('Fail over to us-east'));
      legacy.set('source', '');
      seeder.doc.getArray('timeline').push([legacy]);
      const alice = await openPerson('alice', { timezoneId: 'UTC' });
      const bob = await openPerson('bob', { timezoneId: 'UTC' });
      await Promise.all([
        openBoard(alice.page, review.links.facilitator, 'live', { name: 'Alice', section: 'timeline-section' }),
        openBoard(bob.page, review.links.edit, 'live', { name: 'Bob', section: 'timeline-section' }),
      ]);
      const decision = '2026-03-14T10:25:00.000Z';
      await eventAt(alice.page, decision).getByTestId('context-known').fill('Only the latency alert');
      await expect
        .poll(() => eventAt(bob.page, decision).getByTestId('context-known').inputValue())
        .toBe('Only the latency alert');
      await eventAt(bob.page, decision).getByTestId('context-goal').fill('Stop the errors');
      await expect
        .poll(() => eventAt(alice.page, decision).getByTestId('context-goal').inputValue())
        .toBe('Stop the errors');
      await waitFor(() => listTimeline(seeder.doc)[0]?.context?.goal === 'Stop the errors', 'the goal on the seeder');
      expect(listTimeline(seeder.doc)[0]?.context?.known).toBe('Only the latency alert');
    } finally {
      seeder.destroy();
    }
  });
});
