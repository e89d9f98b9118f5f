/**
 * Root-cause voting in real browsers: the facilitator opens the vote; two editors vote, one until
 * the budget is spent (the add buttons disable), and a second tab of the same browser shares that
 * budget live; before the reveal nobody's board shows a tally; after it every board (the viewer's
 * too) shows the same ranking with the same counts; a reset reaches every participant; the lock
 * reveals the final ranking and ends voting for good. A personal link issued in the share panel
 * votes while a shared link's participant is refused; the turnout (voted against present) shows to
 * the facilitator during a round and to everyone with the reveal; reopening starts a round from zero.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addFinding, listRootCauses, promoteToRootCause } from '@hindsight/review';
import { connectClient, waitFor } from '../support/clients';
import { boardView, connectionState, openBoard, outputDir, useBrowserPeople } from '../support/browser';
import { createReview } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('voting');

const CANARY = 'No canary for configuration changes';
const TIMEOUT = 'Pool idle timeout accepts any value';
const ALERT = 'No alert on pool exhaustion';

async function join(page: Page, link: string, name: string, state: 'live' | 'read-only'): Promise<void> {
  await openBoard(page, link, state, { name, section: 'root-causes-section' });
}

const status = (page: Page) => page.getByTestId('voting-status').textContent();
const addButton = (page: Page, title: string) => page.getByRole('button', { name: `Add a vote to “${title}”` });
const withdrawButton = (page: Page, title: string) =>
  page.getByRole('button', { name: `Withdraw a vote from “${title}”` });

/** Votes `times` times on `title`, waiting each time for the server's answer to show. */
async function vote(page: Page, title: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) {
    const before = await ownVotes(page, title);
    await addButton(page, title).click();
    await expect.poll(() => ownVotes(page, title)).toBe(before + 1);
  }
}

/** This page's own votes on the candidate titled `title`, as its dots say. */
async function ownVotes(page: Page, title: string): Promise<number> {
  const row = page.getByTestId('root-cause').filter({ hasText: title });
  const dots = row.getByTestId('own-votes');
  return (await dots.count()) === 0 ? 0 : Number(await dots.getAttribute('data-votes'));
}

/** The list as one page shows it: title, tally and rank of each row, top to bottom. */
function rankedList(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="root-cause"]')].map((row) => {
      const title = row.querySelector('[data-testid="root-cause-text"]')?.textContent ?? '';
      const tally = row.querySelector<HTMLElement>('[data-testid="root-cause-tally"]')?.dataset.votes ?? '-';
      const rank = row.querySelector<HTMLElement>('[data-testid="root-cause-rank"]')?.dataset.rank ?? '-';
      return `${rank}. ${title} (${tally})`;
    }),
  );
}

