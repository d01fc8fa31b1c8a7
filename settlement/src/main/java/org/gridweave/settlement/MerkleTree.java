package org.gridweave.settlement;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A Merkle tree whose proofs OpenZeppelin's {@code MerkleProof.verify} accepts (ADR 0013): leaves
 * sorted ascending, each internal node {@code keccak256(min(a,b) ‖ max(a,b))}, an odd node carried
 * up unchanged. One leaf: the root is the leaf. No leaves: the root is {@link Hash32#ZERO}.
 *
 * <p>Leaves are already hashed (see {@link TradeLeaf#hash()}, {@link ReadingLeaf#hash()}: hashed
 * twice, so no leaf can pass for an internal node). Duplicate leaves are refused: a trade or a
 * reading appears once in an interval. Immutable and thread-safe.
 */
public final class MerkleTree {

  /** levels.get(0) = sorted leaves; the last level holds the root alone (or nothing). */
  private final List<List<Hash32>> levels;

  private MerkleTree(List<List<Hash32>> levels) {
    this.levels = levels;
  }

  /**
   * Builds the tree over {@code leaves} in any order.
   *
   * @throws IllegalArgumentException if a leaf is null or appears twice
   */
  public static MerkleTree of(List<Hash32> leaves) {
    if (leaves == null) {
      throw new IllegalArgumentException("leaves are required (an empty list for none)");
    }
    List<Hash32> level = new ArrayList<>(leaves.size());
    for (Hash32 leaf : leaves) {
      if (leaf == null) {
        throw new IllegalArgumentException("a leaf is null");
      }
      level.add(leaf);
    }
    Collections.sort(level);
    for (int i = 1; i < level.size(); i++) {
      if (level.get(i).equals(level.get(i - 1))) {
        throw new IllegalArgumentException("leaf " + level.get(i) + " appears twice");
      }
    }
    List<List<Hash32>> levels = new ArrayList<>();
    levels.add(List.copyOf(level));
    while (level.size() > 1) {
      List<Hash32> parents = new ArrayList<>((level.size() + 1) / 2);
      for (int i = 0; i + 1 < level.size(); i += 2) {
        parents.add(hashPair(level.get(i), level.get(i + 1)));
      }
      if (level.size() % 2 == 1) {
        parents.add(level.get(level.size() - 1));
      }
      levels.add(List.copyOf(parents));
      level = parents;
    }
    return new MerkleTree(List.copyOf(levels));
  }

  /** {@code keccak256(min(a,b) ‖ max(a,b))}. */
  public static Hash32 hashPair(Hash32 a, Hash32 b) {
    Hash32 low = a.compareTo(b) <= 0 ? a : b;
    Hash32 high = low == a ? b : a;
    byte[] pair = new byte[2 * Hash32.LENGTH];
    low.copyTo(pair, 0);
    high.copyTo(pair, Hash32.LENGTH);
    return Hash32.keccak(pair);
  }

  /**
   * Whether {@code proof} leads from {@code leaf} to {@code root}: what the contract's {@code
   * verifyTrade} computes.
   */
  public static boolean verify(Hash32 leaf, List<Hash32> proof, Hash32 root) {
    Hash32 node = leaf;
    for (Hash32 sibling : proof) {
      node = hashPair(node, sibling);
    }
    return node.equals(root);
  }

  public Hash32 root() {
    List<Hash32> top = levels.get(levels.size() - 1);
    return top.isEmpty() ? Hash32.ZERO : top.get(0);
  }

  /** The leaves in tree order (ascending). */
  public List<Hash32> leaves() {
    return levels.get(0);
  }

  public int size() {
    return levels.get(0).size();
  }

  public boolean contains(Hash32 leaf) {
    return Collections.binarySearch(levels.get(0), leaf) >= 0;
  }

  /**
   * The sibling hashes from {@code leaf} up to the root (empty for a one-leaf tree).
   *
   * @throws IllegalArgumentException if {@code leaf} is not in the tree
   */
  public List<Hash32> proof(Hash32 leaf) {
    int index = Collections.binarySearch(levels.get(0), leaf);
    if (index < 0) {
      throw new IllegalArgumentException("leaf " + leaf + " is not in the tree");
    }
    List<Hash32> proof = new ArrayList<>();
    for (int depth = 0; depth < levels.size() - 1; depth++) {
      List<Hash32> level = levels.get(depth);
      int sibling = index ^ 1;
      if (sibling < level.size()) {
        proof.add(level.get(sibling));
      }
      index /= 2;
    }
    return List.copyOf(proof);
  }
}
