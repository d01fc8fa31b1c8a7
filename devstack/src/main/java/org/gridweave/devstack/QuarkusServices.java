package org.gridweave.devstack;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridweave.devstack.process.ServiceProcess;
import org.gridweave.localinfra.database.EmbeddedPostgres;

/**
 * What starting any of our packaged Quarkus services has in common: the HTTP port, the shared
 * database, logs to the process's own file, and waiting until {@code /q/health/ready} says ready.
 */
final class QuarkusServices {
  private QuarkusServices() {}

  /**
   * @param settings the service's own settings, on top of the common ones
   */
  static ServiceProcess start(
      String name,
      Path jar,
      int httpPort,
      EmbeddedPostgres database,
      Map<String, String> settings,
      Path logDir,
      List<String> jvmArgs) {
    Map<String, String> props = new HashMap<>(settings);
    props.put("quarkus.http.port", Integer.toString(httpPort));
    props.putAll(database.quarkusDatasource());
    props.put("quarkus.log.file.enabled", "false");
    ServiceProcess p =
        ServiceProcess.start(name, jar, jvmArgs, props, logDir.resolve(name + ".log"));
    p.awaitHttpReady(
        URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"), Duration.ofSeconds(120));
    return p;
  }
}
