package org.gridweave.core.protocol;

/**
 * Why the gateway refused a message. The {@link #name()} is the machine-readable reason code sent
 * on the {@code rejected} topic and stored in the dead-letter table; codes are never renamed within
 * protocol v1.
 */
public enum RejectReason {
  /** The payload is larger than the gateway accepts. */
  OVERSIZED_PAYLOAD,
  /** The payload is not well-formed JSON (or not a JSON object). */
  MALFORMED_JSON,
  /** The payload names a protocol major version this gateway does not speak. */
  UNSUPPORTED_VERSION,
  /** A required field is absent. */
  MISSING_FIELD,
  /** A field that protocol v1 does not define is present. */
  UNKNOWN_FIELD,
  /** The same field appears twice in one object. */
  DUPLICATE_FIELD,
  /** A field has the wrong JSON type (e.g. a string where a number belongs). */
  WRONG_TYPE,
  /** A number is NaN or infinite. */
  NON_FINITE_NUMBER,
  /** A power, energy or percentage is negative. */
  NEGATIVE_VALUE,
  /** A value lies outside its physical range (e.g. state of charge above 100 %). */
  OUT_OF_RANGE,
  /** A meter or site id is not a valid id. */
  INVALID_ID,
  /** A timestamp is not an ISO-8601 instant with an offset, or has sub-millisecond digits. */
  BAD_TIMESTAMP,
  /** A message holds no samples, or more than the protocol allows. */
  BAD_SAMPLE_COUNT,
  /** Sample timestamps inside a message are not strictly increasing. */
  SAMPLES_OUT_OF_ORDER,
  /** An energy counter is lower than an earlier reading of the same meter. */
  COUNTER_BACKWARDS,
  /** A timestamp lies further in the future than the allowed clock skew. */
  TIMESTAMP_IN_FUTURE,
  /** A timestamp is older than the oldest reading the gateway still accepts. */
  TIMESTAMP_TOO_OLD,
  /** The meter is not registered. */
  UNKNOWN_METER,
  /** The meter's registration was revoked. */
  REVOKED_METER,
  /** The signature is missing, malformed, or not valid for the meter's registered key. */
  BAD_SIGNATURE,
  /** The topic names another meter or site than the payload. */
  TOPIC_MISMATCH,
  /** The message's site is not the site the meter is registered at. */
  SITE_MISMATCH,
  /** The topic is not a GridWeave v1 telemetry or backfill topic. */
  INVALID_TOPIC,
  /** The (meter, sequence) pair was already accepted; this copy was ignored. */
  REPLAYED_SEQUENCE,
  /** The sequence number is negative or too large. */
  BAD_SEQUENCE
}
