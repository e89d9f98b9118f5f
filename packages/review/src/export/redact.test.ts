import { describe, expect, it } from 'vitest';
import { actionsCsv } from './csv';
import { exportMarkdown } from './markdown';
import { redactExport } from './redact';
import { buildSampleReview, SAMPLE_NAMES } from './sample';
import { toExport } from './to-export';

describe('redactExport', () => {
  const data = toExport(buildSampleReview());
  const redacted = redactExport(data);

  it('labels names by first appearance, the same name (any case or spacing) with the same label', () => {
    expect(redacted.redacted).toBe(true);
    expect(redacted.review.closedBy).toBe('Participant 1');
    const authors = redacted.findings.map((finding) => (finding.anonymous ? 'anonymous' : (finding.author ?? null)));
    expect(authors).toEqual([
      'Participant 1', // Priya
      'Participant 2', // Sam
      'Participant 3', // Alex
      'Participant 2', // Sam
      'Participant 1', // "priya "
      'Participant 4', // Jordan
      'Participant 1', // Priya
      null,
      'Participant 3', // Alex
      'Participant 4', // Jordan
      'anonymous',
      'anonymous',
      'anonymous',
    ]);
    expect(redacted.actions.map((action) => action.owner)).toEqual([
      'Participant 1',
      'Participant 2',
      'Participant 3',
      'Participant 4', // "jordan"
      '', // nobody owns it
    ]);
  });

  it('leaves no participant name in the Markdown or CSV and keeps everything else', () => {
    for (const text of [exportMarkdown(redacted), actionsCsv(redacted), JSON.stringify(redacted)]) {
      for (const name of SAMPLE_NAMES) expect(text.toLowerCase()).not.toContain(name.toLowerCase());
    }
    expect(redacted.timeline).toEqual(data.timeline);
    expect(redacted.narrative).toEqual(data.narrative);
    expect(redacted.findings.map((finding) => finding.text)).toEqual(data.findings.map((finding) => finding.text));
  });

  it('does not change its input, and gives anonymous findings no author', () => {
    expect(data.redacted).toBe(false);
    expect(data.review.closedBy).toBe('Priya');
    for (const finding of redacted.findings.filter((candidate) => candidate.anonymous)) {
      expect(finding).not.toHaveProperty('author');
    }
  });
});
