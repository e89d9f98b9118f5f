/** Review ids: 22 url-safe base64 characters (128 random bits) when minted here. */
export const REVIEW_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** True for a string that may be used as a review id (checked before any storage access). */
export function isReviewId(value: unknown): value is string {
  return typeof value === 'string' && REVIEW_ID_PATTERN.test(value);
}

/** Capability tokens: "hs_" + 43 url-safe base64 characters (256 random bits). */
export const TOKEN_PATTERN = /^hs_[A-Za-z0-9_-]{43}$/;

/** True for a string shaped like a capability token; says nothing about its validity. */
export function isTokenShaped(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_PATTERN.test(value);
}

/** Participant tokens: "hp_" + 43 url-safe base64 characters; they identify a person, not a role. */
export const PARTICIPANT_TOKEN_PATTERN = /^hp_[A-Za-z0-9_-]{43}$/;

/** True for a string shaped like a participant token. */
export function isParticipantTokenShaped(value: unknown): value is string {
  return typeof value === 'string' && PARTICIPANT_TOKEN_PATTERN.test(value);
}
