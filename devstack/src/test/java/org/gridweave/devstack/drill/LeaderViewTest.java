package org.gridweave.devstack.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaderViewTest {
  @Test
  void readsTheControllersLeaderStatus() {
    LeaderView v =
        LeaderView.parse(
            "{\"instance\":\"c-2\",\"leader\":false,\"holder\":\"c-1\",\"epoch\":3,"
                + "\"since\":\"2026-11-26T16:00:00Z\",\"mode\":\"database\",\"problem\":null}");

    assertThat(v)
        .isEqualTo(
            new LeaderView(
                "c-2",
                false,
                Optional.of("c-1"),
                3,
                Optional.of(Instant.parse("2026-11-26T16:00:00Z")),
                "database"));
  }

  @Test
  void aStatusBeforeTheFirstAnswerOfTheStoreHasNoHolder() {
    LeaderView v =
        LeaderView.parse(
            "{\"instance\":\"c-1\",\"leader\":false,\"holder\":null,\"epoch\":0,\"since\":null,"
                + "\"mode\":\"database\"}");

    assertThat(v.holder()).isEmpty();
    assertThat(v.since()).isEmpty();
  }

  @Test
  void refusesAnAnswerWithoutInstanceOrLeaderSayingWhich() {
    assertThatThrownBy(() -> LeaderView.parse("{\"leader\":\"yes\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'instance' (text) and 'leader' (boolean)");
    assertThatThrownBy(() -> LeaderView.parse("<html>"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("did not answer JSON");
  }
}
