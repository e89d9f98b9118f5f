import { WEAKNESS_LABELS, WEAKNESSES, type Weakness } from '@hindsight/review';
import { EnumSelect } from '../ui/EnumSelect';

const OPTIONS = ['', ...WEAKNESSES] as const;
const LABELS: Record<Weakness | '', string> = { '': 'No weakness', ...WEAKNESS_LABELS };

/** The systemic-weakness select of a finding, root cause or action ('' for none). */
export function WeaknessSelect({
  id,
  value,
  onChange,
  testId = 'weakness-select',
}: {
  id: string;
  value: Weakness | undefined;
  onChange(weakness: Weakness | null): void;
  testId?: string;
}) {
  return (
    <EnumSelect
      id={id}
      testId={testId}
      className="weakness-select"
      value={value ?? ''}
      options={OPTIONS}
      labels={LABELS}
      onChange={(next) => onChange(next === '' ? null : next)}
    />
  );
}
