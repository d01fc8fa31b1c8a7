package org.gridweave.forecasting.service.weather;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/** The {@code weather_forecast} table (Hibernate Reactive). */
@ApplicationScoped
public class WeatherStore {
  @Inject Mutiny.SessionFactory sessions;

  /** Replaces the area's stored values over the batch's time range with the batch. */
  public Uni<Void> replace(WeatherBatch batch, Instant receivedAt) {
    Instant first = batch.points().get(0).time();
    Instant last = batch.points().get(batch.points().size() - 1).time();
    return sessions.withTransaction((s, tx) ->
        s.createMutationQuery(
                "delete from WeatherEntity w where w.area = :area"
                    + " and w.validAt >= :first and w.validAt <= :last")
            .setParameter("area", batch.area())
            .setParameter("first", first)
            .setParameter("last", last)
            .executeUpdate()
            .chain(() ->
                s.persistAll(
                    batch.points().stream()
                        .map(p -> WeatherEntity.of(batch.area(), p, receivedAt))
                        .toArray())));
  }

  /** The points of {@code area} and of {@link WeatherBatch#ALL} in {@code [from, to]}, merged. */
  public Uni<List<WeatherPoint>> around(String area, Instant from, Instant to) {
    return sessions.withSession(s ->
        s.createSelectionQuery(
                "from WeatherEntity w where w.area in (:areas)"
                    + " and w.validAt >= :from and w.validAt <= :to order by w.validAt",
                WeatherEntity.class)
            .setParameter("areas", List.of(area, WeatherBatch.ALL))
            .setParameter("from", from)
            .setParameter("to", to)
            .getResultList()
            .map(rows ->
                WeatherCovariates.merge(
                    rows.stream()
                        .filter(r -> r.area.equals(area))
                        .map(WeatherEntity::toPoint)
                        .toList(),
                    rows.stream()
                        .filter(r -> !r.area.equals(area))
                        .map(WeatherEntity::toPoint)
                        .toList())));
  }
}
