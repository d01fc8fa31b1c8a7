package org.gridweave.controller.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.gridweave.core.id.SiteId;

/**
 * Energy the sites traded in the P2P market for delivery within the horizon (#5), as the dispatch
 * plans around it. Per site and step: kWh sold (to export) and kWh bought (to import). What is not
 * delivered is settled by the delivery check ({@code market.DeliveryCheck}): a seller's shortfall
 * is bought at the import price plus the penalty, a buyer's untaken energy is credited at the
 * export price minus the penalty. The plan therefore values each kWh within a commitment at the
 * import price minus the export price plus the penalty above the tariff alone.
 *
 * @param bySite sites with trades; the others have none
 * @param penaltyPerKwh the delivery check's penalty per kWh missed either way
 */
public record MarketCommitments(Map<SiteId, Commitment> bySite, double penaltyPerKwh) {

  public static final MarketCommitments NONE = new MarketCommitments(Map.of(), 0);

  public MarketCommitments {
    bySite = Map.copyOf(bySite);
    if (!(penaltyPerKwh >= 0) || !Double.isFinite(penaltyPerKwh)) {
      throw new IllegalArgumentException("the delivery penalty must be ≥ 0, was " + penaltyPerKwh);
    }
  }

  /**
   * One site's traded energy per step (index = step from the plan's start).
   *
   * @param soldKwh energy sold, to be exported in each step (≥ 0)
   * @param boughtKwh energy bought, to be imported in each step (≥ 0)
   */
  public record Commitment(double[] soldKwh, double[] boughtKwh) {
    public Commitment {
      if (soldKwh.length != boughtKwh.length) {
        throw new IllegalArgumentException(
            "sold and bought cover different horizons: "
                + soldKwh.length
                + " and "
                + boughtKwh.length);
      }
      soldKwh = soldKwh.clone();
      boughtKwh = boughtKwh.clone();
      for (int t = 0; t < soldKwh.length; t++) {
        if (!(soldKwh[t] >= 0)
            || !(boughtKwh[t] >= 0)
            || !Double.isFinite(soldKwh[t] + boughtKwh[t])) {
          throw new IllegalArgumentException(
              "traded energy must be ≥ 0 kWh, was sold "
                  + soldKwh[t]
                  + ", bought "
                  + boughtKwh[t]
                  + " at step "
                  + t);
        }
      }
    }

    @Override
    public double[] soldKwh() {
      return soldKwh.clone();
    }

    @Override
    public double[] boughtKwh() {
      return boughtKwh.clone();
    }

    public double sold(int t) {
      return t < soldKwh.length ? soldKwh[t] : 0;
    }

    public double bought(int t) {
      return t < boughtKwh.length ? boughtKwh[t] : 0;
    }
  }

  /** Where the dispatch cycle gets the commitments (in the service: the stored trades). */
  public interface Source {
    Source NONE = (from, step, steps) -> MarketCommitments.NONE;

    /** Trades for delivery in the {@code steps} steps of {@code step} from {@code from}. */
    MarketCommitments between(Instant from, Duration step, int steps);
  }
}
