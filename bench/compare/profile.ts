/**
 * `pnpm bench profile`: Hindsight (compiled) under the 20 reviews × 5 clients typing scenario with
 * `node --cpu-prof`, then the share of CPU samples by function (self time) and by area (SQLite,
 * Yjs, ws, the server's own code...). The .cpuprofile stays in the printed folder for a closer look
 * (Chrome DevTools or speedscope open it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBenchServer } from './servers';
import { runTyping } from './typing';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

export async function runProfile(options: { seconds: number; seed: number }) {
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-cpu-prof-'));
  const server = await startBenchServer('hindsight', ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
  let typing;
  try {
    typing = await runTyping(server, { reviews: 20, clientsPerReview: 5, editsPerSecond: 10, ...options });
  } finally {
    // The profile is written when the process exits.
    await server.stop();
  }
  const file = fs.readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile in ${profileDir}`);
  const nodes = (JSON.parse(fs.readFileSync(path.join(profileDir, file), 'utf8')) as { nodes: ProfileNode[] }).nodes;
  const total = nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
  const busy = total - nodes.filter((n) => n.callFrame.functionName === '(idle)').reduce((s, n) => s + n.hitCount!, 0);
  const share = (hits: number) => +((100 * hits) / busy).toFixed(1);
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const node of nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || !node.hitCount) continue;
    const name = `${functionName || '(anonymous)'} ${path.basename(url)}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + node.hitCount);
    byArea.set(areaOf(url, functionName), (byArea.get(areaOf(url, functionName)) ?? 0) + node.hitCount);
  }
  const top = (map: Map<string, number>, count: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, hits]) => ({ name, pctOfBusy: share(hits) }));
  return {
    profile: path.join(profileDir, file),
    typing,
    busyPctOfSamples: +((100 * busy) / total).toFixed(1),
    areas: top(byArea, 20),
    functions: top(byFunction, 30),
  };
}

/** Which part of the stack a sample's function belongs to, from its script's path. */
function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : `native: ${functionName}`;
  const packageMatch = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return packageMatch[1]!;
  if (url.startsWith('node:')) return 'node internals';
  if (url.includes('apps/server')) return 'Hindsight (apps/server, with the inlined workspace packages)';
  return url;
}
