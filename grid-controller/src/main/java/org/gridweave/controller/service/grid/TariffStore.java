package org.gridweave.controller.service.grid;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.gridweave.controller.service.ControllerConfig;
import org.gridweave.controller.tariff.IntervalPriceTariff;
import org.gridweave.controller.tariff.Tariff;
import org.gridweave.controller.tariff.TariffJson;
import org.gridweave.controller.tariff.TimeOfUseTariff;

/**
 * The tariff in PostgreSQL ({@code controller.tariff}); the configured flat prices until one is
 * stored.
 */
@ApplicationScoped
public class TariffStore {
  /** A parsed tariff and the document it came from. */
  public record Stored(String kind, String document, Tariff tariff) {}

  @Inject Pool pool;
  @Inject Clock clock;
  @Inject ControllerConfig config;

  private final AtomicReference<Stored> cache = new AtomicReference<>();

  public Uni<Stored> current() {
    Stored s = cache.get();
    if (s != null) {
      return Uni.createFrom().item(s);
    }
    return pool.query("SELECT kind, document FROM controller.tariff WHERE id = 1")
        .execute()
        .map(rows -> {
          if (rows.size() == 0) {
            return defaults();
          }
          Row r = rows.iterator().next();
          Stored loaded = parse(r.getString("kind"), r.getString("document"));
          cache.compareAndSet(null, loaded);
          return cache.get();
        });
  }

  private Stored defaults() {
    double imp = config.tariff().defaultImportPerKwh();
    double exp = config.tariff().defaultExportPerKwh();
    TimeOfUseTariff flat =
        new TimeOfUseTariff(
            ZoneOffset.UTC, List.of(new TimeOfUseTariff.Band(LocalTime.MIDNIGHT, imp, exp)));
    return new Stored(
        "default",
        "{\"zone\":\"UTC\",\"bands\":[{\"from\":\"00:00\",\"import_per_kwh\":"
            + imp
            + ",\"export_per_kwh\":"
            + exp
            + "}]}",
        flat);
  }

  /** Parses (and so validates) a document; throws TariffException naming the field or line. */
  public Stored parse(String kind, String document) {
    if (kind.equals("csv")) {
      try {
        return new Stored(
            kind,
            document,
            IntervalPriceTariff.readCsv(new StringReader(document), config.interval()));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return new Stored(kind, document, TariffJson.read(document));
  }

  public Uni<Stored> replace(Stored s) {
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    return pool.preparedQuery(
            "INSERT INTO controller.tariff (id, kind, document, updated_at) VALUES (1, $1, $2, $3)"
                + " ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, document = EXCLUDED.document,"
                + " updated_at = EXCLUDED.updated_at")
        .execute(Tuple.of(s.kind(), s.document(), now))
        .map(x -> {
          cache.set(s);
          return s;
        });
  }
}
