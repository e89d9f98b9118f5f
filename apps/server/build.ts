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
  outfile: 'dist/main.js',
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
// reader never sees half a file.
fs.mkdirSync(distDir, { recursive: true });
const inputs = [...Object.keys(result.metafile.inputs), 'build.ts', 'package.json'];
const files = [
  ...result.outputFiles.map((file) => ({ path: file.path, contents: file.contents })),
  { path: path.join(distDir, 'inputs.json'), contents: JSON.stringify(inputs) },
];
for (const file of files) {
  const temporary = `${file.path}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, file.contents);
  fs.renameSync(temporary, file.path);
}
