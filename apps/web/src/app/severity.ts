import type { Severity } from '@hindsight/review';

/** What each severity means, in the words the product uses. */
export const SEVERITY_DESCRIPTIONS: Record<Severity, string> = {
  SEV1: 'Critical, customer-facing outage',
  SEV2: 'Major, significant impact',
  SEV3: 'Moderate, limited impact',
  SEV4: 'Minor',
};
