import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';

/** What every board section receives. Sections read and write only through @hindsight/review. */
export interface SectionProps {
  doc: Y.Doc;
  /** The sync provider; its `awareness` carries presence (see collab/presence.ts). */
  provider: WebsocketProvider;
  /** False for viewers and once the connection has ended: render no edit controls at all. */
  canEdit: boolean;
}
