/*
 * Compile-only subset of the Hyperledger Besu plugin API; mirrors Besu 26.8.0.
 * Written by GridWeave from the facts in BESU-PLUGIN-API.md, not copied from Besu's source.
 * Never packaged: at run time the GridWeave plugin links against Besu's own type.
 */
package org.hyperledger.besu.datatypes;

import java.math.BigInteger;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;

/**
 * A transaction. The real interface has many more members: this subset declares only the ones the
 * GridWeave plugin reads.
 */
public interface Transaction {

  Hash getHash();

  Optional<? extends Address> getTo();

  Address getSender();

  Bytes getPayload();

  long getNonce();

  Optional<BigInteger> getChainId();
}
