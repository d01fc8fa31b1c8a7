package org.gridweave.besuplugin.core.rpc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Hash32;

/**
 * Reads one method's params, as JSON decodes them (numbers, strings, lists), with errors that name
 * the method and the param.
 */
final class Params {

  private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

  private final String method;
  private final Object[] values;

  private Params(String method, Object[] values) {
    this.method = method;
    this.values = values;
  }

  /** Exactly {@code names.length} params. */
  static Params of(String method, Object[] values, String... names) {
    Object[] given = values == null ? new Object[0] : values;
    if (given.length != names.length) {
      throw new InvalidParamsException(
          method
              + " takes "
              + names.length
              + " params ("
              + String.join(", ", names)
              + "), got "
              + given.length);
    }
    return new Params(method, given);
  }

  /**
   * A non-negative integer that fits a long: a JSON number without fraction, a decimal string or a
   * {@code 0x} hex string.
   */
  long unsigned(int position, String name) {
    Object value = values[position];
    BigInteger number =
        switch (value) {
          case Integer i -> BigInteger.valueOf(i);
          case Long l -> BigInteger.valueOf(l);
          case Short s -> BigInteger.valueOf(s);
          case BigInteger b -> b;
          case String text -> parse(text, name);
          case null -> throw invalid(name, "is required");
          default -> throw invalid(name, "must be an integer, got " + describe(value));
        };
    if (number.signum() < 0 || number.compareTo(MAX_LONG) > 0) {
      throw invalid(name, "must be 0.." + Long.MAX_VALUE + ", got " + number);
    }
    return number.longValueExact();
  }

  String text(int position, String name) {
    if (!(values[position] instanceof String text) || text.isEmpty()) {
      throw invalid(name, "must be a non-empty string, got " + describe(values[position]));
    }
    return text;
  }

  Account account(int position, String name) {
    String text = text(position, name);
    try {
      return Account.fromHex(text);
    } catch (IllegalArgumentException e) {
      throw invalid(name, e.getMessage());
    }
  }

  /** A JSON array of 32-byte hex strings. */
  List<Hash32> hashes(int position, String name) {
    if (!(values[position] instanceof List<?> list)) {
      throw invalid(
          name, "must be an array of 32-byte hex strings, got " + describe(values[position]));
    }
    List<Hash32> hashes = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String element = name + "[" + i + "]";
      if (!(list.get(i) instanceof String text)) {
        throw invalid(element, "must be a 32-byte hex string, got " + describe(list.get(i)));
      }
      try {
        hashes.add(Hash32.fromHex(text));
      } catch (IllegalArgumentException e) {
        throw invalid(element, e.getMessage());
      }
    }
    return hashes;
  }

  private BigInteger parse(String text, String name) {
    try {
      if (text.startsWith("0x") || text.startsWith("0X")) {
        return new BigInteger(text.substring(2), 16);
      }
      return new BigInteger(text);
    } catch (NumberFormatException e) {
      throw invalid(name, "must be a decimal or 0x-hex integer, got \"" + text + "\"");
    }
  }

  private InvalidParamsException invalid(String name, String why) {
    return new InvalidParamsException(method + ": " + name + " " + why);
  }

  private static String describe(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
  }
}
