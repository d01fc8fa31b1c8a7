/*
 * Compile-only subset of the Hyperledger Besu plugin API; mirrors Besu 26.8.0.
 * Written by GridWeave from the facts in BESU-PLUGIN-API.md, not copied from Besu's source.
 * Never packaged: at run time the GridWeave plugin links against Besu's own type.
 */
package org.hyperledger.besu.plugin.services;

/** Adds a plugin's picocli options to Besu's command line. */
public interface PicoCLIOptions extends BesuService {

  void addPicoCLIOptions(String namespace, Object optionObject);
}
