/*
 * Compile-only subset of the Hyperledger Besu plugin API; mirrors Besu 26.8.0.
 * Written by GridWeave from the facts in BESU-PLUGIN-API.md, not copied from Besu's source.
 * Never packaged: at run time the GridWeave plugin links against Besu's own type.
 */
package org.hyperledger.besu.plugin;

import java.util.concurrent.CompletableFuture;

/** A plugin Besu finds with {@link java.util.ServiceLoader} in its {@code plugins/} folder. */
public interface BesuPlugin {

  default String getName() {
    return getClass().getName();
  }

  void register(ServiceManager context);

  default void beforeExternalServices() {}

  void start();

  default void afterExternalServicePostMainLoop() {}

  default CompletableFuture<Void> reloadConfiguration() {
    return CompletableFuture.completedFuture(null);
  }

  void stop();

  default String getVersion() {
    return getClass().getPackage().getImplementationVersion();
  }
}
