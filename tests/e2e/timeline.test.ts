/**
 * The timeline in a real browser against a real server: two editors in different time zones add
 * events out of order and both see them sorted by time, each in their own zone; marking an event
 * as the detection shows its badge on the other board; the sample CSV (with its malformed line 9)
 * and the sample pager log are imported through the dialog and reach a viewer; importing the chat
 * export after the CSV leaves its probable duplicates unchecked, imports only the checked rows, and
 * says how to map the raw user ids.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fixturePath } from '@hindsight/review/testing';
import { boardView, openBoard, useBrowserPeople } from '../support/browser';
import { createReview } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('timeline');

/** Opens a board link as `name` and waits until it is connected and the timeline is shown. */
async function joinBoard(page: Page, url: string, name: string, expectedState: 'live' | 'read-only'): Promise<void> {
  await openBoard(page, url, expectedState, { name, section: 'timeline-section' });
}

async function addEvent(page: Page, localTime: string, text: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Add a timeline event' });
  await form.getByLabel('When').fill(localTime);
  await form.getByLabel('What happened').fill(text);
  await form.getByRole('button', { name: 'Add event' }).click();
  await expect.poll(() => form.getByLabel('What happened').inputValue()).toBe('');
}

/** The events as shown, top to bottom: UTC instant, displayed time and text. */
function shownEvents(page: Page): Promise<Array<{ at: string; time: string; text: string }>> {
  return page.getByTestId('timeline-event').evaluateAll((rows) =>
    rows.map((row) => {
      const field = row.querySelector('textarea');
      return {
        at: row.getAttribute('data-at') ?? '',
        time: row.querySelector('time')?.textContent ?? '',
        text: (field ? field.value : row.querySelector('.timeline-text')?.textContent) ?? '',
      };
    }),
  );
}

