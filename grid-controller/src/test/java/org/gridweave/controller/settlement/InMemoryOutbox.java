package org.gridweave.controller.settlement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The outbox in memory, for the ledger client's tests; survives "restarts" of the client. */
public final class InMemoryOutbox implements SettlementOutbox {
  private final List<Part> parts = new ArrayList<>();

  public InMemoryOutbox add(long intervalId, int part, int parts, byte[] calldata) {
    this.parts.add(
        new Part(
            intervalId,
            part,
            parts,
            calldata,
            Status.PENDING,
            OptionalLong.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            0));
    return this;
  }

  public Part get(long intervalId, int part) {
    return parts.stream()
        .filter(p -> p.intervalId() == intervalId && p.part() == part)
        .findFirst()
        .orElseThrow();
  }

  @Override
  public List<Part> open() {
    return parts.stream()
        .filter(p -> p.status() != Status.SETTLED)
        .sorted(Comparator.comparingLong(Part::intervalId).thenComparingInt(Part::part))
        .toList();
  }

  private void replace(long intervalId, int part, java.util.function.UnaryOperator<Part> f) {
    Part old = get(intervalId, part);
    parts.set(parts.indexOf(old), f.apply(old));
  }

  @Override
  public void signed(long intervalId, int part, long nonce, String txHash, byte[] signedTx) {
    replace(
        intervalId,
        part,
        p ->
            new Part(
                p.intervalId(),
                p.part(),
                p.parts(),
                p.calldata(),
                Status.SIGNED,
                OptionalLong.of(nonce),
                Optional.of(txHash),
                Optional.of(signedTx),
                Optional.empty(),
                p.builtAtBlock()));
  }

  @Override
  public void settled(long intervalId, int part, Optional<SettlementLedger.Inclusion> where) {
    replace(
        intervalId,
        part,
        p ->
            new Part(
                p.intervalId(),
                p.part(),
                p.parts(),
                p.calldata(),
                Status.SETTLED,
                p.nonce(),
                where.map(SettlementLedger.Inclusion::txHash),
                p.signedTx(),
                Optional.empty(),
                p.builtAtBlock()));
  }

  @Override
  public void failed(long intervalId, int part, String reason) {
    replace(
        intervalId,
        part,
        p ->
            new Part(
                p.intervalId(),
                p.part(),
                p.parts(),
                p.calldata(),
                Status.FAILED,
                p.nonce(),
                p.txHash(),
                p.signedTx(),
                Optional.of(reason),
                p.builtAtBlock()));
  }
}
