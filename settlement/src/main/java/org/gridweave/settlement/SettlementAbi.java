package org.gridweave.settlement;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code EnergySettlement} contract's ABI as constants: function signatures and selectors,
 * event signatures and topics, and its custom errors (to name a revert).
 *
 * <p>A selector is the first 4 bytes of {@code keccak256(signature)}, as a big-endian {@code int}.
 */
public final class SettlementAbi {

  public static final String COMMIT_INTERVAL_SIGNATURE =
      "commitInterval(uint64,bytes32,bytes32,uint32,uint32,uint256[])";
  public static final String REGISTER_PARTICIPANTS_SIGNATURE =
      "registerParticipants(address[],bytes32[])";
  public static final String ADD_OPERATOR_SIGNATURE = "addOperator(address)";
  public static final String REMOVE_OPERATOR_SIGNATURE = "removeOperator(address)";
  public static final String VERIFY_TRADE_SIGNATURE =
      "verifyTrade(uint64,bytes32,address,address,uint64,uint64,bytes32[])";

  public static final int COMMIT_INTERVAL = selector(COMMIT_INTERVAL_SIGNATURE);
  public static final int REGISTER_PARTICIPANTS = selector(REGISTER_PARTICIPANTS_SIGNATURE);
  public static final int ADD_OPERATOR = selector(ADD_OPERATOR_SIGNATURE);
  public static final int REMOVE_OPERATOR = selector(REMOVE_OPERATOR_SIGNATURE);
  public static final int VERIFY_TRADE = selector(VERIFY_TRADE_SIGNATURE);

  public static final String INTERVAL_SETTLED_SIGNATURE =
      "IntervalSettled(uint64,bytes32,bytes32,uint32)";
  public static final String INTERVAL_PART_SETTLED_SIGNATURE =
      "IntervalPartSettled(uint64,uint32,uint32,uint256[])";
  public static final String PARTICIPANT_REGISTERED_SIGNATURE =
      "ParticipantRegistered(uint32,address,bytes32)";
  public static final String OPERATOR_ADDED_SIGNATURE = "OperatorAdded(address)";
  public static final String OPERATOR_REMOVED_SIGNATURE = "OperatorRemoved(address)";

  /** topic 0 of {@code IntervalSettled(uint64 indexed intervalId, ...)}. */
  public static final Hash32 INTERVAL_SETTLED_TOPIC = Hash32.keccakUtf8(INTERVAL_SETTLED_SIGNATURE);

  /** topic 0 of {@code IntervalPartSettled(uint64 indexed intervalId, ...)}. */
  public static final Hash32 INTERVAL_PART_SETTLED_TOPIC =
      Hash32.keccakUtf8(INTERVAL_PART_SETTLED_SIGNATURE);

  /** topic 0 of {@code ParticipantRegistered(uint32 indexed, address indexed, bytes32)}. */
  public static final Hash32 PARTICIPANT_REGISTERED_TOPIC =
      Hash32.keccakUtf8(PARTICIPANT_REGISTERED_SIGNATURE);

  /** topic 0 of {@code OperatorAdded(address indexed operator)}. */
  public static final Hash32 OPERATOR_ADDED_TOPIC = Hash32.keccakUtf8(OPERATOR_ADDED_SIGNATURE);

  /** topic 0 of {@code OperatorRemoved(address indexed operator)}. */
  public static final Hash32 OPERATOR_REMOVED_TOPIC = Hash32.keccakUtf8(OPERATOR_REMOVED_SIGNATURE);

  /** topic 0 of every event of the contract. */
  public static final List<Hash32> EVENT_TOPICS =
      List.of(
          INTERVAL_SETTLED_TOPIC,
          INTERVAL_PART_SETTLED_TOPIC,
          PARTICIPANT_REGISTERED_TOPIC,
          OPERATOR_ADDED_TOPIC,
          OPERATOR_REMOVED_TOPIC);

