import { useCallback, useState } from 'react';
import { loadIdentity, saveIdentity } from '../../collab/identity';
import type { PresenceUser } from '../../collab/presence';

export interface LocalIdentity {
  /** Name and colour; the name is null until chosen on first join. */
  name: string | null;
  color: string;
  /** Sets (and remembers, unless `remember` is false) the name and colour. */
  choose: (user: PresenceUser, remember?: boolean) => void;
}

/**
 * The local person's chosen name and colour, remembered in this browser. What others see is
 * decided from it and the review's policy (see awareness-user.ts and BoardPresence).
 */
export function useLocalIdentity(): LocalIdentity {
  const [identity, setIdentity] = useState(loadIdentity);

  const choose = useCallback((user: PresenceUser, remember = true) => {
    if (remember) saveIdentity(user);
    setIdentity({ name: user.name, color: user.color });
  }, []);

  return { ...identity, choose };
}
