package org.gridweave.besuplugin.core.options;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.gridweave.settlement.Account;
import picocli.CommandLine.Option;

/**
 * The plugin's command-line options, which Besu parses with picocli ({@code --plugin-energy-*}).
 * Fields hold the raw text; {@link #validate()} turns them into an {@link EnergyConfig} or says
 * which option is wrong and why.
 */
public final class EnergyOptions {

  public static final String CONTRACT_ADDRESS = "--plugin-energy-contract-address";
  public static final String OPERATORS = "--plugin-energy-operators";
  public static final String MQTT_URI = "--plugin-energy-mqtt-uri";
  public static final String INTERVAL_SECONDS = "--plugin-energy-interval-seconds";
  public static final String CLOCK_TOLERANCE = "--plugin-energy-clock-tolerance";

  static final long DEFAULT_INTERVAL_SECONDS = 900;
  private static final long MAX_INTERVAL_SECONDS = 86_400;
  private static final Set<String> MQTT_SCHEMES = Set.of("tcp", "ssl", "ws", "wss");

  @Option(
      names = CONTRACT_ADDRESS,
      paramLabel = "<ADDRESS>",
      description = "Address of the EnergySettlement contract (0x and 40 hex digits); required.")
  private String contractAddress;

  @Option(
      names = OPERATORS,
      paramLabel = "<ADDRESS>[,<ADDRESS>...]",
      description =
          "Comma-separated operator accounts allowed to call the contract until its"
              + " OperatorAdded/OperatorRemoved logs say otherwise; include the owner; required.")
  private String operators;

  @Option(
      names = MQTT_URI,
      paramLabel = "<URI>",
      description =
          "MQTT broker the settlement bridge publishes to (tcp://host:1883); none: no bridge.")
  private String mqttUri;

  @Option(
      names = INTERVAL_SECONDS,
      paramLabel = "<SECONDS>",
      description = "Settlement interval length in seconds, as the contract's (default: 900).")
  private long intervalSeconds = DEFAULT_INTERVAL_SECONDS;

  @Option(
      names = CLOCK_TOLERANCE,
      paramLabel = "<SECONDS>",
      description =
          "How far this node's clock may lag the block producer's when judging whether an"
              + " interval has ended, 0..3600 (default: 30).")
  private long clockToleranceSeconds = EnergyConfig.DEFAULT_CLOCK_TOLERANCE_SECONDS;

  /**
   * The settings, checked.
   *
   * @throws InvalidOptionsException naming the first option that is missing or malformed
   */
  public EnergyConfig validate() {
    Account contract = account(CONTRACT_ADDRESS, required(CONTRACT_ADDRESS, contractAddress));
    List<Account> operatorAccounts = new ArrayList<>();
    for (String entry : required(OPERATORS, operators).split(",", -1)) {
      if (entry.isBlank()) {
        throw new InvalidOptionsException(
            OPERATORS + ": an empty entry in '" + operators + "' (comma-separated addresses)");
      }
      Account operator = account(OPERATORS, entry.strip());
      if (operatorAccounts.contains(operator)) {
        throw new InvalidOptionsException(OPERATORS + ": " + operator + " is listed twice");
      }
      operatorAccounts.add(operator);
    }
    if (intervalSeconds <= 0 || intervalSeconds > MAX_INTERVAL_SECONDS) {
      throw new InvalidOptionsException(
          INTERVAL_SECONDS
              + " must be 1.."
              + MAX_INTERVAL_SECONDS
              + " (the contract's interval length), got "
              + intervalSeconds);
    }
    if (clockToleranceSeconds < 0
        || clockToleranceSeconds > EnergyConfig.MAX_CLOCK_TOLERANCE_SECONDS) {
      throw new InvalidOptionsException(
          CLOCK_TOLERANCE
              + " must be 0.."
              + EnergyConfig.MAX_CLOCK_TOLERANCE_SECONDS
              + " seconds (how far this node's clock may lag the block producer's), got "
              + clockToleranceSeconds);
    }
    return new EnergyConfig(
        contract, operatorAccounts, mqtt(), intervalSeconds, clockToleranceSeconds);
  }

  private Optional<URI> mqtt() {
    if (mqttUri == null || mqttUri.isBlank()) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(mqttUri.strip());
    } catch (URISyntaxException e) {
      throw new InvalidOptionsException(
          MQTT_URI + ": '" + mqttUri + "' is not a URI: " + e.getReason(), e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!MQTT_SCHEMES.contains(scheme) || uri.getHost() == null) {
      throw new InvalidOptionsException(
          MQTT_URI + ": '" + mqttUri + "' is no broker URI; expected tcp://host:port (or ssl://)");
    }
    return Optional.of(uri);
  }

  private static String required(String option, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidOptionsException(option + " is required");
    }
    return value;
  }

  private static Account account(String option, String text) {
    try {
      return Account.fromHex(text.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionsException(option + ": " + e.getMessage(), e);
    }
  }
}
