package org.gridweave.controller.service.me;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridweave.controller.market.AgentSettings;
import org.gridweave.controller.market.OrderRejected;
import org.gridweave.controller.me.Erasure;
import org.gridweave.controller.service.access.AuditLog;
import org.gridweave.controller.service.market.AgentSettingsStore;
import org.gridweave.controller.service.market.MarketService;
import org.gridweave.controller.service.settlement.SettlementService;
import org.gridweave.controller.service.web.Transactions;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.settlement.ReadingLeaf;
import org.jboss.logging.Logger;

/**
 * Erases a prosumer's off-chain personal data ({@link Erasure}) in one transaction, with its audit
 * row. First the site's default agent is turned off and its open orders withdrawn, so that no new
 * trade starts while the site waits for its last intervals to settle (this stays so when the
 * erasure is refused). Blocking: call from a worker thread.
 */
@ApplicationScoped
public class MeErasure {
  private static final Logger LOG = Logger.getLogger(MeErasure.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Inject Pool pool;
  @Inject Clock clock;
  @Inject MeStore store;
  @Inject AuditLog audit;
  @Inject AgentSettingsStore agents;
  @Inject MarketService market;
  @Inject SettlementService settlement;

  private final SecureRandom random = new SecureRandom();

  /**
   * @return rows affected per step ({@link Erasure#STEPS} keys)
   * @throws WebApplicationException 409 saying why when something still needs the site's data
   */
  public Map<String, Long> erase(SecurityIdentity who, String site, List<String> meters) {
    agents.put(SiteId.of(site), AgentSettings.OFF);
    for (MeStore.OwnOrder o : store.openAgentOrders(site)) {
      try {
        market.cancel(o.id(), MeterId.of(o.meter()));
      } catch (OrderRejected e) {
        // its gate has closed: it is cleared shortly and then counts as a trade to settle
      }
    }
    String pseudonym = Erasure.pseudonym(random);
    Map<String, Long> done =
        Transactions.blocking(
            pool,
            c -> {
              Optional<String> refusal = store.blockers(c, site, settlement.enabled()).refusal();
              if (refusal.isPresent()) { // thrown: the transaction is rolled back
                throw new WebApplicationException(
                    refusal.get() + " Your bidding agent has been turned off meanwhile.", 409);
              }
              Map<String, Long> erased = new LinkedHashMap<>();
              String[] meterIds = meters.toArray(String[]::new);
              // the committed messages leave as content but stay as leaf hashes: the readings roots
              // remain provable for every other meter of those intervals
              long kept = 0;
              for (Row r :
                  c.preparedQuery(
                          "SELECT interval_start, meter_id, seq, signature FROM controller.settlement_reading"
                              + " WHERE meter_id = ANY($1)")
                      .execute(Tuple.of((Object) meterIds))
                      .await()
                      .atMost(TIMEOUT)) {
                byte[] leaf =
                    new ReadingLeaf(
                            r.getString("meter_id"),
                            r.getLong("seq"),
                            r.getBuffer("signature").getBytes())
                        .hash()
                        .bytes();
                kept +=
                    c.preparedQuery(
                            "INSERT INTO controller.settlement_reading_erased (interval_start, leaf)"
                                + " VALUES ($1, $2) ON CONFLICT DO NOTHING")
                        .execute(
                            Tuple.of(
                                r.getOffsetDateTime("interval_start"),
                                io.vertx.core.buffer.Buffer.buffer(leaf)))
                        .await()
                        .atMost(TIMEOUT)
                        .rowCount();
              }
              erased.put("settlement_reading_kept_as_hash", kept);
              for (Erasure.Step s : Erasure.STEPS) {
                Tuple args =
                    switch (s.argument()) {
                      case METERS -> Tuple.of(meterIds);
                      case SITE -> Tuple.of(site);
                      case SITE_AND_PSEUDONYM -> Tuple.of(site, pseudonym);
                    };
                erased.put(
                    s.key(),
                    (long)
                        c.preparedQuery(s.sql()).execute(args).await().atMost(TIMEOUT).rowCount());
              }
              c.preparedQuery(
                      "INSERT INTO controller.market_agent (site_id, enabled, share, local_only,"
                          + " renewable_only, updated_at) VALUES ($1, false, 1, false, false, $2)")
                  .execute(Tuple.of(site, clock.instant().atOffset(ZoneOffset.UTC)))
                  .await()
                  .atMost(TIMEOUT);
              // the pseudonym stays out of the audit: it would link the trades back to the site
              audit.record(
                  c,
                  who,
                  "erasure",
                  site,
                  "erasure requested by the prosumer",
                  Map.of("erased", new LinkedHashMap<String, Object>(erased), "meters", meters));
              return erased;
            });
    LOG.infof("site %s: personal data erased (%s)", site, done);
    return done;
  }
}
