/**
 * Probable duplicates in a timeline import. A team that imports its hand-kept CSV, the incident
 * channel's chat export and the pager log gets the same happening two or three times ("alert fires",
 * "[FIRING] ...", "Triggered through the API: ..."), worded differently and a few seconds apart. This
 * module finds them so the preview can leave them unchecked; it is pure and never decides alone: the
 * person importing sees why a row was marked and can include it anyway.
 *
 * Two events are the same happening when
 * - both carry the same source id (a pager log entry id, a chat message ts: `ImportedEvent.sourceId`), or
 * - they are at most `DUPLICATE_WINDOW_MS` (60 s) apart and their words are similar (`wordSimilarity`).
 *
 * Why 60 s: hand-kept timelines are written to the minute ("10:15") for a message the chat stamps
 * 10:15:59 or 10:16:00, and pager and chat clocks differ by seconds. A wider window starts pairing a
 * happening with its follow-up ("rollback started", "rollback completes" minutes later) whenever
 * they share words; the sample incident has near-identical wording 34 minutes apart (the config push
 * at 09:41 and its diagnosis at 10:15), which must stay two events.
 */

/** What the duplicate check needs of an event already on the timeline or of an import row. */
export interface DuplicateCandidate {
  /** ISO 8601 UTC. */
  at: string;
  text: string;
  /** Who or where it came from ('pager · Ana Ruiz', 'Chen Li', 'status page'); its words are not the happening's. */
  source?: string;
  /** A stable id from the original system, prefixed by it (`pager:R1A`, `chat:1773482415.000200`). */
  sourceId?: string;
}

/** Why a row is a probable duplicate, and of what. */
export interface ProbableDuplicate {
  /** An event already on the timeline (index into `existing`) or an earlier row of the same import. */
  of: { in: 'existing' | 'import'; index: number };
  reason: 'same-source-id' | 'same-time-similar-words';
  /** Seconds between the two (absolute, rounded). */
  secondsApart: number;
  /** `wordSimilarity` of the two texts (1 for a same-source-id match). */
  similarity: number;
}

/** Events further apart than this are never duplicates by their words (see the module comment). */
export const DUPLICATE_WINDOW_MS = 60_000;
/** The least `wordSimilarity` of two duplicates. */
export const DUPLICATE_SIMILARITY = 0.5;

/**
 * For each row (in the order given, normally the preview's time order), the event already on the
 * timeline or the earlier row of the same import it probably repeats, or null. A match with an
 * existing event is preferred over one with another row; among several, a same-source-id match, then
 * the most similar, then the nearest in time wins.
 */
export function findProbableDuplicates(
  existing: readonly DuplicateCandidate[],
  rows: readonly DuplicateCandidate[],
): Array<ProbableDuplicate | null> {
  const known = indexed(existing.map(prepare));
  const imported = indexed(rows.map(prepare));
  return imported.events.map((row, rowIndex) => {
    const best = (pool: Indexed, place: 'existing' | 'import', end: number) => {
      let found: ProbableDuplicate | null = null;
      for (const index of pool.near(row, end)) {
        const match = compare(row, pool.events[index]!);
        if (match && (found === null || better(match, found, index, found.of.index))) {
          found = { of: { in: place, index }, ...match };
        }
      }
      return found;
    };
    return best(known, 'existing', existing.length) ?? best(imported, 'import', rowIndex);
  });
}

function prepare(event: DuplicateCandidate): Prepared {
  return { ms: Date.parse(event.at), words: significantWords(event.text, event.source), sourceId: event.sourceId };
}

interface Indexed {
  events: Prepared[];
  /** Indices below `end` of the events that can match `row`: the same source id, or within the window. */
  near(row: Prepared, end: number): number[];
}

/** Events with a time index and a source-id index, so a large import is not compared pair by pair. */
function indexed(events: Prepared[]): Indexed {
  const byTime = events.map((_, index) => index).filter((index) => Number.isFinite(events[index]!.ms));
  byTime.sort((a, b) => events[a]!.ms - events[b]!.ms || a - b);
  const bySourceId = new Map<string, number[]>();
  events.forEach((event, index) => {
    if (event.sourceId === undefined) return;
    const list = bySourceId.get(event.sourceId) ?? [];
    list.push(index);
    bySourceId.set(event.sourceId, list);
  });
  return {
    events,
    near(row, end) {
      const found = new Set<number>();
      for (const index of row.sourceId === undefined ? [] : (bySourceId.get(row.sourceId) ?? [])) {
        if (index < end) found.add(index);
      }
      if (Number.isFinite(row.ms)) {
        // first event at or after row.ms - window
        let low = 0;
        let high = byTime.length;
        while (low < high) {
          const middle = (low + high) >>> 1;
          if (events[byTime[middle]!]!.ms < row.ms - DUPLICATE_WINDOW_MS) low = middle + 1;
          else high = middle;
        }
        for (let i = low; i < byTime.length && events[byTime[i]!]!.ms <= row.ms + DUPLICATE_WINDOW_MS; i++) {
          if (byTime[i]! < end) found.add(byTime[i]!);
        }
      }
      return [...found];
    },
  };
}

type Prepared = { ms: number; words: Set<string>; sourceId: string | undefined };

function compare(a: Prepared, b: Prepared): Omit<ProbableDuplicate, 'of'> | null {
  const secondsApart = Number.isFinite(a.ms) && Number.isFinite(b.ms) ? Math.round(Math.abs(a.ms - b.ms) / 1000) : NaN;
  if (a.sourceId !== undefined && a.sourceId === b.sourceId) {
    return { reason: 'same-source-id', secondsApart, similarity: 1 };
  }
  if (!(Math.abs(a.ms - b.ms) <= DUPLICATE_WINDOW_MS)) return null;
  const similarity = setSimilarity(a.words, b.words);
  if (similarity < DUPLICATE_SIMILARITY) return null;
  return { reason: 'same-time-similar-words', secondsApart, similarity };
}

