package org.gridweave.controller.dispatch;

/**
 * A constraint that shapes the plan.
 *
 * @param constraint {@code feeder_import_limit}, {@code feeder_reverse_limit}, {@code
 *     transformer_import_limit}, {@code transformer_reverse_limit}, {@code site_import_limit},
 *     {@code site_export_limit}
 * @param subject the feeder or site id ({@code transformer} for the transformer)
 * @param step the first step of the horizon it binds at (0 = the interval being decided)
 * @param steps at how many steps of the horizon it binds
 * @param shadowPricePerKwh what one more kWh of capacity would save at {@code step}, ≥ 0
 * @param limitKw the limit as the plan had to keep it (after the uncertainty margin)
 */
public record Binding(
    String constraint,
    String subject,
    int step,
    int steps,
    double shadowPricePerKwh,
    double limitKw) {}