  /** The contract's custom errors; argument types are all static. */
  public static final List<String> ERROR_SIGNATURES =
      List.of(
          "NotOwner(address)",
          "NotOperator(address)",
          "ZeroIntervalSeconds()",
          "ZeroAccount()",
          "LengthMismatch(uint256,uint256)",
          "AlreadyRegistered(address,uint32)",
          "TooManyParticipants()",
          "IntervalNotAligned(uint64,uint64)",
          "IntervalNotEnded(uint64,uint256,uint256)",
          "PartOutOfRange(uint32,uint32)",
          "PartAlreadySettled(uint64,uint32)",
          "PartsMismatch(uint64,uint32,uint32)",
          "RootsMismatch(uint64)",
          "UnknownParticipant(uint32)",
          "NonZeroSum(int256)",
          "BalanceOverflow(uint32)");

  private static final Map<Integer, String> ERRORS_BY_SELECTOR = errorsBySelector();

  private SettlementAbi() {}

  /** The 4-byte selector of a function or error signature such as {@code "transfer(address)"}. */
  public static int selector(String signature) {
    byte[] hash = Hash32.keccakUtf8(signature).bytes();
    return ((hash[0] & 0xff) << 24)
        | ((hash[1] & 0xff) << 16)
        | ((hash[2] & 0xff) << 8)
        | (hash[3] & 0xff);
  }

  /** A selector as {@code 0x} and 8 hex digits. */
  public static String selectorHex(int selector) {
    return "0x" + HexFormat.of().toHexDigits(selector);
  }

  /** The selector at the start of {@code calldata}, or empty if it has fewer than 4 bytes. */
  public static Optional<Integer> selectorOf(byte[] calldata) {
    if (calldata == null || calldata.length < 4) {
      return Optional.empty();
    }
    return Optional.of(
        ((calldata[0] & 0xff) << 24)
            | ((calldata[1] & 0xff) << 16)
            | ((calldata[2] & 0xff) << 8)
            | (calldata[3] & 0xff));
  }

  /** Whether {@code topic0} is one of the settlement events. */
  public static boolean isSettlementEvent(Hash32 topic0) {
    return EVENT_TOPICS.contains(topic0);
  }

  /**
   * Names a revert of the contract, e.g. {@code "NotOperator(0xAb…)"} or {@code "NonZeroSum(-5)"};
   * empty if {@code revertData} is none of its custom errors.
   */
  public static Optional<String> describeRevert(byte[] revertData) {
    Optional<Integer> selector = selectorOf(revertData);
    if (selector.isEmpty() || !ERRORS_BY_SELECTOR.containsKey(selector.get())) {
      return Optional.empty();
    }
    String signature = ERRORS_BY_SELECTOR.get(selector.get());
    String name = signature.substring(0, signature.indexOf('('));
    String list = signature.substring(name.length() + 1, signature.length() - 1);
    List<String> types = list.isEmpty() ? List.of() : List.of(list.split(","));
    if (revertData.length != 4 + AbiWords.WORD * types.size()) {
      return Optional.of(name + "(…)");
    }
    StringBuilder out = new StringBuilder(name).append('(');
    for (int i = 0; i < types.size(); i++) {
      int offset = 4 + AbiWords.WORD * i;
      BigInteger word = AbiWords.word(revertData, offset);
      String type = types.get(i);
      if (i > 0) {
        out.append(", ");
      }
      if (type.equals("address")) {
        Account account = AbiWords.address(revertData, offset);
        out.append(account == null ? word.toString(16) : account.hex());
      } else if (type.equals("int256")) {
        out.append(word.testBit(255) ? word.subtract(DeltaPacking.WORD_LIMIT) : word);
      } else {
        out.append(word);
      }
    }
    return Optional.of(out.append(')').toString());
  }

  private static Map<Integer, String> errorsBySelector() {
    Map<Integer, String> errors = new LinkedHashMap<>();
    for (String signature : ERROR_SIGNATURES) {
      errors.put(selector(signature), signature);
    }
    return Map.copyOf(errors);
  }
}
