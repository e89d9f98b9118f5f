import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { Role } from '@hindsight/protocol';

/** Who this tab is on the review: what the API calls (votes, anonymous findings) need. */
export interface BoardSession {
  reviewId: string;
  /** This tab's link token (facilitator, edit or view). */
  token: string;
  role: Role;
}

/** What every board section receives. Sections read and write only through @hindsight/review. */
export interface SectionProps {
  doc: Y.Doc;
  /** The sync provider; its `awareness` carries presence (see collab/presence.ts). */
  provider: WebsocketProvider;
  /** False for viewers and once the connection has ended: render no edit controls at all. */
  canEdit: boolean;
  /**
   * True where only the action items' follow-through fields (status, owner, due date, progress)
   * stay editable: a follow-up link, or the facilitator once the review is closed (the server takes
   * nothing else from them).
   */
  canFollowUp: boolean;
  session: BoardSession;
}
