/*
 * Compile-only subset of the Hyperledger Besu plugin API; mirrors Besu 26.8.0.
 * Written by GridWeave from the facts in BESU-PLUGIN-API.md, not copied from Besu's source.
 * Never packaged: at run time the GridWeave plugin links against Besu's own type.
 */
package org.hyperledger.besu.datatypes;

import org.apache.tuweni.bytes.Bytes32;

/** One 32-byte topic of a log. */
public class LogTopic extends BytesHolder {

  private LogTopic(Bytes32 bytes) {
    super(bytes);
  }

  public static LogTopic create(Bytes32 value) {
    return new LogTopic(value);
  }

  public static LogTopic wrap(Bytes32 value) {
    return new LogTopic(value);
  }
}
