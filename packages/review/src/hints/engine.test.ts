import { describe, expect, it } from 'vitest';
import { blamelessHints, extendHintRules } from './engine';
import { DEFAULT_HINT_RULES, HINT_MESSAGES } from './rules';
import type { BlamelessHint } from './types';

function spans(text: string): string[] {
  return blamelessHints(text).map((h) => text.slice(h.start, h.end));
}

function applySuggestion(text: string, hint: BlamelessHint): string {
  return text.slice(0, hint.start) + hint.suggestion + text.slice(hint.end);
}

describe('blamelessHints', () => {
  it('marks a person who forgot to, with a systemic rewording of exactly that span', () => {
    const text = 'At 09:30 Kofi forgot to remove the debug flag.';
    const [hint, ...rest] = blamelessHints(text);
    expect(rest).toEqual([]);
    expect(hint).toMatchObject({ kind: 'failed-to', message: HINT_MESSAGES['failed-to'] });
    expect(text.slice(hint!.start, hint!.end)).toBe('Kofi forgot to');
    expect(applySuggestion(text, hint!)).toBe(
      'At 09:30 nothing in the process prompted anyone to remove the debug flag.',
    );
  });

  it('lets a system fail to do something', () => {
    expect(spans('The health check failed to detect the stale cache.')).toEqual([]);
    expect(spans('The failover script failed to promote the replica.')).toEqual([]);
    expect(spans('The Kubernetes operator failed to reconcile the StatefulSet.')).toEqual([]);
  });

  it('tells a person from a system by role words, names and pronouns', () => {
    expect(spans('The operator failed to drain the node.')).toEqual(['The operator failed to']);
    expect(spans('The SRE on shift failed to escalate.')).toEqual(['The SRE on shift failed to']);
    expect(spans('She forgot to renew the cert.')).toEqual(['She forgot to']);
    expect(spans('Alerting ignored 5xx responses.')).toEqual([]);
    expect(spans('The on-call ignored three pages.')).toEqual(['The on-call ignored']);
  });

  it('tells a product from a name: known products, inner capitals, technical endings', () => {
    expect(spans('Vault failed to unseal after the node restart.')).toEqual([]);
    expect(spans('GitHub Actions failed to start runners.')).toEqual([]);
    expect(spans('Elasticsearch broke under the reindex load.')).toEqual([]);
    expect(spans("Stripe's webhook change broke our confirmations.")).toEqual([]);
    expect(spans('Emily failed to escalate the page.')).toEqual(['Emily failed to']);
    expect(spans('Dave from Stripe forgot to update the docs.')).toEqual(['Dave from Stripe forgot to']);
  });

  it('lets a person act as a factual actor', () => {
    expect(spans("Tariq's deploy went out at 16:55 as scheduled.")).toEqual([]);
    expect(spans('Ravi took the replica down to rebuild it.')).toEqual([]);
    expect(spans('Lena could have used a dry-run flag if the tool had one.')).toEqual([]);
    expect(spans('If the alert had named the endpoint, the responders could have gone straight to it.')).toEqual([]);
    expect(spans('Jonah, who should have checked first, restarted the pods.')).toEqual(['should have checked']);
    expect(spans("Root cause: Dave's Terraform apply deleted the prod security group.")).toEqual(["Dave's"]);
    expect(spans('Dave restarted the api pods at 10:42 and error rates dropped.')).toEqual([]);
    expect(spans('Amara failed over the primary database to us-west-2 at 02:40.')).toEqual([]);
  });

  it('passes expectations and proposals, flags hindsight', () => {
    expect(spans('The deploy should finish in 5 minutes.')).toEqual([]);
    expect(spans('We could add replicas in us-east-1.')).toEqual([]);
    expect(spans('Anyone could have made this mistake.')).toEqual([]);
    expect(spans('Anyone would have done the same with that dashboard.')).toEqual([]);
    expect(spans('A careful engineer would have tested this first.')).toEqual(['A careful engineer would have tested']);
    expect(spans('Leon is responsible for the payments service.')).toEqual([]);
    expect(spans('Leon is responsible for this outage.')).toEqual(['Leon is responsible for this outage']);
    expect(spans('Ana should never have been on call alone for a launch this size.')).toEqual([]);
    // Beliefs at the time are context, not an omission.
    expect(spans("Dave didn't think the alert was real: it had fired falsely all week.")).toEqual([]);
    expect(spans('Chen should have paged the DBA at 02:10.')).toEqual(['Chen should have paged']);
    const text = 'Chen should have paged the DBA at 02:10.';
    expect(applySuggestion(text, blamelessHints(text)[0]!)).toBe(
      'Nothing at the time prompted anyone to page the DBA at 02:10.',
    );
  });

  it('rewords a counterfactual about a person into one about the process', () => {
    const text = 'If only Dave had run the dry-run first, none of this would have happened.';
    const hints = blamelessHints(text);
    expect(hints.map((h) => h.kind)).toEqual(['counterfactual', 'counterfactual']);
    expect(applySuggestion(text, hints[0]!)).toMatch(/^If the process had required someone to run the dry-run first/);
    expect(spans('If only one AZ is healthy, the load balancer sends it everything.')).toEqual([]);
  });

  it('flags judgemental words but not their technical uses', () => {
    expect(spans('Lazy copy-paste from the staging config.')).toEqual(['Lazy']);
    expect(spans('Lazy loading of the config meant the bad value was read late.')).toEqual([]);
    expect(spans('Customer impact was negligible.')).toEqual([]);
  });

  it('ignores quoted text such as an error message', () => {
    expect(spans("The login page showed 'user error: session invalid' to every visitor.")).toEqual([]);
    expect(spans('Root cause: human error.')).toEqual(['human error']);
  });

  it('returns non-overlapping hints in text order, with offsets across sentences', () => {
    const text = 'Fine. Obviously Dave broke prod. Also sloppy.';
    const hints = blamelessHints(text);
    expect(hints.map((h) => text.slice(h.start, h.end))).toEqual(['Obviously', 'Dave broke', 'sloppy']);
    for (let i = 1; i < hints.length; i += 1) expect(hints[i]!.start).toBeGreaterThanOrEqual(hints[i - 1]!.end);
  });

  it('takes a team’s own words as data', () => {
    const text = 'Bob was slapdash with the rollout.';
    expect(spans(text)).toEqual([]);
    const teamRules = extendHintRules(DEFAULT_HINT_RULES, {
      lexicon: { judgements: [{ word: 'slapdash', replacement: 'hurried' }] },
    });
    expect(blamelessHints(text, teamRules).map((h) => [text.slice(h.start, h.end), h.suggestion])).toEqual([
      ['slapdash', 'hurried'],
    ]);
    // A team's role word makes its people subjects.
    const roles = extendHintRules(DEFAULT_HINT_RULES, { lexicon: { people: ['Firefighter'] } });
    expect(blamelessHints('The firefighter forgot to page the DBA.', roles)).toHaveLength(1);
    expect(blamelessHints('The firefighter forgot to page the DBA.')).toHaveLength(0);
    // A team's service name makes its subject a system; a team's pattern runs after ours.
    expect(spans('Hermes failed to page the DBA.')).toEqual(['Hermes failed to']);
    const ours = extendHintRules(DEFAULT_HINT_RULES, {
      lexicon: { systems: ['hermes'] },
      rules: [{ id: 'team-yolo', kind: 'judgement', pattern: '\\byolo\\b', suggestion: 'unreviewed' }],
    });
    expect(blamelessHints('Hermes failed to page the DBA.', ours)).toEqual([]);
    expect(blamelessHints('A yolo deploy.', ours).map((h) => [h.ruleId, h.suggestion])).toEqual([
      ['team-yolo', 'unreviewed'],
    ]);
  });

  it('names the rule of a bad pattern', () => {
    const broken = extendHintRules(DEFAULT_HINT_RULES, {
      rules: [{ id: 'team-broken', kind: 'judgement', pattern: '(', suggestion: '' }],
    });
    expect(() => blamelessHints('x', broken)).toThrow(/team-broken/);
  });
});
