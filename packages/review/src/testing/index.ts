// `@hindsight/review/testing`: sample reviews, fixtures, replicas and a seeded PRNG for tests, golden files and demos. The apps never import
// this entry point (the lint config forbids it outside tests), so none of it ships with them.
export { fillSampleIncident } from './sample-incident';
export type { SampleIncident, SampleIncidentOptions } from './sample-incident';
export { buildSampleReview, HOSTILE_FINDING, SAMPLE_NAMES } from './export-sample';
export { newReview, replicaOf, syncAll } from './docs';
export { fixturePath, readFixture } from './fixtures';
export { mulberry32 } from './random';
