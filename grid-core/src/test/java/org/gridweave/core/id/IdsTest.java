package org.gridweave.core.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {
  @ParameterizedTest
  @ValueSource(strings = {"m-1", "MAC000002", "site_7.a"})
  void acceptsTopicSafeIds(String id) {
    assertThat(MeterId.of(id).value()).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a/b", "+", "#", "-lead", "with space"})
  void rejectsIdsThatWouldBreakTopics(String id) {
    assertThatThrownBy(() -> MeterId.of(id)).hasMessageContaining("invalid");
  }

  @ParameterizedTest
  @ValueSource(ints = {64, 65})
  void limitsIdsTo64Characters(int length) {
    String id = "a".repeat(length);
    assertThat(SiteId.isValid(id)).isEqualTo(length <= 64);
  }
}
