/**
 * Real-browser harness: Debian's Chromium driven by playwright-core, one persistent context per
 * simulated person. `useBrowserPeople('suite')` registers the hooks: it builds the web app when a
 * source is newer than the build, saves a PNG of every open page under test-output/ when a test
 * fails, and closes browsers and servers after each test.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page, type WebSocketRoute } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startServer, stopAllServers, tempDataDir, type TestServer } from './server';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const webDir = path.join(repoRoot, 'apps/web');
export const outputDir = path.join(repoRoot, 'test-output');

export interface Person {
  name: string;
  context: BrowserContext;
  page: Page;
  profileDir: string;
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface PersonOptions {
  viewport?: { width: number; height: number };
  /** IANA zone the browser runs in (e.g. 'America/New_York'); the machine's zone when absent. */
  timezoneId?: string;
  /**
   * The board display name remembered in this profile, so the first-join name dialog does not
   * open. Defaults to the person's name; pass null to start with none (the dialog opens).
   */
  displayName?: string | null;
}

/** Launches Debian's Chromium with a fresh profile (never a downloaded browser). */
export async function launchContext(
  profileDir: string,
  viewport = { width: 1280, height: 800 },
  timezoneId?: string,
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport,
    args: CHROMIUM_ARGS,
    ...(timezoneId ? { timezoneId } : {}),
  });
}

/** localStorage key of the board display name (apps/web/src/collab/identity.ts). */
export const DISPLAY_NAME_KEY = 'hindsight:display-name';

/** The server serves apps/web/dist: rebuild it when any source it depends on is newer. */
export function ensureWebBuild(): void {
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

/** Registers the browser hooks for one test file and returns its helpers. */
export function useBrowserPeople(suite: string) {
  let people: Person[] = [];
  const dataDirs: string[] = [];

  beforeAll(() => {
    ensureWebBuild();
    fs.mkdirSync(outputDir, { recursive: true });
  });

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') {
      const slug = task.name
        .replace(/[^a-z0-9]+/gi, '-')
        .toLowerCase()
        .slice(0, 60);
      for (const person of people) {
        for (const [index, page] of person.context.pages().entries()) {
          const file = path.join(outputDir, `${suite}-${slug}-${person.name}-${index}.png`);
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

  return {
    /**
     * Opens a fresh browser profile for one simulated person. The second argument is a viewport
     * or options (viewport, time zone, display name). The profile remembers `name` as its board
     * display name unless `displayName` says otherwise.
     */
    async openPerson(
      name: string,
      viewportOrOptions?: { width: number; height: number } | PersonOptions,
    ): Promise<Person> {
      const options: PersonOptions =
        viewportOrOptions && 'width' in viewportOrOptions ? { viewport: viewportOrOptions } : (viewportOrOptions ?? {});
      const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), `hindsight-e2e-${name}-`));
      const context = await launchContext(profileDir, options.viewport, options.timezoneId);
      const displayName = options.displayName === undefined ? name : options.displayName;
      if (displayName !== null) {
        // only when none is stored yet, so a rename in the test survives reloads
        await context.addInitScript(
          ([key, value]) => {
            try {
              if (!localStorage.getItem(key)) localStorage.setItem(key, value);
            } catch {
              // opaque origins (about:blank) have no storage
            }
          },
          [DISPLAY_NAME_KEY, displayName] as const,
        );
      }
      const page = context.pages()[0] ?? (await context.newPage());
      const person = { name, context, page, profileDir };
      people.push(person);
      return person;
    },
    /** Starts a real server process whose data dir is removed after the file. */
    async startTestServer(env: Record<string, string> = {}, dataDir = tempDataDir()): Promise<TestServer> {
      if (!dataDirs.includes(dataDir)) dataDirs.push(dataDir);
      return startServer({ dataDir, env });
    },
  };
}

/** The connection indicator of the board. */
export function connectionState(page: Page) {
  return page.getByTestId('connection-state');
}

/**
 * Opens a board link and waits until its connection is in `state` ('live' for editors, 'read-only'
 * for viewers). Should the first-join name dialog open (a profile without a remembered name), it is
 * answered with `name`. With `section`, also waits for that section (a test id) to be shown.
 */
export async function openBoard(
  page: Page,
  link: string,
  state: 'live' | 'read-only',
  options: { name?: string; section?: string } = {},
): Promise<void> {
  await page.goto(link);
  const dialog = page.getByRole('dialog');
  await expect
    .poll(
      async () => {
        if (options.name && (await dialog.isVisible().catch(() => false))) {
          await dialog.getByRole('textbox').first().fill(options.name);
          await dialog.getByRole('textbox').first().press('Enter');
        }
        return connectionState(page).getAttribute('data-state');
      },
      { timeout: 20_000 },
    )
    .toBe(state);
  if (options.section) await page.getByTestId(options.section).waitFor();
}

/** A view link opened as the board (read-only) instead of the report that view links show by default. */
export function boardView(link: string): string {
  return link.replace('#', '?view=board#');
}

/** Routes a context's sync socket and API calls through a switch that can cut them. */
export async function networkSwitch(context: BrowserContext) {
  let offline = false;
  const open = new Set<{ page: WebSocketRoute; server: WebSocketRoute }>();
  await context.routeWebSocket(/\/sync\//, (page) => {
    if (offline) {
      void page.close();
      return;
    }
    const link = { page, server: page.connectToServer() };
    open.add(link);
    page.onClose(() => open.delete(link));
  });
  await context.route('**/api/**', (route) => (offline ? route.abort('internetdisconnected') : route.continue()));
  return {
    async goOffline() {
      offline = true;
      for (const link of open) {
        await link.server.close();
        await link.page.close();
      }
      open.clear();
    },
    goOnline() {
      offline = false;
    },
  };
}
