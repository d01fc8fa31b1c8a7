/*
 * Compile-only subset of the Hyperledger Besu plugin API; mirrors Besu 26.8.0.
 * Written by GridWeave from the facts in BESU-PLUGIN-API.md, not copied from Besu's source.
 * Never packaged: at run time the GridWeave plugin links against Besu's own type.
 */
package org.hyperledger.besu.datatypes;

import org.apache.tuweni.bytes.Bytes;

/** A 20-byte account address. */
public class Address extends BytesHolder {

  private Address(Bytes bytes) {
    super(bytes);
  }

  public static Address wrap(Bytes value) {
    if (value.size() != 20) {
      throw new IllegalArgumentException("an address has 20 bytes, not " + value.size());
    }
    return new Address(value);
  }

  public static Address fromHexString(String hex) {
    return wrap(Bytes.fromHexStringLenient(hex, 20));
  }
}
