/*
 * Compile-only subset of the Hyperledger Besu plugin API; mirrors Besu 26.8.0.
 * Written by GridWeave from the facts in BESU-PLUGIN-API.md, not copied from Besu's source.
 * Never packaged: at run time the GridWeave plugin links against Besu's own type.
 */
package org.hyperledger.besu.plugin.data;

/** A block added to the chain and how (QBFT blocks are final once added). */
public interface AddedBlockContext extends BlockContext {

  EventType getEventType();

  /** How the block came in. */
  enum EventType {
    HEAD_ADVANCED,
    FORK,
    CHAIN_REORG,
    STORED_ONLY
  }
}
