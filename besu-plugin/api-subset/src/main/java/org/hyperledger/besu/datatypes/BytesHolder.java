/*
 * Compile-only subset of the Hyperledger Besu plugin API; mirrors Besu 26.8.0.
 * Written by GridWeave from the facts in BESU-PLUGIN-API.md, not copied from Besu's source.
 * Never packaged: at run time the GridWeave plugin links against Besu's own type.
 */
package org.hyperledger.besu.datatypes;

import org.apache.tuweni.bytes.Bytes;

/** A value made of bytes; equal when the bytes are. */
public class BytesHolder implements Comparable<BytesHolder> {
  private final Bytes value;

  protected BytesHolder(Bytes value) {
    this.value = value;
  }

  public final Bytes getBytes() {
    return value;
  }

  public final int size() {
    return value.size();
  }

  public final String toHexString() {
    return value.toHexString();
  }

  @Override
  public int compareTo(BytesHolder other) {
    return value.compareTo(other.value);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BytesHolder holder
        && other.getClass() == getClass()
        && value.equals(holder.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return toHexString();
  }
}
