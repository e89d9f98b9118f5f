import { useId } from 'react';
import { Link } from '../app/Link';
import { forgetMySpace, spaceHref, useMySpaces } from '../app/my-spaces';

const ROLE_NAMES = { admin: 'Admin', member: 'Member' } as const;

/** The team spaces this browser created or opened, most recent first, each opened with the strongest link it has had. */
export function MySpaces() {
  const spaces = useMySpaces();
  const headingId = useId();
  if (spaces.length === 0) return null;
  return (
    <section className="card my-reviews" aria-labelledby={headingId} data-testid="my-spaces">
      <div className="my-reviews__head">
        <div>
          <h2 id={headingId}>My team spaces</h2>
          <p className="hint">Team spaces you created or opened in this browser.</p>
        </div>
      </div>
      <ul className="my-reviews__list">
        {spaces.map((space) => (
          <li key={space.id} className="my-review" data-testid="my-space" data-space-id={space.id}>
            <div className="my-review__main">
              <Link to={spaceHref(space)} className="my-review__title" data-testid="my-space-name">
                {space.name}
              </Link>
              <p className="my-review__facts">
                <span>{ROLE_NAMES[space.role]}</span>
              </p>
            </div>
            <button
              type="button"
              className="button button--small button--ghost"
              onClick={() => forgetMySpace(space.id)}
              aria-label={`Forget “${space.name}”`}
              title="Remove from this list (the space itself is not deleted)"
            >
              Forget
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
