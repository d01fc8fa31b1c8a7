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

  /** Replaces a part's state, keeping what identifies it (interval, part, calldata, block). */
  private void update(
      long intervalId,
      int part,
      Status status,
      OptionalLong nonce,
      Optional<String> txHash,
      Optional<byte[]> signedTx,
      Optional<String> error) {
    Part p = get(intervalId, part);
    parts.set(
        parts.indexOf(p),
        new Part(
            p.intervalId(),
            p.part(),
            p.parts(),
            p.calldata(),
            status,
            nonce,
            txHash,
            signedTx,
            error,
            p.builtAtBlock()));
  }

  @Override
  public void signed(long intervalId, int part, long nonce, String txHash, byte[] signedTx) {
    update(
        intervalId,
        part,
        Status.SIGNED,
        OptionalLong.of(nonce),
        Optional.of(txHash),
        Optional.of(signedTx),
        Optional.empty());
  }

  @Override
  public void settled(long intervalId, int part, Optional<SettlementLedger.Inclusion> where) {
    Part p = get(intervalId, part);
    update(
        intervalId,
        part,
        Status.SETTLED,
        p.nonce(),
        where.map(SettlementLedger.Inclusion::txHash),
        p.signedTx(),
        Optional.empty());
  }

  @Override
  public void failed(long intervalId, int part, String reason) {
    Part p = get(intervalId, part);
    update(
        intervalId, part, Status.FAILED, p.nonce(), p.txHash(), p.signedTx(), Optional.of(reason));
  }
}
