package org.gridweave.controller.service.access;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.gridweave.controller.access.Passwords;
import org.gridweave.controller.access.Role;
import org.gridweave.controller.access.UserSpec;
import org.gridweave.controller.service.ControllerConfig;
import org.gridweave.controller.service.schema.SchemaMigrator;
import org.jboss.logging.Logger;

/**
 * The console's users ({@code controller.console_user}); the configured ones are created at start.
 */
@ApplicationScoped
public class ConsoleUsers {
  private static final Logger LOG = Logger.getLogger(ConsoleUsers.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** A stored user. */
  public record User(
      String name, Role role, Optional<String> site, String hash, boolean disabled) {}

  @Inject Pool pool;
  @Inject ControllerConfig config;
  @Inject SchemaMigrator schema;
  @Inject Clock clock;

  private volatile boolean seeded;

  void start(@Observes StartupEvent event) {
    List<UserSpec> specs =
        config.console().users().map(UserSpec::parseAll).orElse(List.of()); // fails start if bad
    Thread.ofVirtual().name("console-users").start(() -> seed(specs));
  }

  private void seed(List<UserSpec> specs) {
    try {
      while (!schema.migrated()) {
        Thread.sleep(200);
      }
      Passwords passwords = new Passwords(config.console().bcryptCost());
      int created = 0;
      for (UserSpec s : specs) {
        if (find(s.name()).isEmpty()) {
          create(s, passwords);
          created++;
        }
      }
      if (created > 0) {
        LOG.infof("console: %d user(s) created from the configuration", created);
      }
      seeded = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.errorf("console: could not create the configured users: %s", e.getMessage());
    }
  }

  /** Whether the configured users exist (for tests and readiness). */
  public boolean seeded() {
    return seeded;
  }

  /** Blocking: the user of that name, or empty. */
  public Optional<User> find(String name) {
    RowSet<Row> rows =
        pool.preparedQuery(
                "SELECT name, role, site_id, password_hash, disabled FROM controller.console_user"
                    + " WHERE name = $1")
            .execute(Tuple.of(name))
            .await()
            .atMost(TIMEOUT);
    if (rows.size() == 0) {
      return Optional.empty();
    }
    Row r = rows.iterator().next();
    return Optional.of(
        new User(
            r.getString("name"),
            Role.parse(r.getString("role")),
            Optional.ofNullable(r.getString("site_id")),
            r.getString("password_hash"),
            r.getBoolean("disabled")));
  }

  /** Blocking: stores a new user with a bcrypt hash of its password. */
  public void create(UserSpec s, Passwords passwords) {
    pool.preparedQuery(
            "INSERT INTO controller.console_user (name, role, site_id, password_hash, created_at)"
                + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING")
        .execute(
            Tuple.of(
                s.name(),
                s.role().id(),
                s.site().orElse(null),
                passwords.hash(s.password()),
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)))
        .await()
        .atMost(TIMEOUT);
  }
}
