package org.gridweave.forecasting.service.history;

import java.time.Instant;

/**
 * What the gateway's tables hold for one step of a target.
 *
 * @param start the step's start
 * @param reported (meter, interval) pairs that have a value in this step
 * @param meters meters expected in this step (registered and not revoked at its start, or
 *     reporting)
 * @param sumWattHours the sum of the reported values
 */
public record StepSum(Instant start, int reported, int meters, double sumWattHours) {}
