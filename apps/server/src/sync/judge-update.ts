import type * as Y from 'yjs';
import type { RefusalReason } from '../metrics/metrics';
import { changesFrozenCandidates } from './frozen-candidates';
import { checkClientUpdate, type InsertionRule, type UpdateCheck } from './update-check';

/** What the room makes of a client update, before anything is stored (see judgeClientUpdate). */
export type Judgement =
  /** Store and apply `update`: what the client sent minus what the document had. */
  | {
      verdict: 'accept';
      update: Uint8Array;
      placedBetween: Extract<UpdateCheck, { ok: true }>['placedBetween'];
      /** Time the update check took. */
      checkMs: number;
    }
  /** It changes nothing: nothing to store. */
  | { verdict: 'empty' }
  /** It refers to content not here yet: it waits for it, unstored. */
  | { verdict: 'wait'; reason: string }
  /** Refused: `reason` is logged, the connection is closed (1007) with `closeReason`, and `counted` as a refusal. */
  | { verdict: 'refuse'; reason: string; closeReason: string; counted: RefusalReason };

export interface JudgeOptions {
  /** Root types only the server writes; a client update touching one is refused (1007). */
  serverOwnedRoots?: ReadonlySet<string>;
  /** What clients may insert where (the narrative's schema, see narrative-schema.ts); anything, without. */
  insertionRule?: InsertionRule;
  /** Checks each client update before it is stored; `checkClientUpdate` unless a test swaps it. */
  checkUpdate?: typeof checkClientUpdate;
}

/**
 * Judges a client update against the room's document: the update check (update-check.ts), then the
 * frozen root-cause candidates (frozen-candidates.ts). An update that would change the candidates
 * while voting has frozen them is refused like a write into a server-owned root: while the team
 * votes, the candidates are the server's (the vote and its ranking must cover one fixed set) until
 * voting is reset.
 */
export function judgeClientUpdate(doc: Y.Doc, update: Uint8Array, options: JudgeOptions): Judgement {
  const started = performance.now();
  const check = (options.checkUpdate ?? checkClientUpdate)(
    doc,
    update,
    options.serverOwnedRoots,
    options.insertionRule,
  );
  const checkMs = performance.now() - started;
  if (!check.ok) {
    return check.missing
      ? { verdict: 'wait', reason: check.reason }
      : { verdict: 'refuse', reason: check.reason, closeReason: 'invalid update', counted: 'invalid_update' };
  }
  if (check.empty) return { verdict: 'empty' };
  if (changesFrozenCandidates(doc, check.update, check.touched)) {
    return {
      verdict: 'refuse',
      reason: 'root-cause candidates are frozen',
      closeReason: 'candidates are frozen',
      counted: 'frozen_candidates',
    };
  }
  return { verdict: 'accept', update: check.update, placedBetween: check.placedBetween, checkMs };
}
