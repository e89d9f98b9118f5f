import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { actionsCsv } from './csv';
import { exportMarkdown } from './markdown';
import type { NarrativeNode } from './prosemirror';
import { redactExport } from './redact';
import { buildSampleReview, SAMPLE_NAMES } from '../testing/export-sample';
import { toExport, type ExportedFinding, type ReviewExportData } from './to-export';
import { mulberry32 } from '../testing/random';

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

  it('redacts the people in timeline sources and keeps the tools', () => {
    expect(redacted.timeline.map((event) => event.source)).toEqual([
      'deploy log',
      'pager · Participant 5', // "pager · Chen Li"
      'grafana | eu-west-1',
      'Participant 6', // "Ana Ruiz"
      '',
      'deploy log',
      '',
    ]);
  });

  it('replaces known names in free text with the same labels, also across marks', () => {
    expect(redacted.timeline[3]!.text).toBe('SEV2 declared; IC assigned to Participant 1'); // "priya"
    expect(redacted.narrative.resolution.text).toContain('Participant 6 rolled back cfg-2291'); // "Ana"
    expect(redacted.narrative.detection.text).toContain('; Participant 5 saw it by chance.'); // "**Chen** Li"
    const paragraph = redacted.narrative.detection.doc.content![2]!;
    expect(paragraph.content).toEqual([
      { type: 'text', text: 'Nothing watched pool usage or the payment error rate; ' },
      { type: 'text', text: 'Participant 5', marks: [{ type: 'bold' }] },
      { type: 'text', text: ' saw it by chance.' },
    ]);
  });

  it('leaves no participant name in the Markdown, JSON or CSV and keeps everything else', () => {
    for (const text of [exportMarkdown(redacted), actionsCsv(redacted), JSON.stringify(redacted)]) {
      for (const name of SAMPLE_NAMES) expect(containsName(text, name), name).toBe(false);
    }
    expect(redacted.timeline.map(({ at, kind }) => ({ at, kind }))).toEqual(
      data.timeline.map(({ at, kind }) => ({ at, kind })),
    );
    expect(redacted.narrative.summary).toEqual(data.narrative.summary);
    expect(redacted.findings.map((finding) => finding.text)).toEqual(data.findings.map((finding) => finding.text));
  });

  it('does not change its input, and gives anonymous findings no author', () => {
    expect(data.redacted).toBe(false);
    expect(data.review.closedBy).toBe('Priya');
    expect(data.timeline[1]!.source).toBe('pager · Chen Li');
    for (const finding of redacted.findings.filter((candidate) => candidate.anonymous)) {
      expect(finding).not.toHaveProperty('author');
    }
  });
});

/** An export of an empty review with these fields filled in. */
function review(fill: {
  title?: string;
  closedBy?: string;
  authors?: string[];
  owners?: string[];
  sources?: string[];
  texts?: string[];
}): ReviewExportData {
  const base = toExport(new Y.Doc(), { exportedAt: '2026-03-17T08:00:00.000Z' });
  const findings: ExportedFinding[] = [
    ...(fill.authors ?? []).map((author, index) => finding(index, 'x', author)),
    ...(fill.texts ?? []).map((text, index) => finding(100 + index, text)),
  ];
  return {
    ...base,
    review: { ...base.review, title: fill.title ?? 'Outage', closedBy: fill.closedBy ?? null },
    timeline: (fill.sources ?? []).map((source) => ({
      at: '2026-03-14T10:00:00Z',
      kind: 'other',
      text: 'x',
      source,
      learnedAt: null,
      context: null,
    })),
    findings,
    actions: (fill.owners ?? []).map((owner) => ({
      title: 'x',
      owner,
      due: '',
      status: 'open',
      priority: 'P2',
      type: 'process',
      findingRefs: [],
      rootCauseTargets: [],
      weakness: null,
      progress: '',
    })),
  };
}

function finding(index: number, text: string, author?: string): ExportedFinding {
  const base = {
    ref: `F${index + 1}`,
    category: 'went-wrong' as const,
    text,
    group: null,
    createdAt: '2026-03-16T14:00:00Z',
    weakness: null,
  };
  return author === undefined ? { ...base, anonymous: false } : { ...base, anonymous: false, author };
}

