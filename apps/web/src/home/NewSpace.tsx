import { useId, useState, type FormEvent } from 'react';
import { SPACE_NAME_MAX_LENGTH } from '@hindsight/protocol';
import { rememberMySpace, rememberSpaceLinks } from '../app/my-spaces';
import { appPath, navigate } from '../app/router';
import { useControlAction } from '../board/facilitation/use-control-action';
import { createSpace } from '../space/space-api';

/**
 * "Start a team space": a place for a team's reviews, where they are searched together, their
 * follow-ups tracked in one table and recurring weaknesses charted. The creator becomes its admin.
 */
export function NewSpace() {
  const id = useId();
  const [name, setName] = useState('');
  const { pending, message, run } = useControlAction();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(async () => {
      const created = await createSpace(name.trim());
      rememberSpaceLinks(created.id, created.links);
      rememberMySpace({ id: created.id, name: created.name, role: 'admin', token: created.tokens.admin });
      navigate(appPath(created.links.admin));
    });
  };

  return (
    <form className="card create-form" onSubmit={submit} aria-labelledby={`${id}-heading`} data-testid="new-space">
      <h2 id={`${id}-heading`}>Start a team space</h2>
      <div className="field">
        <label htmlFor={`${id}-name`} className="field-label">
          Team or service
        </label>
        <input
          id={`${id}-name`}
          required
          maxLength={SPACE_NAME_MAX_LENGTH}
          autoComplete="off"
          placeholder="e.g. Payments platform"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          data-testid="new-space-name"
        />
      </div>
      {message && (
        <p className="form-error" role="alert">
          {message.text}
        </p>
      )}
      <button type="submit" className="button button--secondary" disabled={pending} data-testid="new-space-create">
        {pending ? 'Creating…' : 'New team space'}
      </button>
      <p className="hint">
        Keep a team’s reviews together: search across them, track every follow-up and see which weaknesses keep coming
        back.
      </p>
    </form>
  );
}
