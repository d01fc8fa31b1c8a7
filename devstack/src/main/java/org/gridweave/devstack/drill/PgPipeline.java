package org.gridweave.devstack.drill;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gridweave.core.id.MeterId;
import org.gridweave.firmware.ProducedMessage;
import org.gridweave.firmware.RecordingProducedLog;
import org.gridweave.localinfra.database.EmbeddedPostgres;

/**
 * The {@link Pipeline} of a real stack: the fleet's {@link RecordingProducedLog} and the gateway's
 * tables ({@code reading}, {@code telemetry_message}) over JDBC, a new connection per question so a
 * database restart costs one failed question. While the database is away, questions are retried for
 * up to a minute.
 */
public final class PgPipeline implements Pipeline {
  private final RecordingProducedLog produced;
  private final EmbeddedPostgres database;

  public PgPipeline(RecordingProducedLog produced, EmbeddedPostgres database) {
    this.produced = produced;
    this.database = database;
  }

  @Override
  public List<ProducedMessage> produced() {
    List<ProducedMessage> out = new ArrayList<>();
    for (MeterId m : produced.highestSequences().keySet()) {
      out.addAll(produced.messages(m));
    }
    return out;
  }

  @Override
  public Map<MeterId, Map<Instant, Integer>> storedCopies(Set<MeterId> meters, Instant from) {
    return retrying(c -> {
      Map<MeterId, Map<Instant, Integer>> out = new HashMap<>();
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT meter_id, ts, count(*) FROM reading WHERE meter_id = ANY(?) AND ts >= ?"
                  + " GROUP BY 1, 2")) {
        s.setArray(1, c.createArrayOf("text", meters.stream().map(MeterId::value).toArray()));
        s.setTimestamp(2, Timestamp.from(from));
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            out.computeIfAbsent(MeterId.of(r.getString(1)), k -> new HashMap<>())
                .put(r.getTimestamp(2).toInstant(), r.getInt(3));
          }
        }
      }
      return out;
    });
  }

  @Override
  public Optional<Instant> firstStoredSampledFrom(Instant sampledFrom) {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT min(stored_at) FROM telemetry_message WHERE first_ts >= ?")) {
      s.setTimestamp(1, Timestamp.from(sampledFrom));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        Timestamp t = r.getTimestamp(1);
        return Optional.ofNullable(t).map(Timestamp::toInstant);
      }
    } catch (SQLException notYet) {
      return Optional.empty(); // the database itself is not back: not recovered
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(
        database.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
  }

  private interface Query<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T retrying(Query<T> q) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      try (Connection c = connect()) {
        return q.run(c);
      } catch (SQLException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the database did not answer for a minute: " + e, e);
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException i) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", i);
        }
      }
    }
  }
}