/** The redacted texts of findings written with these texts, given these names the review knows. */
function redactTexts(texts: string[], names: { authors?: string[]; knownNames?: string[] }): string[] {
  const redacted = redactExport(review({ ...names, texts }), { knownNames: names.knownNames });
  return redacted.findings.slice(names.authors?.length ?? 0).map((entry) => entry.text);
}

describe('redactExport: timeline sources', () => {
  const sources = (values: string[], authors: string[] = []) =>
    redactExport(review({ authors, sources: values })).timeline.map((event) => event.source);

  it('replaces the name part of a composite source and keeps the tool', () => {
    expect(
      sources(['pager · Chen Li', 'Ana Ruiz', 'Slack (Ana Ruiz)', 'pager Chen Li', 'Chen Li / PagerDuty']),
    ).toEqual([
      'pager · Participant 1',
      'Participant 2',
      'Slack (Participant 2)',
      'pager Participant 1',
      'Participant 1 / PagerDuty',
    ]);
  });

  it('keeps sources that name no person, and redacts a one-word source that is a known name', () => {
    expect(sources(['deploy log', 'grafana | eu-west-1', 'Grafana', 'EU West', 'chat', ''])).toEqual([
      'deploy log',
      'grafana | eu-west-1',
      'Grafana',
      'EU West',
      'chat',
      '',
    ]);
    expect(sources(['priya', 'pager · Priya'], ['Priya'])).toEqual(['Participant 1', 'pager · Participant 1']);
  });

  it('numbers source people after who closed it, the authors and the owners', () => {
    const redacted = redactExport(
      review({ closedBy: 'Dana Kim', authors: ['Chen Li'], owners: ['Lee Park'], sources: ['Ana Ruiz', 'chen li'] }),
    );
    expect(redacted.review.closedBy).toBe('Participant 1');
    expect(redacted.timeline.map((event) => event.source)).toEqual(['Participant 4', 'Participant 2']);
  });
});

describe('redactExport: names in free text', () => {
  it('replaces whole names in any case and spacing, on word boundaries only', () => {
    expect(
      redactTexts(['Ana Ruiz paged ANA  RUIZ and ana\nruiz', 'Anastasia Ruizova is someone else', 'sam and samba'], {
        authors: ['Ana Ruiz', 'Sam'],
      }),
    ).toEqual([
      'Participant 1 paged Participant 1 and Participant 1',
      'Anastasia Ruizova is someone else',
      'Participant 2 and samba',
    ]);
  });

  it('replaces a first or last name alone only when capitalised, three letters or more, and not shared', () => {
    const authors = ['Ana Ruiz', 'Rose Li', 'Ana Costa'];
    expect(
      redactTexts(['Ruiz and Rose spoke', 'a rose; ruiz', 'Li said', 'Ana said', 'Costa agreed'], { authors }),
    ).toEqual(['Participant 1 and Participant 2 spoke', 'a rose; ruiz', 'Li said', 'Ana said', 'Participant 3 agreed']);
  });

  it('prefers a whole name over the same word as part of another name', () => {
    expect(redactTexts(['Ana paged Ana Ruiz'], { authors: ['Ana Ruiz', 'Ana'] })).toEqual([
      'Participant 2 paged Participant 1',
    ]);
  });

  it('handles accents, other Unicode forms and characters special in regular expressions', () => {
    const authors = ['José Müller', 'Zoë O’Neil', 'A.J. Smith', 'Li (Ops)', 'Jean-Luc Picard', '李雷'];
    const decomposed = 'jose\u0301 mu\u0308ller'; // NFD, lower case
    expect(
      redactTexts(
        [
          `${decomposed} and JOSÉ MÜLLER`,
          'ask Zoë O’Neil, Müller or AxJx Smith',
          'A.J. Smith, then li (ops).',
          'Jean-Luc Picard and Picard',
          '李雷说好',
        ],
        { authors },
      ),
    ).toEqual([
      'Participant 1 and Participant 1',
      'ask Participant 2, Participant 1 or AxJx Participant 3',
      'Participant 3, then Participant 4.',
      'Participant 5 and Participant 5',
      'Participant 6说好',
    ]);
  });

  it('matches names passed as known (e.g. presence) whole only, and never rewrites the labels', () => {
    expect(
      redactTexts(['Quiet Otter was here; a quiet night; Otter', 'Participant 1 stays'], {
        authors: ['Participant 1', 'x'],
        knownNames: ['Quiet Otter'],
      }),
    ).toEqual(['Participant 3 was here; a quiet night; Otter', 'Participant 1 stays']);
  });

  it('redacts the title, group names, root causes and action titles', () => {
    const base = review({ title: 'Outage Ana Ruiz saw', authors: ['Ana Ruiz'] });
    const redacted = redactExport({
      ...base,
      groups: [{ ref: 'G1', name: 'Ana Ruiz', category: 'went-wrong', createdAt: '2026-03-16T14:00:00Z' }],
      rootCauses: [
        {
          target: { kind: 'group', ref: 'G1' },
          text: 'Ana Ruiz',
          promotedAt: '2026-03-16T14:00:00Z',
          votes: null,
          weakness: null,
          acceptedRisk: 'Ruiz says the vendor fixes it',
        },
      ],
      actions: [{ ...review({ owners: ['x'] }).actions[0]!, title: 'Pair with Ruiz' }],
    });
    expect(redacted.review.title).toBe('Outage Participant 1 saw');
    expect(redacted.groups[0]!.name).toBe('Participant 1');
    expect(redacted.rootCauses[0]!.text).toBe('Participant 1');
    expect(redacted.rootCauses[0]!.acceptedRisk).toBe('Participant 1 says the vendor fixes it');
    expect(redacted.actions[0]!.title).toBe('Pair with Participant 1');
  });
});

