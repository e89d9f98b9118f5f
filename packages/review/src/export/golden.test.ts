/**
 * Golden files: the sample review's exports compared byte for byte with files under golden/, so any
 * change to what an export says, however small, fails here until someone looks at it. After an
 * intended change, rewrite them with `UPDATE_GOLDEN=1 pnpm vitest run --project review` and review
 * the diff of golden/ like code. The files end in `.golden` so that no formatter rewrites them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { actionsCsv } from './csv';
import { exportMarkdown } from './markdown';
import { redactExport } from './redact';
import { buildSampleReview } from '../testing/export-sample';
import { toExport } from './to-export';

const goldenDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

const data = toExport(buildSampleReview(), {
  exportedAt: '2026-03-17T08:00:00.000Z',
  createdAt: '2026-03-16T13:55:00.000Z',
});

function matchesGolden(file: string, actual: string): void {
  const goldenPath = path.join(goldenDir, file);
  if (update) {
    fs.mkdirSync(goldenDir, { recursive: true });
    fs.writeFileSync(goldenPath, actual);
    return;
  }
  if (!fs.existsSync(goldenPath)) {
    throw new Error(`golden file ${file} is missing; create it with UPDATE_GOLDEN=1 pnpm vitest run --project review`);
  }
  // Line ends compared as LF, whatever a checkout did to them (csv.test.ts checks the CSV's CRLF).
  const expected = fs.readFileSync(goldenPath, 'utf8').replace(/\r\n/g, '\n');
  // A string comparison, so vitest prints a line diff of what changed.
  expect(
    actual.replace(/\r\n/g, '\n'),
    `export differs from golden/${file}; if the change is intended, run UPDATE_GOLDEN=1 pnpm vitest run --project review`,
  ).toBe(expected);
}

describe('export golden files', () => {
  it('Markdown', () => matchesGolden('export.md.golden', exportMarkdown(data)));
  it('JSON', () => matchesGolden('export.json.golden', `${JSON.stringify(data, null, 2)}\n`));
  it('redacted Markdown', () => matchesGolden('export.redacted.md.golden', exportMarkdown(redactExport(data))));
  it('action items CSV', () => matchesGolden('actions.csv.golden', actionsCsv(data)));

  it('are stable: building the sample again gives the same export', () => {
    const again = toExport(buildSampleReview(), { exportedAt: data.exportedAt, createdAt: data.review.createdAt });
    expect(again).toEqual(data);
  });
});
