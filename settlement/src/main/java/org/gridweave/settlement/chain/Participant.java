package org.gridweave.settlement.chain;

import org.gridweave.settlement.Account;

/** A registered participant and its balance in micro-units ({@code participant(uint32)}). */
public record Participant(int index, Account account, long balanceMicros) {}