// ---- Property: random reviews, random names in random places ----

const NAME_POOL = [
  'Ana Ruiz',
  'Chen Li',
  'Priya',
  'Sam',
  'José Müller',
  'Zoë O’Neil',
  'Łukasz Wąs',
  'A.J. Smith',
  'Jean-Luc Picard',
  'María José García',
  'Søren Kierkegaard',
  'Li (Ops)',
  'Renée',
  'Bjørn Ødegård',
  'Dana Kim',
  'Oğuz Çelik',
];
const FILLER = [
  'the',
  'pool',
  'rollback',
  'alert',
  'fired',
  'at',
  'noon',
  'and',
  'paged',
  'config',
  '—',
  '(see',
  'log)',
];

/** Words of a text, lower case: a name is in a text when its words appear there in a row. */
function words(text: string): string[] {
  return (
    text
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}\p{M}]+/gu) ?? []
  );
}

function containsName(text: string, name: string): boolean {
  const haystack = words(text);
  const needle = words(name);
  return haystack.some((_, start) => needle.every((word, offset) => haystack[start + offset] === word));
}

describe('redactExport: property', () => {
  const seed = Number(process.env.REDACT_SEED ?? Date.now() % 2 ** 31);
  const runs = Number(process.env.REDACT_RUNS ?? 60);

  it(`leaves no known name in any format and gives equal names equal labels (seed ${seed})`, () => {
    console.log(`redact property seed: ${seed} (rerun with REDACT_SEED=${seed})`);
    const random = mulberry32(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const variant = (name: string) =>
      pick([name, name.toUpperCase(), name.toLowerCase(), ` ${name.replace(' ', '  ')} `, name.normalize('NFD')]);
    for (let run = 0; run < runs; run++) {
      const people = NAME_POOL.filter(() => random() < 0.4);
      if (people.length === 0) people.push(pick(NAME_POOL));
      // Each person is known to the review: from a person field, or only from presence.
      const presence = people.filter(() => random() < 0.3);
      const structured = people.filter((name) => !presence.includes(name));
      const fields: Record<'closedBy' | 'authors' | 'owners' | 'sources', string[]> = {
        closedBy: [],
        authors: [],
        owners: [],
        sources: [],
      };
      for (const name of [...structured, ...Array.from({ length: 4 }, () => pick(people))]) {
        if (!structured.includes(name)) continue;
        const field = pick(['closedBy', 'authors', 'owners', 'sources'] as const);
        if (field === 'closedBy' && fields.closedBy.length > 0) fields.authors.push(variant(name));
        else if (field === 'sources') {
          fields.sources.push(pick(['', 'pager · ', 'slack / ']) + name);
          // A source names a person by itself only in two or more capitalised words (see redactExport).
          if (!/^\p{Lu}\S* \p{Lu}/u.test(name)) fields.authors.push(name);
        } else fields[field].push(variant(name));
      }
      // Free text: filler with names in it, any case, followed by punctuation.
      const text = () => {
        const parts: string[] = [];
        const count = 1 + Math.floor(random() * 6);
        for (let i = 0; i < count; i++) {
          if (random() < 0.4) parts.push(variant(pick(people)).trim() + pick(['', ',', '.', '’s', ':', ')']));
          else parts.push(pick(FILLER));
        }
        return parts.join(pick([' ', '  ', '\n']));
      };
      // The narrative: a name half bold, between texts.
      const narrative = (): NarrativeNode => {
        const name = pick(people);
        const [first, ...rest] = name.split(' ');
        const content: NarrativeNode[] =
          rest.length > 0
            ? [
                { type: 'text', text: `${text()} ` },
                { type: 'text', text: first!, marks: [{ type: 'bold' }] },
                { type: 'text', text: ` ${rest.join(' ')} ${text()}` },
              ]
            : [{ type: 'text', text: `${text()} ${name}` }];
        return { type: 'doc', content: [{ type: 'paragraph', content }] };
      };
      const data = review({
        title: text(),
        closedBy: fields.closedBy[0],
        authors: fields.authors,
        owners: fields.owners,
        sources: fields.sources,
        texts: Array.from({ length: Math.floor(random() * 4) }, text),
      });
      data.narrative.summary = { text: text(), doc: narrative() };
      data.timeline = data.timeline.map((event) => ({ ...event, text: text() }));
      data.actions = data.actions.map((action) => ({ ...action, title: text() }));
      data.groups = [{ ref: 'G1', name: text(), category: 'lucky', createdAt: '2026-03-16T14:00:00Z' }];

      const redacted = redactExport(data, { knownNames: presence.map(variant) });
      const context = `seed ${seed}, run ${run}, people ${JSON.stringify(people)}`;
      for (const output of [exportMarkdown(redacted), JSON.stringify(redacted), actionsCsv(redacted)]) {
        for (const name of people)
          expect(containsName(output, name), `${name} left in an export; ${context}`).toBe(false);
      }

      // Equal names, equal labels: one label per person across every field, never one label for two people.
      const labelOf = new Map<string, string>();
      const personOf = new Map<string, string>();
      const record = (original: string, label: string) => {
        const key = original.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
        expect(label, context).toMatch(/^Participant \d+$/);
        expect(labelOf.get(key) ?? label, `${original} got two labels; ${context}`).toBe(label);
        expect(personOf.get(label) ?? key, `${label} names two people; ${context}`).toBe(key);
        labelOf.set(key, label);
        personOf.set(label, key);
      };
      if (data.review.closedBy !== null) record(data.review.closedBy, redacted.review.closedBy!);
      data.findings.forEach((entry, index) => {
        const after = redacted.findings[index]!;
        if (!entry.anonymous && entry.author !== undefined && !after.anonymous) record(entry.author, after.author!);
      });
      data.actions.forEach((action, index) => record(action.owner, redacted.actions[index]!.owner));
      const tool = /^(pager · |slack \/ )/;
      data.timeline.forEach((event, index) =>
        record(event.source.replace(tool, ''), redacted.timeline[index]!.source.replace(tool, '')),
      );
      // Free text carries the same labels: a title naming only one person shows that person's label.
      const named = people.filter((name) => containsName(data.review.title, name));
      const label = labelOf.get(named[0]?.toLowerCase() ?? '');
      if (named.length === 1 && label !== undefined) expect(redacted.review.title, context).toContain(label);
    }
  }, 60_000);
});
