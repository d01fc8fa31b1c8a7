/**
 * Loopback-only development infrastructure for {@code ./gridweave demo}, the benchmarks and the
 * end-to-end fault tests: a real Mosquitto broker ({@link org.gridweave.localinfra.broker}), a real
 * PostgreSQL ({@link org.gridweave.localinfra.database}), both from {@code local-infra}, and
 * service JVMs ({@link org.gridweave.devstack.process}), held together by {@link
 * org.gridweave.devstack.Stack}.
 *
 * <p>Everything here binds to {@code 127.0.0.1} only and is plain Java (no Quarkus).
 */
package org.gridweave.devstack;
