package org.gridweave.gateway.ingest;

import java.util.List;

/**
 * The result of storing a {@link Batch}.
 *
 * @param duplicates accepted messages that were already stored (replays); their readings were not
 *     stored again and the store recorded a REPLAYED_SEQUENCE rejection for each
 */
public record StoreOutcome(
    int storedMessages, int storedSamples, List<AcceptedMessage> duplicates) {}
