/** What a peer's `editing` target means, in words: 'finding:abc' → "editing a finding". */
export function describeEditing(target: string | null): string | null {
  if (!target) return null;
  const [kind, detail] = splitOnce(target);
  switch (kind) {
    case 'title':
      return 'editing the title';
    case 'finding':
      return 'editing a finding';
    case 'timeline':
      return 'editing a timeline event';
    case 'action':
      return 'editing an action item';
    case 'narrative':
      return detail ? `writing the ${NARRATIVE_WORDS[detail] ?? 'narrative'}` : 'writing the narrative';
    default:
      return 'editing';
  }
}

const NARRATIVE_WORDS: Record<string, string> = {
  summary: 'summary',
  impact: 'impact',
  detection: 'detection notes',
  resolution: 'resolution notes',
  lessons: 'lessons learned',
};

function splitOnce(target: string): [string, string | undefined] {
  const at = target.indexOf(':');
  return at < 0 ? [target, undefined] : [target.slice(0, at), target.slice(at + 1)];
}
