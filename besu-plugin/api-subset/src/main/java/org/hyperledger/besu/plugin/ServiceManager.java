/*
 * Compile-only subset of the Hyperledger Besu plugin API; mirrors Besu 26.8.0.
 * Written by GridWeave from the facts in BESU-PLUGIN-API.md, not copied from Besu's source.
 * Never packaged: at run time the GridWeave plugin links against Besu's own type.
 */
package org.hyperledger.besu.plugin;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.hyperledger.besu.plugin.services.BesuService;

/** Gives plugins the services Besu offers. */
public interface ServiceManager {

  <T extends BesuService> void addService(Class<T> serviceType, T service);

  <T extends BesuService> Optional<T> getService(Class<T> serviceType);

  /** An in-memory service manager, meant for tests. */
  class SimpleServiceManager implements ServiceManager {
    private final Map<Class<?>, BesuService> services = new HashMap<>();

    public SimpleServiceManager() {}

    @Override
    public <T extends BesuService> void addService(Class<T> serviceType, T service) {
      services.put(serviceType, service);
    }

    @Override
    public <T extends BesuService> Optional<T> getService(Class<T> serviceType) {
      return Optional.ofNullable(services.get(serviceType)).map(serviceType::cast);
    }
  }
}
