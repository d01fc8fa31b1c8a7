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
import org.gridweave.firmware.config.MeterConfig;
import org.gridweave.firmware.config.SettlementConfig;
import org.gridweave.firmware.verify.Anchor;
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
 * every trade, and the site's net for the interval, against the settlement contract on chain. The
 * contract and the site's account come from {@code --contract}/{@code --account}, else the meter
 * config's {@code settlement:} section, else (with a WARNING, "not independent") the controller.
 * Exit 0 when all verified, 1 when a check failed, the interval is not settled, or verification
 * could not be done.
 */
@Command(
    name = "verify",
    description =
        "Verify this site's trades of one interval against the chain: the leaf recomputed from the"
            + " trade's fields, its Merkle proof against the root read from the contract, the"
            + " contract's verifyTrade, and the site's net from the interval's IntervalPartSettled"
            + " events.")
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

    @Option(
        names = "--config",
        description = "the meter's YAML file (its site, and its settlement: contract and account)")
    Path config;
  }

  @Option(
      names = "--rpc",
      defaultValue = "http://127.0.0.1:8545",
      description = "the chain's JSON-RPC URL (${DEFAULT-VALUE})")
  String rpc;

  @Option(
      names = "--contract",
      description =
          "settlement contract address (default: settlement.contract in --config; else the one the"
              + " controller names, with a WARNING)")
  String contract;

  @Option(
      names = "--account",
      description =
          "the site's chain account (default: settlement.account in --config; else the one the"
              + " controller names, with a WARNING)")
  String account;

  @Option(
      names = "--user",
      description =
          "console user for the controller's login (a prosumer, or an operator); the password"
              + " comes from the environment variable GRIDWEAVE_PASSWORD, never the command line")
  String user;

  @Option(
      names = "--timeout-s",
      defaultValue = "10",
      description = "controller timeout in seconds (${DEFAULT-VALUE})")
  int timeoutSeconds;

  private Optional<ControllerProofs.Login> login() throws MeterCli.CliException {
    if (user == null) {
      return Optional.empty();
    }
    String password = System.getenv("GRIDWEAVE_PASSWORD");
    if (password == null || password.isEmpty()) {
      throw new MeterCli.CliException(
          "--user " + user + " needs the password in GRIDWEAVE_PASSWORD");
    }
    return Optional.of(new ControllerProofs.Login(user, password));
  }

  @Override
  public Integer call() throws Exception {
    Instant start = interval(interval);
    if (timeoutSeconds < 1) {
      throw new MeterCli.CliException("--timeout-s must be at least 1, was " + timeoutSeconds);
    }
    Optional<MeterConfig> config =
        who.config == null ? Optional.empty() : Optional.of(MeterCli.load(who.config));
    SiteId site = config.isPresent() ? config.get().site() : site(who.site);
    SettlementConfig settlement = config.map(MeterConfig::settlement).orElse(SettlementConfig.NONE);
    Optional<Anchor> contractAnchor =
        anchor("--contract", contract, settlement.contract(), "settlement.contract");
    Optional<Anchor> accountAnchor =
        anchor("--account", account, settlement.account(), "settlement.account");
    SettlementVerifier verifier;
    try {
      verifier =
          new SettlementVerifier(
              new ControllerProofs(controller, Duration.ofSeconds(timeoutSeconds), login()),
              ContractReader.at(rpc));
    } catch (IllegalArgumentException e) {
      throw new MeterCli.CliException(e.getMessage());
    }
    Verification result;
    try {
      result = verifier.verify(start, site, contractAnchor, accountAnchor);
    } catch (VerificationException e) {
      throw new MeterCli.CliException(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    result.lines().forEach(out::println);
    out.flush();
    return result.ok() ? 0 : 1;
  }

  private static SiteId site(String site) throws MeterCli.CliException {
    try {
      return SiteId.of(site);
    } catch (IllegalArgumentException e) {
      throw new MeterCli.CliException("--site: " + e.getMessage());
    }
  }

  /** The option's address if given, else the config's, else none (the controller's word). */
  private Optional<Anchor> anchor(
      String option, String text, Optional<Account> configured, String field)
      throws MeterCli.CliException {
    if (text != null) {
      try {
        return Optional.of(Anchor.given(Account.fromHex(text.strip()), option));
      } catch (IllegalArgumentException e) {
        throw new MeterCli.CliException(option + ": " + e.getMessage());
      }
    }
    return configured.map(a -> Anchor.given(a, field + " in " + who.config));
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
