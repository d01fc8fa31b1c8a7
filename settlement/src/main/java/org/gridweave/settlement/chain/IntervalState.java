package org.gridweave.settlement.chain;

import org.gridweave.settlement.Hash32;

/**
 * What the contract holds for one interval ({@code interval(uint64)}); all zero for an interval no
 * part of which has landed.
 */
public record IntervalState(
    Hash32 tradesRoot, Hash32 readingsRoot, int parts, int partsDone, boolean settled) {}
