package org.gridweave.controller.service.market;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.gridweave.controller.dispatch.MarketCommitments;
import org.gridweave.controller.service.ControllerConfig;
import org.gridweave.core.id.SiteId;

/**
 * The stored trades as the dispatch's commitments: energy each site sold or bought for delivery in
 * the plan's horizon, with the delivery check's penalty. Blocking (called on the dispatch's worker
 * thread).
 */
@ApplicationScoped
public class TradeCommitments implements MarketCommitments.Source {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Inject Pool pool;
  @Inject ControllerConfig config;

  @Override
  public MarketCommitments between(Instant from, Duration step, int steps) {
    if (!step.equals(config.interval())) {
      // one delivery interval per step is what the mapping below assumes
      throw new IllegalStateException(
          "the market's interval " + config.interval() + " differs from the plan's step " + step);
    }
    Instant to = from.plus(step.multipliedBy(steps));
    Map<SiteId, double[][]> bySite = new HashMap<>();
    for (Row r :
        pool.preparedQuery(
                "SELECT interval_start, buyer_site, seller_site, sum(wh) AS wh FROM"
                    + " controller.trade WHERE interval_start >= $1 AND interval_start < $2"
                    + " GROUP BY interval_start, buyer_site, seller_site")
            .execute(Tuple.of(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)))
            .await()
            .atMost(TIMEOUT)) {
      Instant at = r.getOffsetDateTime("interval_start").toInstant();
      int t = (int) (Duration.between(from, at).toNanos() / step.toNanos());
      double kwh = r.getLong("wh") / 1000.0;
      bySite
              .computeIfAbsent(SiteId.of(r.getString("seller_site")), k -> new double[2][steps])[0][
              t] +=
          kwh;
      bySite
              .computeIfAbsent(SiteId.of(r.getString("buyer_site")), k -> new double[2][steps])[1][
              t] +=
          kwh;
    }
    Map<SiteId, MarketCommitments.Commitment> out = new HashMap<>();
    bySite.forEach((site, a) -> out.put(site, new MarketCommitments.Commitment(a[0], a[1])));
    return new MarketCommitments(out, config.market().penaltyPerKwh());
  }
}
