package org.gridweave.firmware.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpoolTest {
  @TempDir Path dir;

  private static byte[] payload(long seq) {
    return ("message " + seq).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void returnsPendingMessagesInSequenceOrderWithTheirBytes() {
    try (DiskSpool spool = DiskSpool.open(dir)) {
      spool.append(3, payload(3));
      spool.append(7, payload(7));
      spool.append(8, payload(8));

      assertThat(spool.pending()).extracting(SpooledMessage::sequence).containsExactly(3L, 7L, 8L);
      assertThat(spool.pending().get(1).payload()).isEqualTo(payload(7));
    }
  }

  @Test
  void acknowledgedMessagesAreNoLongerPending() {
    try (DiskSpool spool = DiskSpool.open(dir)) {
      LongStream.range(0, 5).forEach(s -> spool.append(s, payload(s)));

      spool.acknowledge(1);
      spool.acknowledge(3);
      spool.acknowledge(42);

      assertThat(spool.pending()).extracting(SpooledMessage::sequence).containsExactly(0L, 2L, 4L);
    }
  }

  @Test
  void refusesASequenceNumberThatDoesNotIncrease() {
    try (DiskSpool spool = DiskSpool.open(dir)) {
      spool.append(5, payload(5));
      assertThatThrownBy(() -> spool.append(5, payload(5)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not above");
    }
  }

  @Test
  void unacknowledgedMessagesArePendingAgainAfterARestart() {
    try (DiskSpool spool = DiskSpool.open(dir)) {
      LongStream.range(0, 10).forEach(s -> spool.append(s, payload(s)));
      LongStream.range(0, 4).forEach(spool::acknowledge);
    }

    try (DiskSpool reopened = DiskSpool.open(dir)) {
      assertThat(reopened.pending())
          .extracting(SpooledMessage::sequence)
          .containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
      assertThat(reopened.pending().get(0).payload()).isEqualTo(payload(4));
      reopened.append(10, payload(10));
      assertThat(reopened.pendingCount()).isEqualTo(7);
    }
  }

  @Test
  void dropsATornLastRecordAndKeepsTheRest() throws IOException {
    try (DiskSpool spool = DiskSpool.open(dir, true, DiskSpool.DEFAULT_SEGMENT_BYTES)) {
      LongStream.range(0, 3).forEach(s -> spool.append(s, payload(s)));
    }
    Path segment = onlySegment();
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.setLength(f.length() - 3); // the crash hit in the middle of record 2
    }

    try (DiskSpool reopened = DiskSpool.open(dir)) {
      assertThat(reopened.pending()).extracting(SpooledMessage::sequence).containsExactly(0L, 1L);
      reopened.append(2, payload(2));
    }
    try (DiskSpool again = DiskSpool.open(dir)) {
      assertThat(again.pending()).extracting(SpooledMessage::sequence).containsExactly(0L, 1L, 2L);
    }
  }

  @Test
  void dropsARecordWhoseBytesFailTheCrc() throws IOException {
    try (DiskSpool spool = DiskSpool.open(dir)) {
      LongStream.range(0, 3).forEach(s -> spool.append(s, payload(s)));
    }
    Path segment = onlySegment();
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.seek(f.length() - 1);
      f.write('X');
    }

    try (DiskSpool reopened = DiskSpool.open(dir)) {
      assertThat(reopened.pending()).extracting(SpooledMessage::sequence).containsExactly(0L, 1L);
    }
  }

  @Test
  void deletesSegmentsOnceAllTheirRecordsAreAcknowledged() {
    try (DiskSpool spool = DiskSpool.open(dir, false, 200)) {
      LongStream.range(0, 40).forEach(s -> spool.append(s, payload(s)));
      int segmentsBefore = spool.segmentCount();
      assertThat(segmentsBefore).isGreaterThan(3);

      LongStream.range(0, 40).forEach(spool::acknowledge);

      assertThat(spool.segmentCount()).isEqualTo(1);
      assertThat(spool.pending()).isEmpty();
    }
  }

  @Test
  void keepsThousandsOfRecordsAcrossManySegmentsAndRestarts() {
    int n = 5000;
    try (DiskSpool spool = DiskSpool.open(dir, false, 16 * 1024)) {
      LongStream.range(0, n).forEach(s -> spool.append(s, payload(s)));
      LongStream.range(0, n).filter(s -> s % 3 == 0).forEach(spool::acknowledge);
    }
    try (DiskSpool reopened = DiskSpool.open(dir, false, 16 * 1024)) {
      assertThat(reopened.pending())
          .extracting(SpooledMessage::sequence)
          .containsExactlyElementsOf(
              LongStream.range(0, n).filter(s -> s % 3 != 0).boxed().toList());
      assertThat(reopened.pending(10, s -> s > 4000))
          .extracting(SpooledMessage::sequence)
          .startsWith(4001L, 4003L, 4004L)
          .hasSize(10);
      LongStream.range(0, n).forEach(reopened::acknowledge);
      assertThat(reopened.pendingCount()).isZero();
    }
    try (DiskSpool empty = DiskSpool.open(dir, false, 16 * 1024)) {
      assertThat(empty.pending()).isEmpty();
    }
  }

  private Path onlySegment() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("segment-"))
          .findFirst()
          .orElseThrow();
    }
  }
}