describe('timeline', () => {
  it('sorts events added out of order by two editors in different zones, and shares key-time badges', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url);
    const alice = await openPerson('alice', { timezoneId: 'Europe/Berlin' });
    const bob = await openPerson('bob', { timezoneId: 'America/New_York' });
    await Promise.all([
      joinBoard(alice.page, review.links.facilitator, 'Alice', 'live'),
      joinBoard(bob.page, review.links.edit, 'Bob', 'live'),
    ]);
    await expect.poll(() => alice.page.getByTestId('timeline-zone').textContent()).toContain('Europe/Berlin');

    // Wall-clock times in each person's own zone: 14:30 and 14:20 in Berlin are 13:30Z and 13:20Z;
    // 09:05 in New York (EDT since 8 March) is 13:05Z.
    await addEvent(alice.page, '2026-03-14T14:30:00', 'Rollback complete');
    await addEvent(bob.page, '2026-03-14T09:05:00', 'Latency alert fires');
    await expect.poll(async () => (await shownEvents(alice.page)).length).toBe(2);
    await addEvent(alice.page, '2026-03-14T14:20:00', 'Decision: roll back');

    const expected = [
      { at: '2026-03-14T13:05:00.000Z', text: 'Latency alert fires' },
      { at: '2026-03-14T13:20:00.000Z', text: 'Decision: roll back' },
      { at: '2026-03-14T13:30:00.000Z', text: 'Rollback complete' },
    ];
    for (const page of [alice.page, bob.page]) {
      await expect.poll(async () => (await shownEvents(page)).map(({ at, text }) => ({ at, text }))).toEqual(expected);
    }
    // each in their own zone (the browsers run with the en-US locale)
    expect((await shownEvents(alice.page)).map((event) => event.time)).toEqual([
      '02:05:00 PM',
      '02:20:00 PM',
      '02:30:00 PM',
    ]);
    expect((await shownEvents(bob.page)).map((event) => event.time)).toEqual([
      '09:05:00 AM',
      '09:20:00 AM',
      '09:30:00 AM',
    ]);

    // Alice marks the alert as the detection: Bob's board shows the badge on the same event.
    const aliceFirst = alice.page.getByTestId('timeline-event').first();
    await aliceFirst.getByRole('combobox', { name: /Key time/ }).selectOption('detected');
    const bobFirst = bob.page.getByTestId('timeline-event').first();
    await expect.poll(() => bobFirst.getByTestId('key-time-badge').allTextContents()).toEqual(['Detected']);
    expect(await bob.page.getByTestId('key-time-badge').count()).toBe(1);
    await expect.poll(() => bobFirst.getByRole('combobox', { name: /Key time/ }).inputValue()).toBe('detected');

    // Both type into the same event's text at once: the edits merge.
    const aliceText = aliceFirst.getByRole('textbox');
    const bobText = bobFirst.getByRole('textbox');
    await aliceText.focus();
    await aliceText.press('End');
    await bobText.focus();
    await bobText.press('Home');
    await Promise.all([
      aliceText.pressSequentially(' (p99 > 2s)', { delay: 40 }),
      bobText.pressSequentially('EU: ', { delay: 40 }),
    ]);
    const merged = 'EU: Latency alert fires (p99 > 2s)';
    await expect.poll(() => aliceText.inputValue()).toBe(merged);
    await expect.poll(() => bobText.inputValue()).toBe(merged);
  });

  it('imports the sample CSV and pager log through a preview that reports the malformed line, and a viewer sees them', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url);
    const alice = await openPerson('alice', { timezoneId: 'UTC' });
    const carol = await openPerson('carol');
    await Promise.all([
      joinBoard(alice.page, review.links.facilitator, 'Alice', 'live'),
      joinBoard(carol.page, boardView(review.links.view), 'Carol', 'read-only'),
    ]);
    expect(
      await carol.page
        .getByTestId('timeline-section')
        .getByRole('button', { name: /Import/ })
        .count(),
    ).toBe(0);

    // CSV: eight valid rows in the preview, line 9 reported, nothing added before confirming.
    await alice.page.getByTestId('timeline-section').getByRole('button', { name: 'Import…' }).click();
    const dialog = alice.page.getByTestId('timeline-import');
    await dialog.getByTestId('timeline-import-file').setInputFiles(fixturePath('timeline.csv'));
    await expect.poll(() => dialog.getByTestId('timeline-import-preview').locator('tbody tr').count()).toBe(8);
    const problems = dialog.getByTestId('timeline-import-problem');
    expect(await problems.count()).toBe(1);
    expect(await problems.first().getAttribute('data-line')).toBe('9');
    expect(await problems.first().textContent()).toContain('around 10:40');
    expect(await alice.page.getByTestId('timeline-event').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Import 8 events' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);

    await expect.poll(async () => (await shownEvents(carol.page)).length).toBe(8);
    const afterCsv = await shownEvents(carol.page);
    expect(afterCsv[0]!.text).toBe('Config push cfg-2291 changes payments-db pool idle timeout from 300s to 3s');
    expect(afterCsv.map((event) => event.at)).toEqual([...afterCsv.map((event) => event.at)].sort());

    // JSON pager log: six entries; the trigger and the rollback note repeat CSV rows and are left
    // out; the other four are merged into the timeline by time.
    await alice.page.getByTestId('timeline-section').getByRole('button', { name: 'Import…' }).click();
    await dialog.getByTestId('timeline-import-file').setInputFiles(fixturePath('pager-log.json'));
    await expect.poll(() => dialog.getByTestId('timeline-import-preview').locator('tbody tr').count()).toBe(6);
    expect(await dialog.getByTestId('timeline-import-problem').count()).toBe(0);
    expect(await previewRows(dialog)).toEqual([
      { text: 'Triggered through the API: checkout-api p99 latency > 2s', checked: false, duplicate: true },
      { text: 'Notified Ana Ruiz by push notification', checked: true, duplicate: false },
      { text: 'Acknowledged by Ana Ruiz', checked: true, duplicate: false },
      { text: 'Escalated to Payments on-call', checked: true, duplicate: false },
      { text: 'rolling back config push cfg-2291', checked: false, duplicate: true },
      { text: 'Resolved by Chen Li', checked: true, duplicate: false },
    ]);
    await dialog.getByRole('button', { name: 'Import 4 events' }).click();

    await expect.poll(async () => (await shownEvents(carol.page)).length).toBe(12);
    const all = await shownEvents(carol.page);
    expect(all.map((event) => event.at)).toEqual([...all.map((event) => event.at)].sort());
    expect(all.map((event) => event.text)).toContain('Escalated to Payments on-call');
    expect(all.map((event) => event.text)).not.toContain('Triggered through the API: checkout-api p99 latency > 2s');
    expect(await carol.page.getByTestId('timeline-section').getByRole('textbox').count()).toBe(0);
    expect(await carol.page.getByTestId('timeline-section').getByRole('combobox').count()).toBe(0);
    // no editing controls: the only button replays the timeline in the viewer's own view
    expect(await carol.page.getByTestId('timeline-section').getByRole('button').allTextContents()).toEqual([
      'Replay what was known when…',
    ]);
  });

  it('imports the chat export after the CSV: probable duplicates start unchecked, only checked rows are added, raw ids are explained', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url);
    const alice = await openPerson('alice', { timezoneId: 'UTC' });
    await joinBoard(alice.page, review.links.facilitator, 'Alice', 'live');
    const dialog = alice.page.getByTestId('timeline-import');
    const openImport = () =>
      alice.page.getByTestId('timeline-section').getByRole('button', { name: 'Import…' }).click();

    await openImport();
    await dialog.getByTestId('timeline-import-file').setInputFiles(fixturePath('timeline.csv'));
    await dialog.getByRole('button', { name: 'Import 8 events' }).click();
    await expect.poll(async () => (await shownEvents(alice.page)).length).toBe(8);

    // The chat export without its users.json: 12 messages, five of them already on the timeline.
    await openImport();
    await dialog.getByTestId('timeline-import-file').setInputFiles(fixturePath('incident-chat.json'));
    await expect.poll(() => dialog.getByTestId('timeline-import-row').count()).toBe(12);
    const rows = await previewRows(dialog);
    expect(rows.filter((row) => row.duplicate)).toEqual(
      [
        '[FIRING] checkout-api p99 latency > 2s for 5m (eu-west-1)',
        "I'm IC. Declaring SEV2: customers cannot complete checkout in EU. Status page update in 10 min",
        'decision: roll back the config push rather than hotfix forward',
        'pool usage back to 60/200, p99 latency 350ms. errors dropping',
        'webhook replay finished, 1,873 payments reconciled, 12 need manual review',
      ].map((text) => ({ text, checked: false, duplicate: true })),
    );
    expect(rows.filter((row) => !row.duplicate).every((row) => row.checked)).toBe(true);
    const notes = await dialog.getByTestId('timeline-import-duplicate').allTextContents();
    expect(notes).toHaveLength(5);
    expect(notes[0]).toBe(
      'Probable duplicate of 10:00:15 AM · checkout-api p99 latency alert fires (eu-west-1) (same time, similar words; on the timeline)',
    );
    expect(notes[2]).toBe(
      'Probable duplicate of 10:15:00 AM · Roll back cfg-2291 instead of fixing forward (60 s apart, similar words; on the timeline)',
    );
    expect(await dialog.getByTestId('timeline-import-summary').textContent()).toContain(
      '7 events to import · 5 probable duplicates left out',
    );

    // Without users.json the sources are raw ids, and the preview says how to map them.
    const hint = dialog.getByTestId('timeline-import-raw-ids');
    expect(await hint.textContent()).toContain(
      "Names show as raw ids (B01ALERTS, U01ONCALL, U03IC, …). Add the workspace's users.json (it comes with the chat export) to map them to names.",
    );
    expect(await sourceOf(dialog, 'support queue')).toBe('U04SUPPORT');

    // Any row can be left out or taken in.
    await rowWith(dialog, 'support queue').getByRole('checkbox').uncheck();
    await expect.poll(() => dialog.getByTestId('timeline-import-add').textContent()).toBe('Import 6 events');
    await rowWith(dialog, 'webhook replay finished').getByRole('checkbox').check();
    await expect.poll(() => dialog.getByTestId('timeline-import-add').textContent()).toBe('Import 7 events');

    // users.json maps the ids to names; the choices made stay.
    await hint.getByTestId('timeline-import-users').setInputFiles(fixturePath('users.json'));
    await expect.poll(() => hint.count()).toBe(0);
    expect(await sourceOf(dialog, 'support queue')).toBe('Dana Weiss');
    expect(await rowWith(dialog, 'support queue').getByRole('checkbox').isChecked()).toBe(false);
    expect(await rowWith(dialog, 'webhook replay finished').getByRole('checkbox').isChecked()).toBe(true);

    await dialog.getByRole('button', { name: 'Import 7 events' }).click();
    await expect.poll(async () => (await shownEvents(alice.page)).length).toBe(15);
    const texts = (await shownEvents(alice.page)).map((event) => event.text);
    expect(texts).toContain('webhook replay finished, 1,873 payments reconciled, 12 need manual review');
    expect(texts).toContain('resolved. post-incident review on Monday; please add what you noticed to the board');
    expect(texts.some((text) => text.startsWith('support queue'))).toBe(false);
    expect(texts.some((text) => text.startsWith('[FIRING]'))).toBe(false);
    expect(texts.filter((text) => /SEV2/.test(text))).toEqual(['SEV2 declared; IC assigned']);
  });
});

type Dialog = ReturnType<Page['getByTestId']>;

/** The import preview's rows: text (without the duplicate note), whether checked, whether marked. */
function previewRows(dialog: Dialog): Promise<Array<{ text: string; checked: boolean; duplicate: boolean }>> {
  return dialog.getByTestId('timeline-import-row').evaluateAll((rows) =>
    rows.map((row) => {
      const cells = row.querySelectorAll('td');
      const textCell = cells[3]!;
      const note = textCell.querySelector('[data-testid="timeline-import-duplicate"]')?.textContent ?? '';
      return {
        text: (textCell.textContent ?? '').slice(0, (textCell.textContent ?? '').length - note.length),
        checked: (row.querySelector('input[type="checkbox"]') as HTMLInputElement).checked,
        duplicate: row.getAttribute('data-duplicate') === 'true',
      };
    }),
  );
}

function rowWith(dialog: Dialog, text: string) {
  return dialog.getByTestId('timeline-import-row').filter({ hasText: text });
}

function sourceOf(dialog: Dialog, text: string): Promise<string | null> {
  return rowWith(dialog, text).locator('td').nth(4).textContent();
}
