package org.gridweave.forecasting.service.history;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gridweave.forecasting.service.ForecastingConfig;
import org.gridweave.forecasting.service.target.Quantity;
import org.gridweave.forecasting.service.target.Scope;
import org.gridweave.forecasting.service.target.Target;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Reads targets' histories from the meter-gateway's tables ({@code meter}, {@code interval_energy})
 * through Hibernate Reactive. Read-only: the gateway owns that schema.
 */
@ApplicationScoped
public class IntervalHistory {
  @Inject Mutiny.SessionFactory sessions;
  @Inject ForecastingConfig config;

  /** The value of one gateway interval for a quantity (null where it is not measured). */
  static String expression(Quantity q) {
    return switch (q) {
      case DEMAND -> "e.import_wh - e.export_wh + COALESCE(e.pv_wh, 0) + COALESCE(e.wind_wh, 0)";
      case PV -> "e.pv_wh";
      case WIND -> "e.wind_wh";
    };
  }

  static String scopeColumn(Scope s) {
    return s == Scope.METER ? "meter_id" : "feeder_id";
  }

  static String sql(Target target, long intervalSeconds) {
    String expr = expression(target.quantity());
    String col = scopeColumn(target.scope());
    long step = target.step().toSeconds();
    return "SELECT extract(epoch FROM b.bucket)::bigint, b.reported, b.reporting, b.total,"
        + " (SELECT count(*) FROM meter r WHERE r."
        + col
        + " = :id AND r.registered_at <= b.bucket"
        + " AND (r.revoked_at IS NULL OR r.revoked_at > b.bucket))::int"
        + " FROM (SELECT date_bin(make_interval(secs => "
        + step
        + "), e.interval_start, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket,"
        + " count(*)::int AS reported, count(DISTINCT e.meter_id)::int AS reporting,"
        + " sum("
        + expr
        + ")::float8 AS total"
        + " FROM interval_energy e JOIN meter m ON m.meter_id = e.meter_id"
        + " WHERE m."
        + col
        + " = :id AND e.interval_seconds = "
        + intervalSeconds
        + " AND e.interval_start >= to_timestamp(CAST(:from AS bigint))"
        + " AND e.interval_end <= to_timestamp(CAST(:to AS bigint))"
        + " AND ("
        + expr
        + ") IS NOT NULL"
        + " GROUP BY 1) b ORDER BY 1";
  }

  /**
   * The target's complete steps that end by {@code now}, within the configured history window.
   * Steps still in progress at {@code now} are left out.
   */
  public Uni<List<HistoryPoint>> load(Target target, Instant now) {
    long intervalSeconds = config.interval().toSeconds();
    long to = now.getEpochSecond() / target.step().toSeconds() * target.step().toSeconds();
    long from = to - config.history().toSeconds();
    StepAggregation aggregation =
        new StepAggregation(target.intervalsPerStep(config.interval()), config.feederMinCoverage());
    return sessions.withSession(s ->
        s.createNativeQuery(sql(target, intervalSeconds), Object[].class)
            .setParameter("id", target.id())
            .setParameter("from", from)
            .setParameter("to", to)
            .getResultList()
            .map(rows ->
                aggregation.series(
                    rows.stream()
                        .map(r ->
                            new StepSum(
                                Instant.ofEpochSecond(((Number) r[0]).longValue()),
                                ((Number) r[1]).intValue(),
                                Math.max(((Number) r[2]).intValue(), ((Number) r[4]).intValue()),
                                ((Number) r[3]).doubleValue()))
                        .toList())));
  }

  /**
   * The feeder whose weather applies to the target: the feeder itself, or the meter's feeder; empty
   * when no such meter or feeder is registered.
   */
  public Uni<Optional<String>> feederOf(Target target) {
    String sql =
        target.scope() == Scope.FEEDER
            ? "SELECT feeder_id FROM meter WHERE feeder_id = :id LIMIT 1"
            : "SELECT feeder_id FROM meter WHERE meter_id = :id";
    return sessions.withSession(s ->
        s.createNativeQuery(sql, String.class)
            .setParameter("id", target.id())
            .getResultList()
            .map(rows -> rows.stream().findFirst()));
  }

  /** Every feeder in the registry, for the scheduled retraining. */
  public Uni<List<String>> feeders() {
    return sessions.withSession(s ->
        s.createNativeQuery(
                "SELECT DISTINCT feeder_id FROM meter WHERE revoked_at IS NULL ORDER BY 1",
                String.class)
            .getResultList());
  }
}
