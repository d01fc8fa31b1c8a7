/*
 * Compile-only subset of the Hyperledger Besu plugin API; mirrors Besu 26.8.0.
 * Written by GridWeave from the facts in BESU-PLUGIN-API.md, not copied from Besu's source.
 * Never packaged: at run time the GridWeave plugin links against Besu's own type.
 */
package org.hyperledger.besu.plugin.services;

import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.hyperledger.besu.datatypes.Address;
import org.hyperledger.besu.plugin.data.AddedBlockContext;
import org.hyperledger.besu.plugin.data.LogWithMetadata;

/**
 * Chain events; available from {@code start()} on. The real interface has more listener methods:
 * this subset declares only the ones the facts name.
 */
public interface BesuEvents extends BesuService {

  long addLogListener(List<Address> addresses, List<List<Bytes32>> topics, LogListener listener);

  void removeLogListener(long listenerIdentifier);

  long addBlockAddedListener(BlockAddedListener listener);

  void removeBlockAddedListener(long listenerIdentifier);

  /** Told of each log matching its filter, and again with {@code isRemoved()} after a re-org. */
  interface LogListener {
    void onLogEmitted(LogWithMetadata logWithMetadata);
  }

  /** Told of each block added to the chain. */
  interface BlockAddedListener {
    void onBlockAdded(AddedBlockContext addedBlockContext);
  }
}
