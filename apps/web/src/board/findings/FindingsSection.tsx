import type { SectionProps } from '../section';

/** Placeholder until this section is built. */
export function FindingsSection(_props: SectionProps) {
  return (
    <section className="card" aria-label="Findings">
      <h2>Findings</h2>
    </section>
  );
}
