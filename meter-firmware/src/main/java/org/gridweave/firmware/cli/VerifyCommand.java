package org.gridweave.firmware.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gridweave.core.id.SiteId;
import org.gridweave.firmware.verify.ControllerProofs;
import org.gridweave.firmware.verify.SettlementVerifier;
import org.gridweave.firmware.verify.Verification;
import org.gridweave.firmware.verify.VerificationException;
import org.gridweave.firmware.verify.chain.ContractReader;
import org.gridweave.settlement.Account;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meter verify}: fetches the site's proofs of one interval from the controller and checks
 * every trade against the settlement contract on chain. Exit 0 when all verified, 1 when a check
 * failed, the interval is not settled, or verification could not be done.
 */
@Command(
    name = "verify",
    description =
        "Verify this site's trades of one interval against the chain: the leaf recomputed from the"
            + " trade's fields, its Merkle proof against the root read from the contract, and the"
            + " contract's verifyTrade.")
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--interval",
      required = true,
      description = "interval start: ISO-8601 instant (2026-11-26T10:00:00Z) or Unix seconds")
  String interval;

  @Option(
      names = "--controller",
      defaultValue = "http://127.0.0.1:8083",
      description = "grid controller base URL (${DEFAULT-VALUE})")
  URI controller;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Who who;

  static final class Who {
    @Option(names = "--site", description = "the site whose trades to verify")
    String site;

    @Option(names = "--config", description = "the meter's YAML file (for its site)")
    Path config;
  }

  @Option(
      names = "--rpc",
      defaultValue = "http://127.0.0.1:8545",
      description = "the chain's JSON-RPC URL (${DEFAULT-VALUE})")
  String rpc;

  @Option(
      names = "--contract",
      description = "settlement contract address (default: the one the controller names)")
  String contract;

  @Option(
      names = "--timeout-s",
      defaultValue = "10",
      description = "controller timeout in seconds (${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    Instant start = interval(interval);
    SiteId site = site();
    if (timeoutSeconds < 1) {
      throw new MeterCli.CliException("--timeout-s must be at least 1, was " + timeoutSeconds);
    }
    Optional<Account> address;
    try {
      address = Optional.ofNullable(contract).map(Account::fromHex);
    } catch (IllegalArgumentException e) {
      throw new MeterCli.CliException("--contract: " + e.getMessage());
    }
    SettlementVerifier verifier;
    try {
      verifier =
          new SettlementVerifier(
              new ControllerProofs(controller, Duration.ofSeconds(timeoutSeconds)),
              ContractReader.at(rpc));
    } catch (IllegalArgumentException e) {
      throw new MeterCli.CliException(e.getMessage());
    }
    Verification result;
    try {
      result = verifier.verify(start, site, address);
    } catch (VerificationException e) {
      throw new MeterCli.CliException(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    result.lines().forEach(out::println);
    out.flush();
    return result.ok() ? 0 : 1;
  }

  private SiteId site() throws MeterCli.CliException {
    if (who.config != null) {
      return MeterCli.load(who.config).site();
    }
    try {
      return SiteId.of(who.site);
    } catch (IllegalArgumentException e) {
      throw new MeterCli.CliException("--site: " + e.getMessage());
    }
  }

  /** ISO-8601 instant or Unix seconds, as the controller's REST API takes them. */
  static Instant interval(String text) throws MeterCli.CliException {
    if (!text.isEmpty() && text.length() <= 12 && text.chars().allMatch(Character::isDigit)) {
      return Instant.ofEpochSecond(Long.parseLong(text));
    }
    try {
      Instant at = Instant.parse(text);
      if (at.getNano() != 0) {
        throw new MeterCli.CliException("--interval must start on a whole second, was " + text);
      }
      return at;
    } catch (DateTimeParseException e) {
      throw new MeterCli.CliException(
          "--interval must be an ISO-8601 instant (2026-11-26T10:00:00Z) or Unix seconds, was '"
              + text
              + "'");
    }
  }
}
