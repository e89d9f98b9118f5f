/** One line of a finding's text for a chip or a list; '(empty note)' when blank. */
export function findingSummary(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line === '') return '(empty note)';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
