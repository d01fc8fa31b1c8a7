package org.gridweave.gateway.ingest;

/** The outcome of checking one inbound message: exactly one of the two is set. */
public record Verdict(Inbound inbound, AcceptedMessage accepted, RejectedMessage rejected) {
  static Verdict accept(Inbound in, AcceptedMessage m) {
    return new Verdict(in, m, null);
  }

  static Verdict reject(Inbound in, RejectedMessage r) {
    return new Verdict(in, null, r);
  }

  public boolean isAccepted() {
    return accepted != null;
  }
}
