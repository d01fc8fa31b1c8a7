package org.gridweave.controller.dispatch;

import java.time.Instant;

/**
 * One occurrence of a flexible load's window inside the horizon: steps {@code [from, to)} and the
 * energy it still has to receive there. A window that closes after the horizon ends carries no
 * requirement in this plan ({@code requiredKwh} = 0, {@code closesInHorizon} false); a later plan
 * will see its end. {@code dueKwh} is what the window still needs whether or not it closes in the
 * horizon, and {@code closeStep} the (possibly later than the horizon) step at which it closes: the
 * rule-based fallback, which plans one step at a time, works from those.
 */
public record FlexWindow(
    int from,
    int to,
    double requiredKwh,
    boolean closesInHorizon,
    Instant closes,
    double dueKwh,
    int closeStep) {}
