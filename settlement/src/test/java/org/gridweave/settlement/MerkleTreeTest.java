package org.gridweave.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

  private static final Hash32 A = leaf("a");
  private static final Hash32 B = leaf("b");
  private static final Hash32 C = leaf("c");

  @Test
  void noLeavesGiveTheZeroRoot() {
    assertThat(MerkleTree.of(List.of()).root()).isEqualTo(Hash32.ZERO);
  }

  @Test
  void oneLeafIsItsOwnRootWithAnEmptyProof() {
    MerkleTree tree = MerkleTree.of(List.of(A));
    assertThat(tree.root()).isEqualTo(A);
    assertThat(tree.proof(A)).isEmpty();
    assertThat(MerkleTree.verify(A, List.of(), tree.root())).isTrue();
  }

  @Test
  void twoLeavesHashTheSmallerFirstInEitherOrder() {
    Hash32 expected = concatHash(min(A, B), max(A, B));
    assertThat(MerkleTree.of(List.of(A, B)).root()).isEqualTo(expected);
    assertThat(MerkleTree.of(List.of(B, A)).root()).isEqualTo(expected);
    assertThat(MerkleTree.of(List.of(A, B)).proof(A)).containsExactly(B);
  }

  @Test
  void threeLeavesCarryTheLargestUpUnhashed() {
    List<Hash32> sorted = new ArrayList<>(List.of(A, B, C));
    sorted.sort(null);
    Hash32 pair = concatHash(sorted.get(0), sorted.get(1));
    Hash32 expected = concatHash(min(pair, sorted.get(2)), max(pair, sorted.get(2)));

    MerkleTree tree = MerkleTree.of(List.of(C, A, B));

    assertThat(tree.root()).isEqualTo(expected);
    assertThat(tree.proof(sorted.get(2))).containsExactly(pair);
    assertThat(tree.proof(sorted.get(0))).containsExactly(sorted.get(1), sorted.get(2));
  }

  @Test
  void everyLeafProvesAgainstTheRootForTreesOfOneToSeventeenLeaves() {
    for (int size = 1; size <= 17; size++) {
      List<Hash32> leaves = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        leaves.add(leaf("leaf-" + i));
      }
      MerkleTree tree = MerkleTree.of(leaves);
      for (Hash32 leaf : leaves) {
        assertThat(MerkleTree.verify(leaf, tree.proof(leaf), tree.root()))
            .as("leaf of a %d-leaf tree", size)
            .isTrue();
      }
    }
  }

  @Test
  void aProofDoesNotCarryOverToAnotherLeafOrATamperedSibling() {
    MerkleTree tree = MerkleTree.of(List.of(A, B, C, leaf("d")));
    List<Hash32> proofOfA = tree.proof(A);

    assertThat(MerkleTree.verify(leaf("x"), proofOfA, tree.root())).isFalse();
    List<Hash32> tampered = new ArrayList<>(proofOfA);
    tampered.set(1, leaf("x"));
    assertThat(MerkleTree.verify(A, tampered, tree.root())).isFalse();
  }

  @Test
  void refusesDuplicateLeavesAndProofsOfStrangers() {
    assertThatThrownBy(() -> MerkleTree.of(List.of(A, B, A))).hasMessageContaining("appears twice");
    assertThatThrownBy(() -> MerkleTree.of(List.of(A, B)).proof(C))
        .hasMessageContaining("is not in the tree");
  }

  private static Hash32 leaf(String text) {
    return Hash32.keccak(Hash32.keccakUtf8(text).bytes());
  }

  private static Hash32 concatHash(Hash32 first, Hash32 second) {
    byte[] both = new byte[64];
    System.arraycopy(first.bytes(), 0, both, 0, 32);
    System.arraycopy(second.bytes(), 0, both, 32, 32);
    return Hash32.keccak(both);
  }

  private static Hash32 min(Hash32 a, Hash32 b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Hash32 max(Hash32 a, Hash32 b) {
    return a.compareTo(b) <= 0 ? b : a;
  }
}
