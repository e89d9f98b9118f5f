/**
 * `pnpm build` for the server: bundles src/main.ts into dist/main.js, which `pnpm start` runs with
 * plain `node`, so production pays no TypeScript transform at start-up or on any later import.
 * Workspace packages (@hindsight/*) are inlined, since they ship TypeScript sources; the npm
 * dependencies stay external and load from node_modules as they are (better-sqlite3 is native).
 *
 * dist/inputs.json lists every source file that went into the bundle, so tests/support/server.ts
 * can tell whether the bundle is older than the code and rebuild it first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const serverDir = path.dirname(fileURLToPath(import.meta.url));
const distDir = path.join(serverDir, 'dist');
const manifest = JSON.parse(fs.readFileSync(path.join(serverDir, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};
const npmDependencies = Object.keys(manifest.dependencies).filter((name) => !name.startsWith('@hindsight/'));

const result = await build({
  absWorkingDir: serverDir,
  entryPoints: ['src/main.ts'],
  outdir: 'dist',
  // Code behind a dynamic import (the PostgreSQL store, the Redis fan-out) goes in chunks of its
  // own, with its npm imports: a single instance on SQLite never loads the Redis client (~20 MB).
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: npmDependencies.flatMap((name) => [name, `${name}/*`]),
  // A CommonJS module inlined from a workspace package may call require(); ESM output has none.
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  sourcemap: 'linked',
  metafile: true,
  write: false,
  logLevel: 'warning',
});

// Test workers may build at the same time: each writes beside the target and renames, so a
// reader never sees half a file. Chunks go first (named by their content, so they never change
// under a reader), then main.js that imports them, then inputs.json that says the build is done.
const inputs = [...Object.keys(result.metafile.inputs), 'build.ts', 'package.json'];
const isMain = (file: string) => path.basename(file).startsWith('main.js');
const files = [
  ...result.outputFiles.filter((file) => !isMain(file.path)),
  ...result.outputFiles.filter((file) => isMain(file.path)),
  { path: path.join(distDir, 'inputs.json'), contents: JSON.stringify(inputs) },
];
for (const file of files) {
  fs.mkdirSync(path.dirname(file.path), { recursive: true });
  const temporary = `${file.path}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, file.contents);
  fs.renameSync(temporary, file.path);
}
