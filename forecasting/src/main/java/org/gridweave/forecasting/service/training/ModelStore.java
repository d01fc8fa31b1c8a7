package org.gridweave.forecasting.service.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridweave.forecasting.engine.ForecastEngine;
import org.gridweave.forecasting.service.forecast.StoredForecast;
import org.gridweave.forecasting.service.target.Target;
import org.hibernate.reactive.mutiny.Mutiny;

/** The {@code forecast_model} table (Hibernate Reactive): every training, newest wins. */
@ApplicationScoped
public class ModelStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject Mutiny.SessionFactory sessions;

  public Uni<ModelEntity> save(Target target, TrainedModel m, Instant trainedAt) {
    ModelEntity e = new ModelEntity();
    e.target = target.name();
    e.stepSeconds = (int) target.step().toSeconds();
    e.trainedAt = trainedAt;
    e.trainer = m.trainer();
    e.seed = m.seed();
    e.provenance = m.provenance() == null ? "" : m.provenance();
    e.features = write(m.features());
    e.covariates = write(m.covariates());
    e.dataFrom = m.dataFrom();
    e.dataTo = m.dataTo();
    e.historySteps = m.historySteps();
    e.trainedOn = m.trainedOn();
    e.backtestMae = write(m.backtestMae());
    e.modelMae = m.backtestMae().getOrDefault(m.trainer(), Double.NaN);
    e.weekMae = m.backtestMae().get(ForecastEngine.WEEK);
    e.dayMae = m.backtestMae().get(ForecastEngine.DAY);
    e.trainSeconds = m.trainSeconds();
    e.forecast = write(m.forecast());
    return sessions.withTransaction((s, tx) -> s.persist(e).replaceWith(e));
  }

  public Uni<Optional<ModelEntity>> latest(Target target) {
    return sessions.withSession(s ->
        s.createSelectionQuery(
                "from ModelEntity m where m.target = :t and m.stepSeconds = :step"
                    + " order by m.trainedAt desc, m.id desc",
                ModelEntity.class)
            .setParameter("t", target.name())
            .setParameter("step", (int) target.step().toSeconds())
            .setMaxResults(1)
            .getResultList()
            .map(l -> l.stream().findFirst()));
  }

  /** The newest model of every target and step. */
  public Uni<List<ModelEntity>> latestOfEach() {
    return sessions.withSession(s ->
        s.createSelectionQuery(
                "from ModelEntity m where m.id in (select max(n.id) from ModelEntity n"
                    + " group by n.target, n.stepSeconds) order by m.target, m.stepSeconds",
                ModelEntity.class)
            .getResultList());
  }

  public static StoredForecast forecastOf(ModelEntity e) {
    try {
      return JSON.readValue(e.forecast, StoredForecast.class);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("stored forecast of model " + e.id + " is unreadable", ex);
    }
  }

  public static Map<String, Double> backtestOf(ModelEntity e) {
    return read(e.backtestMae, new TypeReference<>() {});
  }

  public static List<String> listOf(String json) {
    return read(json, new TypeReference<>() {});
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("unreadable stored JSON", ex);
    }
  }

  private static String write(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
