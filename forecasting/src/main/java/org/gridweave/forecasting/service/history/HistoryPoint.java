package org.gridweave.forecasting.service.history;

import java.time.Instant;

/** The energy of one step of a target, in Wh, keyed by the step's start. */
public record HistoryPoint(Instant start, double wattHours) {}
