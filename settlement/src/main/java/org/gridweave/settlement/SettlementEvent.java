package org.gridweave.settlement;

/** A decoded log of the {@code EnergySettlement} contract (see {@link SettlementEvents}). */
public sealed interface SettlementEvent
    permits IntervalSettled,
        IntervalPartSettled,
        ParticipantRegistered,
        OperatorAdded,
        OperatorRemoved {}
