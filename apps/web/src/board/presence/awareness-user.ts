import type { AnonymityPolicy } from '@hindsight/review';
import type { PresenceUser } from '../../collab/presence';

/** What decides how the local person appears to others. */
export interface PresenceChoice {
  /**
   * The review's anonymity policy, or null while it is not known for sure (before the document
   * has synced with the server on this connection: a stale copy could still say "named").
   */
  policy: AnonymityPolicy | null;
  /** The display name chosen in this browser, or null when none was given. */
  name: string | null;
  color: string;
  /** This tab's pseudonym for the review (see pseudonym.ts). */
  pseudonym: PresenceUser;
}

/**
 * The `user` this client publishes in awareness, or null to publish none. While findings are
 * anonymous it is the pseudonym and nothing else: the chosen name is not in it, in any field.
 * Until the policy is known nothing is published, so a name never goes out to a review that
 * turned anonymous meanwhile; with a named policy, someone who has not chosen a name is not shown.
 */
export function selectAwarenessUser({ policy, name, color, pseudonym }: PresenceChoice): PresenceUser | null {
  if (policy === null) return null;
  if (policy === 'anonymous') return { name: pseudonym.name, color: pseudonym.color };
  return name ? { name, color } : null;
}
