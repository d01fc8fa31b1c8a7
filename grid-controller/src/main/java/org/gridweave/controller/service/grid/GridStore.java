package org.gridweave.controller.service.grid;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.gridweave.controller.grid.GridJson;
import org.gridweave.controller.grid.GridModel;

/**
 * The grid model in PostgreSQL ({@code controller.grid_model}), cached in memory. A write stores
 * the whole validated document in one transaction, with an audit row; the cache follows the
 * database. One controller instance writes (see the README).
 */
@ApplicationScoped
public class GridStore {
  /** The grid and its revision (1 for the first stored model). */
  public record Revision(GridModel grid, int revision) {}

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  @Inject Pool pool;
  @Inject Clock clock;

  private final AtomicReference<Revision> cache = new AtomicReference<>();

  public Uni<Optional<Revision>> current() {
    Revision r = cache.get();
    if (r != null) {
      return Uni.createFrom().item(Optional.of(r));
    }
    return pool.query(
            "SELECT document::text AS d, revision FROM controller.grid_model WHERE id = 1")
        .execute()
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.<Revision>empty();
          }
          Row row = rows.iterator().next();
          Revision loaded =
              new Revision(GridJson.read(unwrap(row.getString("d"))), row.getInteger("revision"));
          cache.compareAndSet(null, loaded);
          return Optional.of(cache.get());
        });
  }

  /** Stores a new model (already valid: a GridModel cannot be built otherwise). */
  public Uni<Revision> replace(GridModel grid, String action, String subject) {
    return replace(grid, action, subject, null);
  }

  /**
   * @param expected the revision the change was made on; when another write came in between, the
   *     change is refused with {@link Conflict} (nothing is lost silently). Null: replace whatever
   *     is there.
   */
  public Uni<Revision> replace(GridModel grid, String action, String subject, Integer expected) {
    String doc = GridJson.write(grid);
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    return pool.withTransaction(c ->
            c.preparedQuery(
                    "INSERT INTO controller.grid_model (id, document, revision, updated_at)"
                        + " VALUES (1, $1::text::jsonb, 1, $2)"
                        + " ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document,"
                        + " revision = controller.grid_model.revision + 1, updated_at = EXCLUDED.updated_at"
                        + (expected == null
                            ? ""
                            : " WHERE controller.grid_model.revision = " + expected.intValue())
                        + " RETURNING revision")
                .execute(Tuple.of(doc, now))
                .flatMap(rows -> {
                  if (rows.size() == 0) {
                    cache.set(null); // another writer: read the stored grid again next time
                    throw new Conflict(
                        "the grid changed while this change was made (revision "
                            + expected
                            + " is no longer current); read it again and retry");
                  }
                  int revision = rows.iterator().next().getInteger("revision");
                  return c.preparedQuery(
                          "INSERT INTO controller.grid_audit (at, action, subject, revision, document)"
                              + " VALUES ($1, $2, $3, $4, $5::text::jsonb)")
                      .execute(Tuple.of(now, action, subject, revision, doc))
                      .replaceWith(revision);
                }))
        .map(revision -> {
          Revision r = new Revision(grid, revision);
          cache.set(r);
          return r;
        });
  }

  /**
   * The stored document's text. Rows written by the first build (0.1.0-SNAPSHOT before the fix)
   * hold the document as a JSON string inside jsonb; read those too.
   */
  static String unwrap(String stored) {
    try {
      var node = JSON.readTree(stored);
      return node != null && node.isTextual() ? node.asText() : stored;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return stored;
    }
  }

  /** A write based on a revision that is no longer current (409). */
  public static final class Conflict extends RuntimeException {
    public Conflict(String message) {
      super(message);
    }
  }

  /** The document as JSON (for GET). */
  public static JsonObject document(GridModel grid) {
    return new JsonObject(GridJson.write(grid));
  }
}
