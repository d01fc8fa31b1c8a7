package org.gridweave.firmware.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Hash32;

/**
 * Reads the controller's proofs document ({@code GET /settlements/{interval}/proofs?site=S}) and
 * settlement record ({@code GET /settlements/{interval}}). Every field {@code meter verify} uses is
 * checked for presence and type; an error names the field by its path ({@code proofs[1].seller}).
 * Fields it does not use are ignored.
 */
public final class ProofsJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProofsJson() {}

  /** Why a proofs document cannot be used; the message names the field. */
  public static final class FormatException extends Exception {
    FormatException(String message) {
      super(message);
    }
  }

  public static SiteProofs parse(byte[] body) throws FormatException {
    JsonNode root = object(body);
    long intervalId = unsigned(root, "", "interval_id");
    Instant interval = instant(root, "", "interval");
    if (interval.getEpochSecond() != intervalId || interval.getNano() != 0) {
      throw new FormatException(
          "interval " + interval + " and interval_id " + intervalId + " name different intervals");
    }
    JsonNode contract = root.get("contract");
    Optional<Account> contractAccount =
        contract == null || contract.isNull()
            ? Optional.empty()
            : Optional.of(account(root, "", "contract"));
    JsonNode proofs = root.get("proofs");
    if (proofs == null || !proofs.isArray()) {
      throw new FormatException("proofs must be an array" + was(proofs));
    }
    List<ServedProof> served = new ArrayList<>();
    for (int i = 0; i < proofs.size(); i++) {
      served.add(proof(proofs.get(i), "proofs[" + i + "]."));
    }
    return new SiteProofs(
        interval,
        intervalId,
        text(root, "", "site"),
        account(root, "", "account"),
        hash(root, "", "trades_root"),
        contractAccount,
        served);
  }

  /**
   * Reads the controller's settlement record ({@code GET /settlements/{interval}}): {@code
   * interval}, {@code interval_id}, the optional {@code status}, {@code block} and {@code
   * parts[].block} (each a block number or null). Other fields are ignored.
   */
  public static ServedSettlement parseSettlement(byte[] body) throws FormatException {
    JsonNode root = object(body);
    long intervalId = unsigned(root, "", "interval_id");
    Instant interval = instant(root, "", "interval");
    if (interval.getEpochSecond() != intervalId || interval.getNano() != 0) {
      throw new FormatException(
          "interval " + interval + " and interval_id " + intervalId + " name different intervals");
    }
    JsonNode status = root.get("status");
    Optional<String> statusText =
        status == null || status.isNull()
            ? Optional.empty()
            : Optional.of(text(root, "", "status"));
    TreeSet<Long> blocks = new TreeSet<>();
    optionalBlock(root, "").ifPresent(blocks::add);
    JsonNode parts = root.get("parts");
    if (parts != null && !parts.isNull()) {
      if (!parts.isArray()) {
        throw new FormatException("parts must be an array" + was(parts));
      }
      if (parts.size() > ServedSettlement.MAX_BLOCKS) {
        throw new FormatException(
            "parts has "
                + parts.size()
                + " entries; an interval has at most "
                + ServedSettlement.MAX_BLOCKS
                + " parts");
      }
      for (int i = 0; i < parts.size(); i++) {
        JsonNode p = parts.get(i);
        String path = "parts[" + i + "].";
        if (!p.isObject()) {
          throw new FormatException("parts[" + i + "] must be an object" + was(p));
        }
        optionalBlock(p, path).ifPresent(blocks::add);
      }
    }
    return new ServedSettlement(interval, intervalId, statusText, List.copyOf(blocks));
  }

  private static Optional<Long> optionalBlock(JsonNode object, String path) throws FormatException {
    JsonNode v = object.get("block");
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    return Optional.of(unsigned(object, path, "block"));
  }

  private static JsonNode object(byte[] body) throws FormatException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new FormatException("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new FormatException("not JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new FormatException("not a JSON object");
    }
    return root;
  }

  private static ServedProof proof(JsonNode p, String path) throws FormatException {
    if (!p.isObject()) {
      throw new FormatException(path.substring(0, path.length() - 1) + " must be an object");
    }
    JsonNode siblings = p.get("proof");
    if (siblings == null || !siblings.isArray()) {
      throw new FormatException(path + "proof must be an array of hashes" + was(siblings));
    }
    List<Hash32> proof = new ArrayList<>();
    for (int i = 0; i < siblings.size(); i++) {
      JsonNode s = siblings.get(i);
      String where = path + "proof[" + i + "]";
      if (!s.isTextual()) {
        throw new FormatException(where + " must be a 0x-prefixed 32-byte hex string" + was(s));
      }
      try {
        proof.add(Hash32.fromHex(s.asText()));
      } catch (IllegalArgumentException e) {
        throw new FormatException(where + ": " + e.getMessage());
      }
    }
    String tradeId = text(p, path, "trade_id");
    if (tradeId.isEmpty()) {
      throw new FormatException(path + "trade_id is empty");
    }
    return new ServedProof(
        unsigned(p, path, "interval_id"),
        tradeId,
        hash(p, path, "trade_id_hash"),
        account(p, path, "seller"),
        account(p, path, "buyer"),
        unsigned(p, path, "wh"),
        unsigned(p, path, "price_micros"),
        hash(p, path, "leaf"),
        proof,
        hash(p, path, "root"));
  }

  private static JsonNode required(JsonNode object, String path, String field)
      throws FormatException {
    JsonNode v = object.get(field);
    if (v == null || v.isNull()) {
      throw new FormatException(path + field + " is missing");
    }
    return v;
  }

  private static String text(JsonNode object, String path, String field) throws FormatException {
    JsonNode v = required(object, path, field);
    if (!v.isTextual()) {
      throw new FormatException(path + field + " must be a string" + was(v));
    }
    return v.asText();
  }

  private static long unsigned(JsonNode object, String path, String field) throws FormatException {
    JsonNode v = required(object, path, field);
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw new FormatException(path + field + " must be a non-negative integer" + was(v));
    }
    return v.asLong();
  }

  private static Instant instant(JsonNode object, String path, String field)
      throws FormatException {
    String v = text(object, path, field);
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw new FormatException(path + field + " must be an ISO-8601 instant, was '" + v + "'");
    }
  }

  private static Hash32 hash(JsonNode object, String path, String field) throws FormatException {
    JsonNode v = required(object, path, field);
    if (!v.isTextual()) {
      throw new FormatException(
          path + field + " must be a 0x-prefixed 32-byte hex string" + was(v));
    }
    try {
      return Hash32.fromHex(v.asText());
    } catch (IllegalArgumentException e) {
      throw new FormatException(path + field + ": " + e.getMessage());
    }
  }

  private static Account account(JsonNode object, String path, String field)
      throws FormatException {
    JsonNode v = required(object, path, field);
    if (!v.isTextual()) {
      throw new FormatException(path + field + " must be a 0x-prefixed account address" + was(v));
    }
    try {
      return Account.fromHex(v.asText());
    } catch (IllegalArgumentException e) {
      throw new FormatException(path + field + ": " + e.getMessage());
    }
  }

  private static String was(JsonNode v) {
    if (v == null) {
      return ", it is missing";
    }
    String s = v.toString();
    return ", was " + (s.length() > 80 ? s.substring(0, 77) + "..." : s);
  }
}
