import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** The path of a file in `src/fixtures` (the sample CSV, chat export, user list and pager log). */
export function fixturePath(name: string): string {
  return path.join(fixtures, name);
}

/** The text of a file in `src/fixtures`. */
export function readFixture(name: string): string {
  return fs.readFileSync(fixturePath(name), 'utf8');
}
