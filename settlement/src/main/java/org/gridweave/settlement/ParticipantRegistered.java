package org.gridweave.settlement;

/** {@code ParticipantRegistered}: {@code account} got participant {@code index}. */
public record ParticipantRegistered(int index, Account account, Hash32 siteRef)
    implements SettlementEvent {

  public ParticipantRegistered {
    if (index < 0 || account == null || siteRef == null) {
      throw new IllegalArgumentException("an index >= 0, an account and a siteRef are required");
    }
  }
}
