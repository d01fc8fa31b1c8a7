package org.gridweave.firmware;

import java.time.Instant;
import java.util.List;
import org.gridweave.core.id.MeterId;

/**
 * A telemetry message as its meter produced it: what a receiver must eventually hold.
 *
 * @param meter the producing meter
 * @param sequence the message sequence number
 * @param sampleTimes the times of its samples, ascending
 */
public record ProducedMessage(MeterId meter, long sequence, List<Instant> sampleTimes) {
  public ProducedMessage {
    sampleTimes = List.copyOf(sampleTimes);
  }

  public int sampleCount() {
    return sampleTimes.size();
  }
}