describe('root-cause voting', () => {
  it('budgets per browser, hides tallies until the reveal, ranks the same everywhere and locks', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Checkout outage');
    // The candidates, promoted by an editor's client (the findings suite covers promoting in the UI).
    const setup = connectClient(server.wsUrl, review.id, review.tokens.edit);
    await setup.synced;
    for (const text of [CANARY, TIMEOUT, ALERT]) {
      const id = addFinding(setup.doc, { category: 'contributing-factor', text });
      promoteToRootCause(setup.doc, { kind: 'finding', id });
    }
    const watcher = connectClient(server.wsUrl, review.id, review.tokens.view);
    await waitFor(() => listRootCauses(watcher.doc).length === 3, 'the candidates on the server');
    setup.destroy();
    watcher.destroy();

    const [alice, bob, carol, dave] = await Promise.all([
      openPerson('alice'),
      openPerson('bob'),
      openPerson('carol'),
      openPerson('dave'),
    ]);
    await join(alice.page, review.links.facilitator, 'Alice', 'live');
    await join(bob.page, review.links.edit, 'Bob', 'live');
    await join(carol.page, review.links.edit, 'Carol', 'live');
    await join(dave.page, boardView(review.links.view), 'Dave', 'read-only');
    for (const page of [alice.page, bob.page, carol.page, dave.page]) {
      await expect.poll(() => status(page)).toBe('Voting not started');
    }
    expect(await bob.page.getByTestId('vote-add').count()).toBe(0);
    // Only the facilitator has the voting toolbar.
    expect(await bob.page.getByTestId('voting-toolbar').count()).toBe(0);

    await alice.page.getByRole('button', { name: 'Open voting' }).click();
    await expect.poll(() => status(bob.page)).toBe('Voting open · 3 of 3 votes left');
    await expect.poll(() => status(dave.page)).toBe('Voting open');
    expect(await dave.page.getByTestId('root-causes-section').locator('button, input').count()).toBe(0);

    // Bob spends his budget: every add button disables, withdrawing stays possible.
    await vote(bob.page, CANARY, 2);
    await vote(bob.page, TIMEOUT);
    await expect.poll(() => status(bob.page)).toBe('Voting open · 0 of 3 votes left');
    for (const title of [CANARY, TIMEOUT, ALERT]) expect(await addButton(bob.page, title).isDisabled()).toBe(true);
    expect(await withdrawButton(bob.page, CANARY).isEnabled()).toBe(true);
    expect(await withdrawButton(bob.page, ALERT).isDisabled()).toBe(true);

    // A second tab of Bob's browser is the same participant: the same votes, the same budget.
    const bobTab = await bob.context.newPage();
    await join(bobTab, review.links.edit, 'Bob', 'live');
    await expect.poll(() => status(bobTab)).toBe('Voting open · 0 of 3 votes left');
    expect(await ownVotes(bobTab, CANARY)).toBe(2);
    expect(await addButton(bobTab, ALERT).isDisabled()).toBe(true);
    // Withdrawing in one tab frees a vote in both; spending it there disables both again.
    await withdrawButton(bobTab, CANARY).click();
    await expect.poll(() => status(bob.page)).toBe('Voting open · 1 of 3 votes left');
    expect(await ownVotes(bob.page, CANARY)).toBe(1);
    await vote(bobTab, ALERT);
    await expect.poll(() => status(bob.page)).toBe('Voting open · 0 of 3 votes left');
    await expect.poll(() => addButton(bob.page, ALERT).isDisabled()).toBe(true);

    // Carol votes; she sees her own dots only, and nobody sees a tally yet.
    await vote(carol.page, TIMEOUT, 2);
    await vote(carol.page, ALERT);
    expect(await ownVotes(carol.page, CANARY)).toBe(0);
    await expect.poll(() => status(carol.page)).toBe('Voting open · 0 of 3 votes left');
    for (const page of [alice.page, bob.page, bobTab, carol.page, dave.page]) {
      expect(await page.getByTestId('root-cause-tally').count()).toBe(0);
      expect(await page.getByTestId('root-cause-rank').count()).toBe(0);
    }

    // The reveal: every board shows the same ranking, most votes first, with the counts.
    await alice.page.getByRole('button', { name: 'Reveal votes' }).click();
    const ranking = [`1. ${TIMEOUT} (3)`, `2. ${ALERT} (2)`, `3. ${CANARY} (1)`];
    for (const page of [alice.page, bob.page, bobTab, carol.page, dave.page]) {
      await expect.poll(() => rankedList(page)).toEqual(ranking);
    }
    // Revealing closes the vote: no count can move right after someone's click.
    await expect.poll(() => status(dave.page)).toBe('Voting closed · tallies revealed');

    // Hiding takes the tallies off every board; a reset then (no control value changes) still
    // reaches every participant: everyone's votes are gone and the budget is whole again.
    await alice.page.getByRole('button', { name: 'Hide votes' }).click();
    for (const page of [bob.page, carol.page, dave.page]) {
      await expect.poll(() => page.getByTestId('root-cause-tally').count()).toBe(0);
    }
    await alice.page.getByRole('button', { name: 'Reset votes' }).click();
    await alice.page.getByRole('button', { name: 'Confirm: reset votes' }).click();
    await alice.page.getByRole('button', { name: 'Open voting' }).click();
    for (const page of [bob.page, bobTab, carol.page]) {
      await expect.poll(() => status(page)).toBe('Voting open · 3 of 3 votes left');
      for (const title of [CANARY, TIMEOUT, ALERT]) expect(await ownVotes(page, title)).toBe(0);
    }
    await vote(bobTab, CANARY);

    // The lock is final and reveals: it takes a confirming second click, then no board offers a vote.
    await alice.page.getByRole('button', { name: 'Lock results' }).click();
    await alice.page.getByRole('button', { name: 'Confirm: lock results' }).click();
    const final = [`1. ${CANARY} (1)`, `2. ${TIMEOUT} (0)`, `2. ${ALERT} (0)`];
    for (const page of [alice.page, bob.page, bobTab, carol.page, dave.page]) {
      await expect.poll(() => status(page)).toBe('Final ranking (locked)');
      await expect.poll(() => rankedList(page)).toEqual(final);
      expect(await page.getByTestId('vote-add').count()).toBe(0);
      expect(await page.getByTestId('vote-withdraw').count()).toBe(0);
    }
    expect(await alice.page.getByRole('button', { name: 'Open voting' }).count()).toBe(0);
    await expect.poll(() => alice.page.getByTestId('voting-toolbar').textContent()).toMatch(/locked/i);
  });

  it('freezes the candidates while voting runs: promote, demote and delete disappear until voting is back to not started', async () => {
    const PAGER = 'Pager rota was stale';
    const server = await startTestServer();
    const review = await createReview(server.url, 'Frozen candidates');
    const setup = connectClient(server.wsUrl, review.id, review.tokens.edit);
    await setup.synced;
    const canary = addFinding(setup.doc, { category: 'contributing-factor', text: CANARY });
    addFinding(setup.doc, { category: 'contributing-factor', text: ALERT });
    addFinding(setup.doc, { category: 'went-wrong', text: PAGER });
    promoteToRootCause(setup.doc, { kind: 'finding', id: canary });
    const watcher = connectClient(server.wsUrl, review.id, review.tokens.view);
    await waitFor(() => listRootCauses(watcher.doc).length === 1, 'the candidate on the server');
    setup.destroy();
    watcher.destroy();

    const [alice, bob] = await Promise.all([openPerson('alice'), openPerson('bob')]);
    await join(alice.page, review.links.facilitator, 'Alice', 'live');
    await join(bob.page, review.links.edit, 'Bob', 'live');
    const note = (page: Page, text: string) => page.getByTestId('finding').filter({ hasText: text });
    const candidates = (page: Page) => page.getByTestId('root-cause-text').allTextContents();
    /** Whether the note's menu offers "Delete note" (the menu is closed again afterwards). */
    const deletable = async (page: Page, text: string) => {
      await note(page, text).getByTestId('note-menu').click();
      const offered = (await page.getByTestId('delete-note').count()) > 0;
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByTestId('delete-note').count()).toBe(0);
      return offered;
    };
    const controls = async (page: Page) => ({
      toggles: await page.getByTestId('note-root-cause').count(),
      demote: await page.getByTestId('root-cause-demote').count(),
      badges: await page.getByTestId('note-candidate-badge').count(),
      hint: await page.getByTestId('candidates-frozen').count(),
    });
    // Bob promotes a second candidate before the vote (an undoable change of his).
    await note(bob.page, ALERT).getByTestId('note-root-cause').click();
    await expect.poll(() => candidates(alice.page)).toEqual([CANARY, ALERT]);
    const thawed = { toggles: 3, demote: 2, badges: 0, hint: 0 };
    const frozen = { toggles: 0, demote: 0, badges: 2, hint: 1 };
    for (const page of [alice.page, bob.page]) await expect.poll(() => controls(page)).toEqual(thawed);
    expect(await deletable(bob.page, CANARY)).toBe(true);

    await alice.page.getByRole('button', { name: 'Open voting' }).click();
    for (const page of [alice.page, bob.page]) await expect.poll(() => controls(page)).toEqual(frozen);
    await bob.page.screenshot({ path: `${outputDir}/voting-frozen-candidates.png`, fullPage: true });
    expect(await deletable(bob.page, CANARY)).toBe(false);
    expect(await deletable(bob.page, PAGER)).toBe(true); // not a candidate: it may go
    // Undoing the promote now would be refused by the server: Bob's undo history starts over.
    await expect.poll(() => bob.page.getByRole('button', { name: 'Undo your last change' }).isDisabled()).toBe(true);
    await bob.page.keyboard.press('Control+z');
    expect(await candidates(bob.page)).toEqual([CANARY, ALERT]);
    await alice.page.getByRole('button', { name: 'Close voting' }).click();
    await expect.poll(() => status(bob.page)).toMatch(/^Voting closed/);
    expect(await controls(bob.page)).toEqual(frozen);

    // Back to not started: the candidates thaw, and Bob demotes one.
    await alice.page.getByRole('button', { name: 'Back to not started' }).click();
    for (const page of [alice.page, bob.page]) await expect.poll(() => controls(page)).toEqual(thawed);
    await bob.page.getByTestId('root-cause').filter({ hasText: CANARY }).getByTestId('root-cause-demote').click();
    await expect.poll(() => candidates(alice.page)).toEqual([ALERT]);

    // Locked, they are frozen for good, and every board says why.
    await alice.page.getByRole('button', { name: 'Lock results' }).click();
    await alice.page.getByRole('button', { name: 'Confirm: lock results' }).click();
    for (const page of [alice.page, bob.page]) {
      await expect.poll(() => page.getByTestId('candidates-frozen').textContent()).toMatch(/ranking is final/);
      expect(await page.getByTestId('note-root-cause').count()).toBe(0);
      expect(await page.getByTestId('root-cause-demote').count()).toBe(0);
    }
    expect(await alice.page.getByRole('button', { name: 'Back to not started' }).count()).toBe(0);
    expect(await connectionState(bob.page).getAttribute('data-state')).toBe('live');
  });

  it('one person, one budget: a personal link from the share panel, personal-only votes, turnout and a new round after a reveal', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Personal votes');
    const setup = connectClient(server.wsUrl, review.id, review.tokens.edit);
    await setup.synced;
    for (const text of [CANARY, TIMEOUT]) {
      promoteToRootCause(setup.doc, {
        kind: 'finding',
        id: addFinding(setup.doc, { category: 'contributing-factor', text }),
      });
    }
    const watcher = connectClient(server.wsUrl, review.id, review.tokens.view);
    await waitFor(() => listRootCauses(watcher.doc).length === 2, 'the candidates on the server');
    setup.destroy();
    watcher.destroy();

    const [alice, bob, carol] = await Promise.all([openPerson('alice'), openPerson('bob'), openPerson('carol')]);
    await join(alice.page, review.links.facilitator, 'Alice', 'live');
    // Alice issues Carol's personal link in the share panel, labelled with her name.
    await alice.page.getByTestId('share-button').click();
    await alice.page.getByTestId('share-label').fill('Carol');
    await alice.page.getByTestId('share-create-personal').click();
    const carolsLink = await alice.page.getByTestId('share-personal-link').inputValue();
    await expect
      .poll(() => alice.page.getByTestId('share-link-row').filter({ hasText: 'Carol' }).getAttribute('data-kind'))
      .toBe('personal');
    await alice.page.keyboard.press('Escape');

    await join(bob.page, review.links.edit, 'Bob', 'live');
    await join(carol.page, carolsLink, 'Carol', 'live');
    // The box shows what the document says, so it turns checked once the server wrote the setting.
    await alice.page.getByTestId('personal-votes-only').click();
    await expect.poll(() => alice.page.getByTestId('personal-votes-only').isChecked()).toBe(true);
    await alice.page.getByRole('button', { name: 'Open voting' }).click();

    // Bob came through the shared edit link: the server refuses his vote and says why.
    await expect.poll(() => status(bob.page)).toBe('Voting open · 3 of 3 votes left');
    await addButton(bob.page, CANARY).click();
    await expect.poll(() => bob.page.getByTestId('voting-message').textContent()).toMatch(/personal links/);
    expect(await ownVotes(bob.page, CANARY)).toBe(0);
    await vote(carol.page, CANARY, 2);

    // The facilitator sees the turnout during the round; the others do not, until the reveal.
    await expect.poll(() => alice.page.getByTestId('voting-turnout').textContent()).toBe('1 voted · 3 present');
    expect(await bob.page.getByTestId('voting-turnout').count()).toBe(0);
    await alice.page.getByRole('button', { name: 'Reveal votes' }).click();
    for (const page of [alice.page, bob.page, carol.page]) {
      await expect.poll(() => page.getByTestId('voting-turnout').textContent()).toBe('1 voted · 3 present');
      await expect.poll(() => rankedList(page)).toEqual([`1. ${CANARY} (2)`, `2. ${TIMEOUT} (0)`]);
    }

    // Reopening starts round 2 from zero: Carol's budget is whole again, and its reveal holds round 2 alone.
    await alice.page.getByRole('button', { name: 'Open voting' }).click();
    await expect.poll(() => status(carol.page)).toBe('Voting open · 3 of 3 votes left');
    expect(await ownVotes(carol.page, CANARY)).toBe(0);
    await vote(carol.page, TIMEOUT);
    await alice.page.getByRole('button', { name: 'Reveal votes' }).click();
    for (const page of [alice.page, bob.page, carol.page]) {
      await expect.poll(() => rankedList(page)).toEqual([`1. ${TIMEOUT} (1)`, `2. ${CANARY} (0)`]);
      await expect.poll(() => page.getByTestId('voting-turnout').textContent()).toBe('Round 2: 1 voted · 3 present');
    }
  });
});
