/**
 * The web shell in a real browser against a real server: create a review from the home page,
 * edit its title from two browsers at once, watch it read-only from a third, and see the
 * connection state follow the server going away and coming back.
 *
 * Each simulated person gets their own persistent Chromium context (separate storage, separate
 * sockets). On failure every open page is saved as a PNG under test-output/ at the repo root.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, stopAllServers, tempDataDir, type TestServer } from '../support/server';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const webDir = path.join(repoRoot, 'apps/web');
const outputDir = path.join(repoRoot, 'test-output');

interface Person {
  name: string;
  context: BrowserContext;
  page: Page;
  profileDir: string;
}

let people: Person[] = [];
const dataDirs: string[] = [];

/** Opens a fresh browser profile for one simulated person. */
async function openPerson(name: string): Promise<Person> {
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), `hindsight-e2e-${name}-`));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const person = { name, context, page, profileDir };
  people.push(person);
  return person;
}

/** The server serves apps/web/dist: rebuild it when any source it depends on is newer. */
function ensureWebBuild(): void {
  const built = path.join(webDir, 'dist/index.html');
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
  const sources = [
    path.join(webDir, 'src'),
    path.join(webDir, 'index.html'),
    path.join(webDir, 'vite.config.ts'),
    path.join(repoRoot, 'packages/review/src'),
    path.join(repoRoot, 'packages/protocol/src'),
  ];
  if (sources.some((source) => newestMtime(source) > builtAt)) {
    execFileSync('pnpm', ['--filter', '@hindsight/web', 'build'], { cwd: repoRoot, stdio: 'pipe' });
  }
}

function newestMtime(file: string): number {
  if (!fs.existsSync(file)) return 0;
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(file).map((entry) => newestMtime(path.join(file, entry))));
}

function connectionState(page: Page) {
  return page.getByTestId('connection-state');
}

async function startTestServer(env: Record<string, string> = {}, dataDir = tempDataDir()): Promise<TestServer> {
  if (!dataDirs.includes(dataDir)) dataDirs.push(dataDir);
  return startServer({ dataDir, env });
}

/** Creates a review through the home page form and returns the board's review id. */
async function createThroughForm(page: Page, baseUrl: string, title: string): Promise<string> {
  await page.goto(baseUrl + '/');
  await page.getByLabel('Incident title').fill(title);
  await expect.poll(() => page.getByLabel('Severity').inputValue()).toBe('SEV3');
  await page.getByLabel('Severity').selectOption('SEV2');
  await page.getByRole('button', { name: 'Create review' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/r/'), { waitUntil: 'commit' });
  return new URL(page.url()).pathname.split('/').pop()!;
}

beforeAll(() => {
  ensureWebBuild();
  fs.mkdirSync(outputDir, { recursive: true });
});

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') {
    const slug = task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase().slice(0, 60);
    for (const person of people) {
      for (const [index, page] of person.context.pages().entries()) {
        const file = path.join(outputDir, `web-shell-${slug}-${person.name}-${index}.png`);
        await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      }
    }
  }
  await Promise.all(people.map((person) => person.context.close().catch(() => undefined)));
  for (const person of people) fs.rmSync(person.profileDir, { recursive: true, force: true });
  people = [];
  await stopAllServers();
});