/** Whether match `a` (with event `indexA`) beats `b` (with `indexB`); the earlier event breaks a full tie. */
function better(
  a: Omit<ProbableDuplicate, 'of'>,
  b: Omit<ProbableDuplicate, 'of'>,
  indexA: number,
  indexB: number,
): boolean {
  if (a.reason !== b.reason) return a.reason === 'same-source-id';
  if (a.similarity !== b.similarity) return a.similarity > b.similarity;
  if (a.secondsApart !== b.secondsApart) return a.secondsApart < b.secondsApart;
  return indexA < indexB;
}

/**
 * How alike two event texts are, from 0 to 1: the overlap coefficient |A ∩ B| / min(|A|, |B|) of their
 * significant words (`significantWords`), and 0 when they share fewer than two words unless the
 * shorter has only one. The overlap coefficient, not Jaccard or Dice, because the same happening is
 * often a short hand-written line ("SEV2 declared; IC assigned") beside a long chat message that says
 * more ("I'm IC. Declaring SEV2: customers cannot complete checkout in EU..."): Jaccard is 0.2 there,
 * the overlap 0.75. The two-word floor keeps "Alert fired" and "Alert acknowledged" apart.
 * `source` (the event's source) is left out of the words: see `significantWords`.
 */
export function wordSimilarity(a: string, b: string, sourceA?: string, sourceB?: string): number {
  return setSimilarity(significantWords(a, sourceA), significantWords(b, sourceB));
}

function setSimilarity(a: Set<string>, b: Set<string>): number {
  const smaller = Math.min(a.size, b.size);
  if (smaller === 0) return 0;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  if (shared < Math.min(2, smaller)) return 0;
  return shared / smaller;
}

// Function words, and the kind names a message may start with ("decision: roll back"): the kind is
// its own field, and these words say nothing about which happening it is.
const STOP_WORDS = new Set(
  (
    'a an the and or but of to in on at for by with from into onto over about after before as is are was were be ' +
    "been being am it its this that these those there here we i im i'm me my our us you your they them he she his " +
    'her has have had will would can could should shall may might do does did done so too also just now then than ' +
    'rather instead via per what which who when while all any some up out off still again very please let lets ' +
    'through during until since within without between across ' +
    'detection action decision communication impact note other'
  ).split(' '),
);

// Abbreviations a chat uses for the words a log or a hand-kept timeline spells out.
const ABBREVIATIONS: Record<string, string> = {
  ack: 'acknowledge',
  acked: 'acknowledged',
  ackd: 'acknowledged',
  cfg: 'config',
  conf: 'config',
  db: 'database',
  prod: 'production',
  msg: 'message',
  pls: 'please',
};

/**
 * The words that tell which happening a text is about: lower case, accents dropped, punctuation
 * dropped except inside a token (`checkout-api`, `60/200`, `eu-west-1` stay one word), thousands
 * separators joined (`1,873`), stop words removed and so are the names in `source` (its capitalised
 * words: 'Ana Ruiz' in 'pager · Ana Ruiz', not 'checkout-api' or 'status page'), because who did it is
 * the source's, and a name shared by unrelated events ("Notified Ana Ruiz", "Acknowledged by Ana
 * Ruiz") must not make them alike; common abbreviations spelled out and simple suffixes cut
 * (declared / declaring / declare → declar; webhooks → webhook).
 */
export function significantWords(text: string, source = ''): Set<string> {
  const sourceWords = new Set(tokens(nameWords(source)));
  const words = new Set<string>();
  for (const token of tokens(text)) {
    if (STOP_WORDS.has(token) || sourceWords.has(token)) continue;
    words.add(stem(ABBREVIATIONS[token] ?? token));
  }
  return words;
}

/** The capitalised words of a source (people's names), joined by spaces. */
function nameWords(source: string): string {
  return source.match(/\p{Lu}[\p{L}\p{N}'’-]*/gu)?.join(' ') ?? '';
}

function tokens(text: string): string[] {
  const plain = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/(\d),(?=\d{3}\b)/g, '$1');
  return plain.match(/[\p{L}\p{N}]+(?:['’\-/._][\p{L}\p{N}]+)*/gu)?.map((token) => token.replace(/’/g, "'")) ?? [];
}

function stem(word: string): string {
  if (/\d/.test(word) || /[-/._]/.test(word)) return word;
  let stemmed = word;
  if (stemmed.length > 5 && stemmed.endsWith('ing')) stemmed = stemmed.slice(0, -3);
  else if (stemmed.length > 4 && stemmed.endsWith('ied')) stemmed = `${stemmed.slice(0, -3)}y`;
  else if (stemmed.length > 4 && stemmed.endsWith('ed')) stemmed = stemmed.slice(0, -2);
  else if (stemmed.length > 4 && stemmed.endsWith('ies')) stemmed = `${stemmed.slice(0, -3)}y`;
  else if (stemmed.length > 4 && stemmed.endsWith('es')) stemmed = stemmed.slice(0, -2);
  else if (stemmed.length > 3 && stemmed.endsWith('s') && !stemmed.endsWith('ss')) stemmed = stemmed.slice(0, -1);
  // dropping / dropped → drop, but rolled → roll
  if (stemmed !== word && /([b-df-hj-kmnp-rtv-z])\1$/.test(stemmed)) stemmed = stemmed.slice(0, -1);
  if (stemmed.length > 3 && stemmed.endsWith('e')) stemmed = stemmed.slice(0, -1);
  return stemmed;
}
