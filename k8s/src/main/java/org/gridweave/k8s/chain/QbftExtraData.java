package org.gridweave.k8s.chain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.web3j.rlp.RlpDecoder;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;

/**
 * The {@code extraData} of a QBFT genesis block (Besu, block-header validator selection): the RLP
 * list {@code [vanity (32 bytes), [validator addresses], [] (no vote), round 0, [] (no seals)]}.
 * The round is the integer 0, which RLP writes as the empty string ({@code 0x80}).
 *
 * <p>Only the genesis form is accepted: a vote, a non-zero round or seals belong to later blocks.
 */
public record QbftExtraData(byte[] vanity, List<EthAddress> validators) {
  public static final int VANITY_BYTES = 32;

  public QbftExtraData {
    if (vanity == null || vanity.length != VANITY_BYTES) {
      throw new IllegalArgumentException(
          "the vanity has "
              + VANITY_BYTES
              + " bytes, was "
              + (vanity == null ? "null" : vanity.length));
    }
    if (validators == null) {
      throw new IllegalArgumentException("the validator list is required (it may be empty)");
    }
    if (validators.stream().distinct().count() != validators.size()) {
      throw new IllegalArgumentException("a validator is listed twice: " + validators);
    }
    vanity = vanity.clone();
    validators = List.copyOf(validators);
  }

  /** The genesis extraData with a zero vanity, validators in the given order. */
  public static QbftExtraData genesis(List<EthAddress> validators) {
    return new QbftExtraData(new byte[VANITY_BYTES], validators);
  }

  @Override
  public byte[] vanity() {
    return vanity.clone();
  }

  public byte[] encode() {
    List<RlpType> addresses = new ArrayList<>();
    for (EthAddress validator : validators) {
      addresses.add(RlpString.create(validator.bytes()));
    }
    return RlpEncoder.encode(
        new RlpList(
            RlpString.create(vanity),
            new RlpList(addresses),
            new RlpList(),
            RlpString.create(new byte[0]),
            new RlpList()));
  }

  /** {@code 0x} + lowercase hex, as the genesis file's {@code extraData}. */
  public String toHex() {
    return "0x" + HexFormat.of().formatHex(encode());
  }

  public static QbftExtraData fromHex(String hex) {
    if (hex == null || !hex.startsWith("0x")) {
      throw new IllegalArgumentException("extraData is 0x-prefixed hex, was '" + hex + "'");
    }
    byte[] bytes;
    try {
      bytes = HexFormat.of().parseHex(hex.substring(2));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("extraData is not hex: " + e.getMessage(), e);
    }
    return decode(bytes);
  }

  /** Reads the genesis form back, refusing anything else with the reason. */
  public static QbftExtraData decode(byte[] encoded) {
    if (encoded == null || encoded.length == 0) {
      throw new IllegalArgumentException("extraData is empty");
    }
    RlpList outer;
    try {
      outer = RlpDecoder.decode(encoded);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("extraData is not RLP: " + e.getMessage(), e);
    }
    if (outer.getValues().size() != 1 || !(outer.getValues().get(0) instanceof RlpList fields)) {
      throw new IllegalArgumentException(
          "extraData is not exactly one RLP list (" + outer.getValues().size() + " items)");
    }
    if (!Arrays.equals(RlpEncoder.encode(fields), encoded)) {
      throw new IllegalArgumentException("extraData is not exactly one RLP list (bytes after it)");
    }
    List<RlpType> items = fields.getValues();
    if (items.size() != 5) {
      throw new IllegalArgumentException(
          "QBFT extraData has 5 fields (vanity, validators, vote, round, seals), found "
              + items.size());
    }
    byte[] vanity = string(items.get(0), "vanity").getBytes();
    List<EthAddress> validators = new ArrayList<>();
    for (RlpType item : list(items.get(1), "validators").getValues()) {
      validators.add(EthAddress.of(string(item, "a validator").getBytes()));
    }
    if (!list(items.get(2), "vote").getValues().isEmpty()) {
      throw new IllegalArgumentException("a genesis block carries no vote");
    }
    if (string(items.get(3), "round").getBytes().length != 0) {
      throw new IllegalArgumentException(
          "a genesis block has round 0 (the empty string), was "
              + string(items.get(3), "round").asPositiveBigInteger());
    }
    if (!list(items.get(4), "seals").getValues().isEmpty()) {
      throw new IllegalArgumentException("a genesis block carries no seals");
    }
    return new QbftExtraData(vanity, validators);
  }

  private static RlpString string(RlpType item, String field) {
    if (item instanceof RlpString s) {
      return s;
    }
    throw new IllegalArgumentException(field + " must be an RLP string, was a list");
  }

  private static RlpList list(RlpType item, String field) {
    if (item instanceof RlpList l) {
      return l;
    }
    throw new IllegalArgumentException(field + " must be an RLP list, was a string");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QbftExtraData other
        && Arrays.equals(vanity, other.vanity)
        && validators.equals(other.validators);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(vanity) + validators.hashCode();
  }

  @Override
  public String toString() {
    return "QbftExtraData" + validators;
  }
}
