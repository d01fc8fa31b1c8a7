/*
 * Compile-only subset of the Hyperledger Besu plugin API; mirrors Besu 26.8.0.
 * Written by GridWeave from the facts in BESU-PLUGIN-API.md, not copied from Besu's source.
 * Never packaged: at run time the GridWeave plugin links against Besu's own type.
 */
package org.hyperledger.besu.plugin.data;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.hyperledger.besu.datatypes.Address;
import org.hyperledger.besu.datatypes.Hash;
import org.hyperledger.besu.datatypes.LogTopic;

/** A log with where it was emitted; {@link #isRemoved()} after a re-org took its block away. */
public interface LogWithMetadata {

  Address getLogger();

  List<LogTopic> getTopics();

  Bytes getData();

  int getLogIndex();

  long getBlockNumber();

  Hash getBlockHash();

  Hash getTransactionHash();

  int getTransactionIndex();

  boolean isRemoved();
}
