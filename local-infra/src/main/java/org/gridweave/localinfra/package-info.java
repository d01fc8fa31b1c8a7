/**
 * Loopback-only starters for the real infrastructure GridWeave talks to: a Mosquitto broker process
 * ({@link org.gridweave.localinfra.broker}) and an embedded PostgreSQL ({@link
 * org.gridweave.localinfra.database}). {@code devstack} runs them for the demo, the benchmarks and
 * the end-to-end tests; the services' tests start them from their Quarkus test resources.
 *
 * <p>Everything here binds to {@code 127.0.0.1} only and is plain Java (no Quarkus, no JUnit).
 */
package org.gridweave.localinfra;
