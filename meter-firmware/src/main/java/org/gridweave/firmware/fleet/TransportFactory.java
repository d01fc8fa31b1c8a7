package org.gridweave.firmware.fleet;

import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.firmware.Transport;

/** Makes each fleet meter its own transport (its own connection). */
@FunctionalInterface
public interface TransportFactory {
  Transport create(MeterId meter, SiteId site);
}
