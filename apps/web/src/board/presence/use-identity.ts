import { useCallback, useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { loadIdentity, saveIdentity } from '../../collab/identity';
import { setLocalUser, type PresenceUser } from '../../collab/presence';

export interface LocalIdentity {
  /** Name and colour; the name is null until chosen on first join. */
  name: string | null;
  color: string;
  /** Sets (and remembers, unless `remember` is false) the name and colour. */
  choose: (user: PresenceUser, remember?: boolean) => void;
}

/** The local person's name and colour, remembered in this browser and published as presence. */
export function useLocalIdentity(awareness: Awareness | null): LocalIdentity {
  const [identity, setIdentity] = useState(loadIdentity);

  useEffect(() => {
    if (identity.name) setLocalUser(awareness, { name: identity.name, color: identity.color });
  }, [awareness, identity]);

  const choose = useCallback((user: PresenceUser, remember = true) => {
    if (remember) saveIdentity(user);
    setIdentity({ name: user.name, color: user.color });
  }, []);

  return { ...identity, choose };
}
