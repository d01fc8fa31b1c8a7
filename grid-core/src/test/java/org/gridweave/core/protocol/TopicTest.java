package org.gridweave.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicTest {
  @Test
  void parsesAndPrintsPerMeterTopics() throws Exception {
    Topic t = Topic.parse("gridweave/v1/s-1/m-1/backfill");
    assertThat(t.kind()).isEqualTo(Topic.Kind.BACKFILL);
    assertThat(t.withKind(Topic.Kind.REJECTED).name()).isEqualTo("gridweave/v1/s-1/m-1/rejected");
  }

  @Test
  void sharedFilterSpreadsOverAGroup() {
    assertThat(Topic.Kind.TELEMETRY.sharedFilter("gateway"))
        .isEqualTo("$share/gateway/gridweave/v1/+/+/telemetry");
  }

  @Test
  void rejectsForeignOrMalformedTopics() {
    for (String bad :
        new String[] {
          "gridweave/v2/s/m/telemetry", "gridweave/v1/s/m", "gridweave/v1/s/m/x", "a/b"
        }) {
      assertThatThrownBy(() -> Topic.parse(bad))
          .isInstanceOfSatisfying(
              ProtocolException.class,
              e -> assertThat(e.reason()).isEqualTo(RejectReason.INVALID_TOPIC));
    }
  }
}
