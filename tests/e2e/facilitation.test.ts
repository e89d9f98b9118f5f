/**
 * Facilitation in real browsers: the facilitator moves the review through its phases, runs the
 * phase timer and sets the anonymity policy; an editor's board follows live and has none of those
 * controls (nor may its token change them). While findings are anonymous, everyone appears under a
 * pseudonym: the editor's name reaches neither the facilitator's page nor anyone's presence.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { connectClient } from '../support/clients';
import { openBoard, outputDir, useBrowserPeople } from '../support/browser';
import { createReview } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('facilitation');

/** A name unlikely to appear anywhere by chance. */
const EDITOR_NAME = 'Bartholomew Quince';

const phaseOf = (page: Page) => page.getByTestId('phase-bar').getAttribute('data-phase');
const policyOf = (page: Page) => page.getByTestId('policy-badge').textContent();
const peerNames = (page: Page) =>
  page.getByTestId('presence-person').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-name')));

/** The countdown on `page` in seconds, or null when no countdown is shown. */
async function secondsLeft(page: Page): Promise<number | null> {
  const value = page.getByTestId('phase-timer-value');
  if ((await value.count()) === 0) return null;
  const match = /^(?:(\d+):)?(\d\d):(\d\d)$/.exec((await value.textContent()) ?? '');
  if (!match) return null;
  return Number(match[1] ?? 0) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

describe('facilitation', () => {
  it('shows phases, the timer and the policy live to everyone, controlled by the facilitator alone, with pseudonymous presence while anonymous', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Checkout outage');
    const [alice, bob] = await Promise.all([
      openPerson('alice', { displayName: 'Alice Facilitator' }),
      openPerson('bob', { displayName: EDITOR_NAME }),
    ]);
    await openBoard(alice.page, review.links.facilitator, 'live');
    await openBoard(bob.page, review.links.edit, 'live', { section: 'narrative' });
    await expect.poll(() => peerNames(alice.page)).toEqual([EDITOR_NAME]);
    await expect.poll(() => alice.page.getByTestId('presence-toggle').textContent()).toBe('2 present');
    expect(await policyOf(bob.page)).toBe('Named findings');

    // The facilitator moves everyone to the next phase.
    expect(await phaseOf(bob.page)).toBe('timeline');
    await alice.page.getByTestId('phase-step-findings').getByRole('button').click();
    await expect.poll(() => phaseOf(bob.page)).toBe('findings');
    expect(await bob.page.getByTestId('phase-step-findings').getAttribute('data-state')).toBe('current');
    expect(await bob.page.getByTestId('phase-step-timeline').getAttribute('data-state')).toBe('done');
    // Closed is shown but is not a phase to pick from here.
    expect(await alice.page.getByTestId('phase-step-closed').getByRole('button').count()).toBe(0);

    // A 5-minute timer counts down on the editor's board, from its own clock.
    await alice.page.getByTestId('timer-start-5').click();
    await expect.poll(() => secondsLeft(bob.page)).toSatisfy((left: number | null) => left !== null && left >= 240);
    const started = (await secondsLeft(bob.page))!;
    expect(started).toBeLessThanOrEqual(300);
    await expect.poll(() => secondsLeft(bob.page)).toSatisfy((left: number | null) => left !== null && left < started);
    // "+1 min" extends it, "Stop timer" removes it.
    await alice.page.getByTestId('timer-add-minute').click();
    await expect.poll(() => secondsLeft(bob.page)).toSatisfy((left: number | null) => left !== null && left > 300);
    await alice.page.getByTestId('timer-stop').click();
    await expect.poll(() => bob.page.getByTestId('phase-timer').count()).toBe(0);

    // The editor has none of the controls, and the server refuses its token.
    expect(await bob.page.getByTestId('facilitator-controls').count()).toBe(0);
    expect(await bob.page.getByTestId('phase-steps').locator('button').count()).toBe(0);
    const refused = await fetch(`${server.url}/api/reviews/${review.id}/control`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${review.tokens.edit}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ phase: 'vote' }),
    });
    expect(refused.status).toBe(403);
    expect(await phaseOf(alice.page)).toBe('findings');

    // A timer that has run out says so.
    const past = await fetch(`${server.url}/api/reviews/${review.id}/control`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${review.tokens.facilitator}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ phaseEndsAt: new Date(Date.now() - 60_000).toISOString() }),
    });
    expect(past.status).toBe(200);
    await expect.poll(() => bob.page.getByTestId('phase-timer-value').textContent()).toBe('Time’s up');

    // A listener on the review's presence (a view link: it receives everyone's awareness).
    const observer = connectClient(server.wsUrl, review.id, review.tokens.view);
    await observer.synced;
    const awareness = observer.provider.awareness;
    const userNames = () =>
      [...awareness.getStates().values()].map((state) => (state as { user?: { name?: string } | null }).user?.name);

    // Findings turn anonymous: everyone sees the policy, and the editor becomes a pseudonym.
    await alice.page.getByTestId('policy-select').selectOption('anonymous');
    await expect.poll(() => policyOf(bob.page)).toBe('Anonymous findings');
    await expect.poll(() => bob.page.getByTestId('presence-alias').count()).toBe(1);
    const pseudonym = (await bob.page.getByTestId('presence-self').getAttribute('data-name'))!;
    expect(pseudonym).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    expect(await bob.page.getByTestId('presence-alias-text').textContent()).toBe(`You · shown as ${pseudonym}`);
    await expect.poll(() => userNames()).toContain(pseudonym);

    // From here on, nothing the review's presence carries names the editor, even while they write.
    const received: string[] = [];
    awareness.on('update', () => received.push(JSON.stringify([...awareness.getStates().values()])));
    await bob.page.getByRole('textbox', { name: 'Summary narrative' }).click();
    await bob.page.keyboard.type('Retries piled up.');
    await expect
      .poll(() => alice.page.getByTestId('narrative-summary').locator('.narrative-caret__label').textContent())
      .toBe(pseudonym);
    await expect
      .poll(() => alice.page.getByTestId('narrative-summary').getByTestId('narrative-presence').textContent())
      .toContain(pseudonym);
    await expect.poll(() => peerNames(alice.page)).toEqual([pseudonym]);
    // the listener has the editor's latest state too (what it writes, under the pseudonym)
    const editing = () =>
      [...awareness.getStates().values()].map((state) => [
        (state as { user?: { name?: string } | null }).user?.name,
        (state as { editing?: unknown }).editing,
      ]);
    await expect.poll(editing).toContainEqual([pseudonym, 'narrative:summary']);
    expect(received.length).toBeGreaterThan(0);
    for (const states of received) expect(states).not.toContain(EDITOR_NAME);
    expect(JSON.stringify([...awareness.getStates().values()])).not.toContain(EDITOR_NAME);

    // The facilitator's page holds the pseudonym and nowhere the name (text, attributes, the list).
    await alice.page.getByTestId('presence-toggle').click();
    await expect.poll(() => alice.page.getByTestId('presence-list').innerText()).toContain(pseudonym);
    expect(await alice.page.content()).not.toContain(EDITOR_NAME);
    await alice.page.keyboard.press('Escape');

    // Someone joining now is not asked for a name: they come in under a pseudonym of their own.
    const carol = await openPerson('carol', { displayName: null });
    await openBoard(carol.page, review.links.edit, 'live');
    await expect.poll(() => carol.page.getByTestId('presence-alias').count()).toBe(1);
    expect(await carol.page.getByTestId('name-dialog').count()).toBe(0);
    // alice, bob, carol and the listener on the view link: readers are counted too
    await expect.poll(() => alice.page.getByTestId('presence-toggle').textContent()).toBe('4 present');

    await alice.page.getByRole('region', { name: 'Review' }).screenshot({
      path: path.join(outputDir, 'facilitation-head-facilitator.png'),
    });
    await bob.page.getByRole('region', { name: 'Review' }).screenshot({
      path: path.join(outputDir, 'facilitation-head-editor.png'),
    });

    // Back to named findings: the editor's name returns; Carol, who gave none, is asked for one.
    await alice.page.getByTestId('policy-select').selectOption('named');
    await expect.poll(() => policyOf(bob.page)).toBe('Named findings');
    await expect.poll(() => peerNames(alice.page)).toContain(EDITOR_NAME);
    expect(await bob.page.getByTestId('presence-alias').count()).toBe(0);
    await expect.poll(() => bob.page.getByTestId('presence-self').getAttribute('data-name')).toBe(EDITOR_NAME);
    await expect.poll(() => carol.page.getByTestId('name-dialog').isVisible()).toBe(true);

    observer.destroy();
  });

  it('lets the facilitator reveal held anonymous findings, counting them as they arrive', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Search latency');
    const alice = await openPerson('alice', { displayName: 'Alice Facilitator' });
    await openBoard(alice.page, review.links.facilitator, 'live');
    await alice.page.getByTestId('policy-select').selectOption('anonymous');
    await expect.poll(() => policyOf(alice.page)).toBe('Anonymous findings');
    const reveal = alice.page.getByTestId('reveal-held');
    await expect.poll(() => reveal.getAttribute('data-held')).toBe('0');
    expect(await reveal.isDisabled()).toBe(true);

    // An editor's browser posts an anonymous finding with its participant token; it is held.
    const joined = await fetch(`${server.url}/api/reviews/${review.id}/participants`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${review.tokens.edit}` },
    });
    const { participantToken } = (await joined.json()) as { participantToken: string };
    const posted = await fetch(`${server.url}/api/reviews/${review.id}/anonymous-findings`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${participantToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ category: 'went-wrong', text: 'Nobody owned the cache config', secret: 'a'.repeat(43) }),
    });
    expect(posted.status).toBe(201);

    // The facilitator's count picks it up on its next poll; the reveal publishes it and resets the count.
    await expect.poll(() => reveal.getAttribute('data-held')).toBe('1');
    expect(await reveal.textContent()).toBe('Reveal held findings (1)');
    await reveal.click();
    await expect.poll(() => alice.page.getByTestId('control-message').textContent()).toBe('1 finding revealed');
    await expect.poll(() => reveal.getAttribute('data-held')).toBe('0');
  });
});
