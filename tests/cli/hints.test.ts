import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-hints-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('pnpm hints FILE prints one JSON line of hints per input line', async () => {
  const file = path.join(dir, 'sentences.jsonl');
  fs.writeFileSync(
    file,
    [
      { text: 'Kofi forgot to remove the debug flag.' },
      { text: 'The health check failed to detect the stale cache.' },
      { text: 'In hindsight it was clear that the cert would expire.' },
    ]
      .map((line) => JSON.stringify(line))
      .join('\n'),
  );
  const { stdout } = await run('pnpm', ['--silent', 'hints', file], { cwd: root });
  const out = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  expect(out.map((line) => [line.text, line.hints.map((h: { kind: string }) => h.kind)])).toEqual([
    ['Kofi forgot to remove the debug flag.', ['failed-to']],
    ['The health check failed to detect the stale cache.', []],
    ['In hindsight it was clear that the cert would expire.', ['hindsight']],
  ]);
  expect(out[0].hints[0]).toEqual({
    start: 0,
    end: 14,
    kind: 'failed-to',
    message: expect.any(String),
    suggestion: 'Nothing in the process prompted anyone to',
  });
});

it('pnpm hints reads a relative FILE from the folder it is run in', async () => {
  fs.writeFileSync(path.join(dir, 'one.jsonl'), '{"text": "Root cause: human error."}\n');
  const { stdout } = await run('pnpm', ['--silent', '--dir', root, 'hints', 'one.jsonl'], { cwd: dir });
  expect(JSON.parse(stdout).hints.map((h: { kind: string }) => h.kind)).toEqual(['human-error']);
});

it('pnpm hints exits 1 on a malformed line and still answers the others', async () => {
  const file = path.join(dir, 'bad.jsonl');
  fs.writeFileSync(file, '{"text": "Dave broke prod."}\n{"txt": "oops"}\n');
  const failure = await run('pnpm', ['--silent', 'hints', file], { cwd: root }).catch((error: unknown) => error);
  const { code, stdout, stderr } = failure as { code: number; stdout: string; stderr: string };
  expect(code).toBe(1);
  expect(stderr).toMatch(/1 malformed line/);
  expect(
    stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line)),
  ).toEqual([
    { text: 'Dave broke prod.', hints: [expect.objectContaining({ kind: 'person-as-cause' })] },
    { line: 2, error: 'expected an object with a string "text"' },
  ]);
});
