package org.gridweave.k8s.images;

import java.util.List;
import java.util.Map;

/**
 * The run settings of an image (the {@code config} object of the OCI/Docker image configuration).
 *
 * @param env {@code NAME=value} entries
 * @param user a user id or name, e.g. {@code "185"}
 * @param workingDir absolute path
 * @param cmd the default command; empty for none
 * @param labels image labels
 */
public record ImageConfig(
    List<String> env,
    String user,
    String workingDir,
    List<String> cmd,
    Map<String, String> labels) {
  public ImageConfig {
    env = List.copyOf(env);
    cmd = List.copyOf(cmd);
    labels = Map.copyOf(labels);
    for (String e : env) {
      if (e.indexOf('=') < 1) {
        throw new IllegalArgumentException("environment entry '" + e + "' is not NAME=value");
      }
    }
    if (!workingDir.startsWith("/")) {
      throw new IllegalArgumentException("working directory " + workingDir + " is not absolute");
    }
  }
}
