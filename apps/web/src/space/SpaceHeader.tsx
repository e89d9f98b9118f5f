import { count, formatDateLong } from '../report/format';
import { NewSpaceReview } from './NewSpaceReview';
import { SpaceInvite } from './SpaceInvite';
import type { SpaceResponse } from '@hindsight/protocol';

const ROLE_NAMES = { admin: 'Admin', member: 'Member (read-only)' } as const;

/**
 * The space's name and facts; for an admin, "New review" and the links to share. A member sees the
 * same page without either: the server refuses them anyway, the page just does not offer them.
 */
export function SpaceHeader({ space, token }: { space: SpaceResponse; token: string }) {
  const admin = space.role === 'admin';
  return (
    <section className="card space-head" aria-labelledby="space-name">
      <div className="space-head__main">
        <p className="space-head__kind">Team space</p>
        <h1 id="space-name" data-testid="space-name">
          {space.name}
        </h1>
        <dl className="space-head__facts">
          <div>
            <dt>Reviews</dt>
            <dd data-testid="space-review-count">{count(space.reviews.length, 'review')}</dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>
              <time dateTime={space.createdAt}>{formatDateLong(space.createdAt)}</time>
            </dd>
          </div>
          <div>
            <dt>Your access</dt>
            <dd data-testid="space-role" data-role={space.role}>
              {ROLE_NAMES[space.role]}
            </dd>
          </div>
        </dl>
        {!admin && (
          <p className="hint" data-testid="space-read-only">
            You can read this space and open its reviews read-only. Its admins create reviews and share links.
          </p>
        )}
      </div>
      {admin && (
        <div className="space-head__admin">
          <NewSpaceReview spaceId={space.id} token={token} />
          <SpaceInvite spaceId={space.id} token={token} />
        </div>
      )}
    </section>
  );
}
