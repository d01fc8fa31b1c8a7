/*
 * Compile-only subset of the Hyperledger Besu plugin API; mirrors Besu 26.8.0.
 * Written by GridWeave from the facts in BESU-PLUGIN-API.md, not copied from Besu's source.
 * Never packaged: at run time the GridWeave plugin links against Besu's own type.
 */
package org.hyperledger.besu.plugin.services.txvalidator;

import java.util.Optional;
import org.hyperledger.besu.datatypes.Transaction;

/** Accepts (empty result) or rejects (the reason) a transaction entering the pool. */
public interface PluginTransactionPoolValidator {

  Optional<String> validateTransaction(
      Transaction transaction, boolean isLocal, boolean hasPriority);
}
