package org.gridweave.controller.service.market;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.gridweave.controller.market.AgentSettings;
import org.gridweave.core.id.SiteId;

/** Stored per-site agent settings (table {@code controller.market_agent}). Blocking. */
@ApplicationScoped
public class AgentSettingsStore {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Inject Pool pool;
  @Inject Clock clock;

  public Map<SiteId, AgentSettings> all() {
    Map<SiteId, AgentSettings> out = new HashMap<>();
    for (Row r :
        pool.query("SELECT * FROM controller.market_agent").execute().await().atMost(TIMEOUT)) {
      out.put(SiteId.of(r.getString("site_id")), settings(r));
    }
    return out;
  }

  public Optional<AgentSettings> find(SiteId site) {
    var rows =
        pool.preparedQuery("SELECT * FROM controller.market_agent WHERE site_id = $1")
            .execute(Tuple.of(site.value()))
            .await()
            .atMost(TIMEOUT);
    return rows.size() == 0 ? Optional.empty() : Optional.of(settings(rows.iterator().next()));
  }

  public void put(SiteId site, AgentSettings s) {
    pool.preparedQuery(
            "INSERT INTO controller.market_agent (site_id, enabled, share, min_sell_price_micros,"
                + " max_buy_price_micros, local_only, renewable_only, updated_at) VALUES ($1, $2,"
                + " $3, $4, $5, $6, $7, $8) ON CONFLICT (site_id) DO UPDATE SET enabled ="
                + " EXCLUDED.enabled, share = EXCLUDED.share, min_sell_price_micros ="
                + " EXCLUDED.min_sell_price_micros, max_buy_price_micros ="
                + " EXCLUDED.max_buy_price_micros, local_only = EXCLUDED.local_only,"
                + " renewable_only = EXCLUDED.renewable_only, updated_at = EXCLUDED.updated_at")
        .execute(
            Tuple.tuple()
                .addString(site.value())
                .addBoolean(s.enabled())
                .addDouble(s.share())
                .addLong(boxed(s.minSellPriceMicros()))
                .addLong(boxed(s.maxBuyPriceMicros()))
                .addBoolean(s.localOnly())
                .addBoolean(s.renewableOnly())
                .addOffsetDateTime(clock.instant().atOffset(ZoneOffset.UTC)))
        .await()
        .atMost(TIMEOUT);
  }

  /** Forgets a site's settings (it is back on the defaults); whether there were any. */
  public boolean delete(SiteId site) {
    return pool.preparedQuery("DELETE FROM controller.market_agent WHERE site_id = $1")
            .execute(Tuple.of(site.value()))
            .await()
            .atMost(TIMEOUT)
            .rowCount()
        > 0;
  }

  private static Long boxed(OptionalLong v) {
    return v.isPresent() ? v.getAsLong() : null;
  }

  private static AgentSettings settings(Row r) {
    Long min = r.getLong("min_sell_price_micros");
    Long max = r.getLong("max_buy_price_micros");
    return new AgentSettings(
        r.getBoolean("enabled"),
        r.getDouble("share"),
        min == null ? OptionalLong.empty() : OptionalLong.of(min),
        max == null ? OptionalLong.empty() : OptionalLong.of(max),
        r.getBoolean("local_only"),
        r.getBoolean("renewable_only"));
  }
}
