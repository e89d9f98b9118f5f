import type * as Y from 'yjs';
import { WEAKNESSES, type Weakness } from './schema';
import { checkEnum } from './validate';

/**
 * The systemic-weakness field shared by findings, root causes and actions: stored as a plain string
 * under `weakness`, last writer wins, key absent when unset.
 */

/** The stored weakness, or undefined when unset or not in the taxonomy (a forged or retired value). */
export function readWeakness(map: Y.Map<unknown>): Weakness | undefined {
  const value: unknown = map.get('weakness');
  return typeof value === 'string' && (WEAKNESSES as readonly string[]).includes(value)
    ? (value as Weakness)
    : undefined;
}

/** Checks a weakness input: one of WEAKNESSES, or null to clear it. */
export function checkWeakness(value: unknown): Weakness | null {
  return value === null ? null : checkEnum('weakness', value, WEAKNESSES);
}

/** Writes a checked weakness (null deletes the key); writes nothing when it is already so. */
export function writeWeakness(map: Y.Map<unknown>, weakness: Weakness | null): void {
  if (weakness === null) {
    if (map.has('weakness')) map.delete('weakness');
  } else if (map.get('weakness') !== weakness) map.set('weakness', weakness);
}
