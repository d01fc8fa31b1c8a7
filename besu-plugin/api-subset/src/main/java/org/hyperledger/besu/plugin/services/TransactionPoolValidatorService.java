/*
 * Compile-only subset of the Hyperledger Besu plugin API; mirrors Besu 26.8.0.
 * Written by GridWeave from the facts in BESU-PLUGIN-API.md, not copied from Besu's source.
 * Never packaged: at run time the GridWeave plugin links against Besu's own type.
 */
package org.hyperledger.besu.plugin.services;

import org.hyperledger.besu.plugin.services.txvalidator.PluginTransactionPoolValidator;
import org.hyperledger.besu.plugin.services.txvalidator.PluginTransactionPoolValidatorFactory;

/** Lets a plugin validate transactions entering the pool (unstable in Besu 26.8.0). */
public interface TransactionPoolValidatorService extends BesuService {

  PluginTransactionPoolValidator createTransactionValidator();

  void registerPluginTransactionValidatorFactory(
      PluginTransactionPoolValidatorFactory pluginTransactionPoolValidatorFactory);
}
