/*
 * Compile-only subset of the Hyperledger Besu plugin API; mirrors Besu 26.8.0.
 * Written by GridWeave from the facts in BESU-PLUGIN-API.md, not copied from Besu's source.
 * Never packaged: at run time the GridWeave plugin links against Besu's own type.
 */
package org.hyperledger.besu.plugin.data;

/**
 * Supertype of {@link AddedBlockContext}. The facts name it but not its members: declared empty.
 * The GridWeave plugin never refers to it.
 */
public interface BlockContext {}
