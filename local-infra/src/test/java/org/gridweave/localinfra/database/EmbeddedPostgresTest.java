package org.gridweave.localinfra.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.StartupFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresTest {

  @TempDir Path dir;

  @Test
  void servesTheGridweaveDatabaseOnLoopback() throws SQLException {
    int port = Ports.free();
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dir.resolve("pg"), port)) {
      assertThat(postgres.jdbcUrl())
          .isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/gridweave");
      assertThat(postgres.reactiveUrl()).isEqualTo("postgresql://127.0.0.1:" + port + "/gridweave");
      assertThat(postgres.quarkusDatasource())
          .containsOnly(
              entry("quarkus.datasource.reactive.url", postgres.reactiveUrl()),
              entry("quarkus.datasource.username", "postgres"),
              entry("quarkus.datasource.password", "postgres"));

      try (Connection db = connect(postgres);
          Statement sql = db.createStatement();
          ResultSet row = sql.executeQuery("SELECT current_database(), current_user")) {
        row.next();
        assertThat(row.getString(1)).isEqualTo("gridweave");
        assertThat(row.getString(2)).isEqualTo("postgres");
      }
    }
  }

  @Test
  void keepsDataAcrossARestart() throws SQLException {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dir.resolve("pg"), Ports.free())) {
      // Given a table with rows
      execute(postgres, "CREATE TABLE reading (meter text, watt_hours bigint)");
      execute(postgres, "INSERT INTO reading VALUES ('m1', 1200), ('m2', 3400)");
      // When the server restarts
      postgres.restart();
      // Then the rows are still there
      assertThat(meters(postgres)).containsExactly("m1", "m2");
    }
  }

  @Test
  void keepsDataWhenANewServerStartsOnTheSameDirectory() throws SQLException {
    Path dataDir = dir.resolve("pg");
    int port = Ports.free();
    try (EmbeddedPostgres first = EmbeddedPostgres.start(dataDir, port)) {
      execute(first, "CREATE TABLE reading (meter text, watt_hours bigint)");
      execute(first, "INSERT INTO reading VALUES ('m3', 5600)");
    }

    try (EmbeddedPostgres second = EmbeddedPostgres.start(dataDir, port)) {
      assertThat(meters(second)).containsExactly("m3");
    }
  }

  @Test
  void stopClosesTheServer() {
    EmbeddedPostgres postgres = EmbeddedPostgres.start(dir.resolve("pg"), Ports.free());

    postgres.close();

    assertThat(postgres.isRunning()).isFalse();
    assertThat(Ports.accepting(postgres.port())).isFalse();
    assertThatThrownBy(() -> connect(postgres)).isInstanceOf(SQLException.class);
  }

  @Test
  void refusesAPortThatIsAlreadyTaken() {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dir.resolve("pg"), Ports.free())) {
      assertThatThrownBy(() -> EmbeddedPostgres.start(dir.resolve("other"), postgres.port()))
          .isInstanceOf(StartupFailedException.class)
          .hasMessageContaining("already taken");
    }
  }

  private static Connection connect(EmbeddedPostgres postgres) throws SQLException {
    return DriverManager.getConnection(
        postgres.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
  }

  private static void execute(EmbeddedPostgres postgres, String statement) throws SQLException {
    try (Connection db = connect(postgres);
        Statement sql = db.createStatement()) {
      sql.execute(statement);
    }
  }

  private static List<String> meters(EmbeddedPostgres postgres) throws SQLException {
    List<String> meters = new ArrayList<>();
    try (Connection db = connect(postgres);
        Statement sql = db.createStatement();
        ResultSet rows = sql.executeQuery("SELECT meter FROM reading ORDER BY meter")) {
      while (rows.next()) {
        meters.add(rows.getString(1));
      }
    }
    return meters;
  }
}
