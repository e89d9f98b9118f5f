interface EnumSelectProps<T extends string> {
  id: string;
  value: T;
  /** The choices, in order. */
  options: readonly T[];
  /** What each choice is called; a choice without a label shows its value (e.g. an owner's name). */
  labels: Readonly<Partial<Record<T, string>>>;
  onChange(value: T): void;
  testId?: string;
  className?: string;
  title?: string;
  'aria-describedby'?: string;
}

/** A native <select> over a fixed set of string values, labelled by the caller's <label htmlFor={id}>. */
export function EnumSelect<T extends string>({
  id,
  value,
  options,
  labels,
  onChange,
  testId,
  className,
  title,
  'aria-describedby': describedBy,
}: EnumSelectProps<T>) {
  return (
    <select
      id={id}
      data-testid={testId}
      className={className}
      value={value}
      title={title}
      aria-describedby={describedBy}
      onChange={(event) => onChange(event.currentTarget.value as T)}
    >
      {options.map((option) => (
        <option key={option} value={option}>
          {(Object.hasOwn(labels, option) && labels[option]) || option}
        </option>
      ))}
    </select>
  );
}
