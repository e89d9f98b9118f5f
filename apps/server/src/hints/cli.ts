/**
 * `pnpm hints FILE`: prints one JSON line `{ "text", "hints": [...] }` per JSON line `{ "text" }` of
 * FILE (`-` reads stdin), so anyone can measure the blameless-language rules on their own text.
 * A malformed line prints `{ "line", "error" }` in its place and the exit code is 1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { hintJsonLines } from './json-lines';

const file = process.argv[2];
if (!file) {
  console.error('usage: pnpm hints FILE   (FILE: JSON lines of {"text": ...}; - for stdin)');
  process.exit(2);
}
let input: string;
try {
  // pnpm runs scripts from the repository root; a relative FILE means the caller's folder (INIT_CWD).
  input = fs.readFileSync(file === '-' ? 0 : path.resolve(process.env.INIT_CWD ?? process.cwd(), file), 'utf8');
} catch (error) {
  console.error(`pnpm hints: cannot read ${file}: ${(error as Error).message}`);
  process.exit(2);
}
const { lines, errorCount } = hintJsonLines(input);
process.stdout.write(lines.map((line) => `${line}\n`).join(''));
if (errorCount > 0) {
  console.error(`pnpm hints: ${errorCount} malformed line(s), see their "error"`);
  process.exitCode = 1;
}