afterAll(() => {
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('web shell', () => {
  it('creates a review, merges concurrent title edits from two editors and shows them live to a viewer', async () => {
    const server = await startTestServer();
    const alice = await openPerson('facilitator');

    // A title the server refuses comes back as a readable message on the form.
    await alice.page.goto(server.url + '/');
    await alice.page.getByLabel('Incident title').fill('   ');
    await alice.page.getByRole('button', { name: 'Create review' }).click();
    await expect.poll(() => alice.page.getByTestId('create-error').textContent()).toMatch(/\S/);

    const reviewId = await createThroughForm(alice.page, server.url, 'Checkout outage');
    await expect.poll(() => connectionState(alice.page).getAttribute('data-state')).toBe('live');
    await expect.poll(() => connectionState(alice.page).textContent()).toBe('Live');
    // the token moved from the address bar into the tab's storage: a reload keeps working
    expect(new URL(alice.page.url()).hash).toBe('');
    await alice.page.reload();
    await expect.poll(() => connectionState(alice.page).getAttribute('data-state')).toBe('live');
    expect(await alice.page.getByTestId('review-role').textContent()).toBe('Facilitator');
    expect(await alice.page.getByTestId('review-severity').textContent()).toContain('SEV2');

    // The facilitator's share panel holds the invite links.
    const editLink = await alice.page.getByTestId('share-edit-link').inputValue();
    const viewLink = await alice.page.getByTestId('share-view-link').inputValue();
    expect(editLink).toMatch(new RegExp(`/r/${reviewId}#token=hs_`));
    expect(viewLink).toMatch(new RegExp(`/r/${reviewId}#token=hs_`));
    expect(viewLink).not.toBe(editLink);

    const bob = await openPerson('editor');
    await bob.page.goto(editLink);
    await expect.poll(() => connectionState(bob.page).getAttribute('data-state')).toBe('live');
    expect(await bob.page.getByTestId('review-role').textContent()).toBe('Editor');
    expect(await bob.page.getByTestId('share-panel').count()).toBe(0);

    const carol = await openPerson('viewer');
    await carol.page.goto(viewLink);
    await expect.poll(() => connectionState(carol.page).getAttribute('data-state')).toBe('read-only');
    await expect.poll(() => connectionState(carol.page).textContent()).toBe('Read-only');
    await expect.poll(() => carol.page.getByTestId('review-title').textContent()).toBe('Checkout outage');
    expect(await carol.page.getByRole('textbox').count()).toBe(0);

    // Both editors type at once: Alice inside the title (after "Checkout"), Bob at its start.
    // Each sees the other's keystrokes arrive mid-typing; the merge only comes out in this exact
    // order if every remote insert before a caret shifts that caret instead of resetting it.
    const aliceInput = alice.page.getByLabel('Review title');
    const bobInput = bob.page.getByLabel('Review title');
    await expect.poll(() => aliceInput.inputValue()).toBe('Checkout outage');
    await expect.poll(() => bobInput.inputValue()).toBe('Checkout outage');
    await aliceInput.focus();
    await aliceInput.evaluate((input: HTMLInputElement) => input.setSelectionRange(8, 8));
    await bobInput.focus();
    await bobInput.press('Home');
    await Promise.all([
      aliceInput.pressSequentially(' API', { delay: 60 }),
      bobInput.pressSequentially('Weekend ', { delay: 40 }),
    ]);

    const merged = 'Weekend Checkout API outage';
    await expect.poll(() => aliceInput.inputValue()).toBe(merged);
    await expect.poll(() => bobInput.inputValue()).toBe(merged);
    await expect.poll(() => carol.page.getByTestId('review-title').textContent()).toBe(merged);
    expect(await carol.page.getByRole('textbox').count()).toBe(0);

    // The server holds the merged title too.
    const facilitatorToken = (await alice.page.evaluate((id) => sessionStorage.getItem(`hindsight:token:${id}`), reviewId))!;
    await expect
      .poll(async () => {
        const response = await fetch(`${server.url}/api/reviews/${reviewId}`, {
          headers: { Authorization: `Bearer ${facilitatorToken}` },
        });
        return ((await response.json()) as { title: string }).title;
      })
      .toBe(merged);

    // A link with a token the server does not know shows an error page, not a board.
    const stranger = await carol.context.newPage();
    await stranger.goto(`${server.url}/r/${reviewId}#token=hs_${'A'.repeat(43)}`);
    await expect.poll(() => stranger.getByTestId('error-page').isVisible()).toBe(true);
    expect(await stranger.getByRole('heading', { level: 1 }).textContent()).toBe('This link is not valid');
    expect(await stranger.getByTestId('connection-state').count()).toBe(0);

    // A link without any token says what is missing.
    await stranger.goto(`${server.url}/r/${reviewId}`);
    await expect.poll(() => stranger.getByRole('heading', { level: 1 }).textContent()).toMatch(/missing its access key/);
  });

  it('shows offline while the server is down, keeps local edits and syncs them when it is back', async () => {
    const dataDir = tempDataDir();
    const first = await startTestServer({}, dataDir);
    const alice = await openPerson('facilitator');
    await createThroughForm(alice.page, first.url, 'Payments latency');
    await expect.poll(() => connectionState(alice.page).getAttribute('data-state')).toBe('live');
    const viewLink = await alice.page.getByTestId('share-view-link').inputValue();
    const carol = await openPerson('viewer');
    await carol.page.goto(viewLink);
    await expect.poll(() => connectionState(carol.page).getAttribute('data-state')).toBe('read-only');

    await first.stop();
    await expect.poll(() => connectionState(alice.page).getAttribute('data-state')).toBe('offline');
    await expect.poll(() => connectionState(carol.page).getAttribute('data-state')).toBe('offline');
    expect(await connectionState(alice.page).textContent()).toMatch(/Offline/);

    // Typing while offline is kept locally ...
    const aliceInput = alice.page.getByLabel('Review title');
    await aliceInput.focus();
    await aliceInput.press('End');
    await aliceInput.pressSequentially(' (EU)');

    // ... and reaches the viewer once the server is back on the same port and data.
    await startTestServer({ PORT: String(first.port) }, dataDir);
    await expect.poll(() => connectionState(alice.page).getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
    await expect.poll(() => connectionState(carol.page).getAttribute('data-state'), { timeout: 15_000 }).toBe('read-only');
    await expect.poll(() => carol.page.getByTestId('review-title').textContent()).toBe('Payments latency (EU)');
  });
});
