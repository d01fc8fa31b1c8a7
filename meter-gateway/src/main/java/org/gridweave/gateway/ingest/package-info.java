/**
 * The ingest core: validation, counter checks, batching and settle-after-commit. Plain Java: no
 * framework types, so simulations and benchmarks run exactly this code.
 */
package org.gridweave.gateway.ingest;
