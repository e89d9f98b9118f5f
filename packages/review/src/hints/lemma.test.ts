import { expect, it } from 'vitest';
import { baseForm } from './lemma';

it('turns past participles into base forms for suggestions', () => {
  const cases: Record<string, string> = {
    paged: 'page',
    noticed: 'notice',
    escalated: 'escalate',
    checked: 'check',
    waited: 'wait',
    pinged: 'ping',
    renewed: 'renew',
    skipped: 'skip',
    tested: 'test',
    caught: 'catch',
    known: 'know',
    said: 'say',
    rolled: 'roll',
    removed: 'remove',
    deployed: 'deploy',
    monitored: 'monitor',
    merged: 'merge',
    drained: 'drain',
    copied: 'copy',
    opened: 'open',
    added: 'add',
  };
  for (const [participle, base] of Object.entries(cases)) expect(baseForm(participle), participle).toBe(base);
});
