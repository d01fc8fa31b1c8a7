package org.gridweave.settlement.chain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** The committed creation bytecode of the contracts (built by {@code contracts/build.mjs}). */
public final class ContractCode {

  private ContractCode() {}

  public static byte[] energySettlement() {
    return load("EnergySettlement.bin");
  }

  public static byte[] naiveSettlement() {
    return load("NaiveSettlement.bin");
  }

  private static byte[] load(String name) {
    String resource = "/org/gridweave/settlement/" + name;
    try (InputStream in = ContractCode.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the classpath");
      }
      return HexFormat.of()
          .parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
