package org.gridweave.controller.dispatch;

import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;

/**
 * What one site is told to do in the decided interval (step 0 of the plan), with the sentence that
 * says why. Powers in kW; {@code curtailPct} is the share of the PV forecast curtailed.
 */
public record SiteDecision(
    SiteId site,
    MeterId meter,
    boolean hasBattery,
    boolean hasPv,
    boolean hasFlex,
    double chargeKw,
    double dischargeKw,
    double curtailKw,
    double curtailPct,
    double flexKw,
    double flexDeferKw,
    double importKw,
    double exportKw,
    double batteryKwhAfter,
    String sentence) {}
