import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blamelessHints } from './engine';

interface LabelledSentence {
  text: string;
  blame: boolean;
}

function readSamples(name: string): LabelledSentence[] {
  return readFileSync(new URL(`./samples/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabelledSentence);
}

/** Sentence-level figures: a sentence is flagged when it gets at least one hint. */
function score(samples: LabelledSentence[]) {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  const misses: string[] = [];
  for (const sample of samples) {
    const flagged = blamelessHints(sample.text).length > 0;
    if (flagged && sample.blame) truePositives += 1;
    else if (flagged) falsePositives += 1;
    else if (sample.blame) falseNegatives += 1;
    if (flagged !== sample.blame) misses.push(`${flagged ? 'false positive' : 'missed'}: ${sample.text}`);
  }
  const precision = truePositives / Math.max(1, truePositives + falsePositives);
  const recall = truePositives / Math.max(1, truePositives + falseNegatives);
  return { precision, recall, truePositives, falsePositives, falseNegatives, misses };
}

describe.each([
  ['the shared corpus', 'blameless-corpus.jsonl', 120],
  ['our held-out sentences (written before any rule)', 'held-out.jsonl', 40],
  // Written after the first rules to probe them, then tuned against: a regression set, not a held-out one.
  ['our probe sentences (tuned against)', 'tuning-probe.jsonl', 80],
  // Written on 7 December 2026 and scored once, with no rule changed since: keep it untuned (a miss
  // here is fixed by a general rule checked on new sentences, and this set is then moved to the tuned one).
  ['a probe written later (not tuned against)', 'fresh-probe.jsonl', 40],
])('blameless hints over %s', (label, file, atLeast) => {
  const samples = readSamples(file);

  it('is a balanced labelled set', () => {
    expect(samples.length).toBeGreaterThanOrEqual(atLeast);
    const blamed = samples.filter((s) => s.blame).length;
    expect(blamed / samples.length).toBeGreaterThan(0.35);
    expect(blamed / samples.length).toBeLessThan(0.65);
  });

  it('flags blaming sentences with precision ≥ 0.85 and recall ≥ 0.8', () => {
    const result = score(samples);
    console.log(
      `blameless hints, ${label}: ${samples.length} sentences, precision ${result.precision.toFixed(3)}, ` +
        `recall ${result.recall.toFixed(3)} (${result.truePositives} caught, ${result.falsePositives} false ` +
        `positives, ${result.falseNegatives} missed)${result.misses.map((m) => `\n  ${m}`).join('')}`,
    );
    expect(result.precision, result.misses.join('\n')).toBeGreaterThanOrEqual(0.85);
    expect(result.recall, result.misses.join('\n')).toBeGreaterThanOrEqual(0.8);
  });
});
