package org.gridweave.firmware.verify;

import org.gridweave.settlement.Hash32;

/**
 * What the settlement contract holds for one interval.
 *
 * @param tradesRoot the committed trades root ({@code 0x00…0} before any part landed)
 * @param parts how many parts the interval was split into (0 before any landed)
 * @param partsDone how many of them landed
 * @param settled every part landed: the root is final
 */
public record ChainInterval(Hash32 tradesRoot, int parts, int partsDone, boolean settled) {}
