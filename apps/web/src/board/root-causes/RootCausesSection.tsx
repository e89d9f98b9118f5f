import type { SectionProps } from '../section';

/** Placeholder until this section is built. */
export function RootCausesSection(_props: SectionProps) {
  return (
    <section className="card" aria-label="Root causes">
      <h2>Root causes</h2>
    </section>
  );
}
