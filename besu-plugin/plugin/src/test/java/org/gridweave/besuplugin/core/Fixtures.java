package org.gridweave.besuplugin.core;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.gridweave.besuplugin.core.index.LogPosition;
import org.gridweave.besuplugin.core.index.SettlementLog;
import org.gridweave.besuplugin.core.options.EnergyConfig;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Delta;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.IntervalPartSettled;
import org.gridweave.settlement.IntervalSettled;
import org.gridweave.settlement.OperatorAdded;
import org.gridweave.settlement.OperatorRemoved;
import org.gridweave.settlement.ParticipantRegistered;

/** Values the core's tests share: accounts, a config, and settlement logs at chosen blocks. */
public final class Fixtures {

  public static final long INTERVAL_SECONDS = 900;

  /** 2026-11-26T10:00:00Z, an interval start. */
  public static final long T0 = 1_764_151_200L;

  public static final Account CONTRACT = account(0xC0);
  public static final Account OPERATOR = account(0x0A);
  public static final Account STRANGER = account(0x5E);
  public static final Hash32 TRADES_ROOT = Hash32.keccakUtf8("trades");
  public static final Hash32 READINGS_ROOT = Hash32.keccakUtf8("readings");

  private Fixtures() {}

  public static Account account(int fill) {
    byte[] bytes = new byte[20];
    java.util.Arrays.fill(bytes, (byte) fill);
    return Account.of(bytes);
  }

  public static EnergyConfig config() {
    return new EnergyConfig(CONTRACT, List.of(OPERATOR), Optional.empty(), INTERVAL_SECONDS);
  }

  /** A clock at {@code epochSecond}. */
  public static Clock clockAt(long epochSecond) {
    return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
  }

  /** A log position in block {@code block} of fork {@code fork} (fork changes the block hash). */
  public static LogPosition at(long block, String fork) {
    return new LogPosition(
        block,
        Hash32.keccakUtf8("block " + block + " " + fork),
        Hash32.keccakUtf8("tx in block " + block + " " + fork),
        0);
  }

  public static LogPosition at(long block) {
    return at(block, "main");
  }

  public static SettlementLog settled(long intervalId, LogPosition position) {
    return settled(intervalId, 1, position);
  }

  public static SettlementLog settled(long intervalId, int parts, LogPosition position) {
    return new SettlementLog(
        new IntervalSettled(intervalId, TRADES_ROOT, READINGS_ROOT, parts), position, false);
  }

  public static SettlementLog part(
      long intervalId, int part, int parts, List<Delta> deltas, LogPosition position) {
    return new SettlementLog(
        new IntervalPartSettled(intervalId, part, parts, deltas), position, false);
  }

  public static SettlementLog registered(int index, Account account, LogPosition position) {
    return new SettlementLog(
        new ParticipantRegistered(index, account, Hash32.keccakUtf8("site-" + index)),
        position,
        false);
  }

  public static SettlementLog operatorAdded(Account operator, LogPosition position) {
    return new SettlementLog(new OperatorAdded(operator), position, false);
  }

  public static SettlementLog operatorRemoved(Account operator, LogPosition position) {
    return new SettlementLog(new OperatorRemoved(operator), position, false);
  }

  /** The same log, taken back by a re-org. */
  public static SettlementLog removed(SettlementLog log) {
    return new SettlementLog(log.event(), log.position(), true);
  }
}
