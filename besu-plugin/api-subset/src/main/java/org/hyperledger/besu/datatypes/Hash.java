/*
 * Compile-only subset of the Hyperledger Besu plugin API; mirrors Besu 26.8.0.
 * Written by GridWeave from the facts in BESU-PLUGIN-API.md, not copied from Besu's source.
 * Never packaged: at run time the GridWeave plugin links against Besu's own type.
 */
package org.hyperledger.besu.datatypes;

import org.apache.tuweni.bytes.Bytes32;

/** A 32-byte hash. */
public class Hash extends BytesHolder {

  private Hash(Bytes32 bytes) {
    super(bytes);
  }

  public static Hash wrap(Bytes32 value) {
    return new Hash(value);
  }

  public static Hash fromHexString(String hex) {
    return new Hash(Bytes32.fromHexStringStrict(hex));
  }
}
