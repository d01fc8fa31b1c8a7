package org.gridweave.forecasting.data;

import java.time.Instant;
import java.time.LocalDateTime;

/**
 * One CSV row.
 *
 * @param line the row's line number in its file (1 = header)
 * @param timeText the time exactly as written, echoed into predictions
 * @param instant the time on a single absolute axis (times without offset are read as UTC)
 * @param clock the local wall-clock time, for calendar features
 * @param target NaN when the cell is empty
 * @param features NaN where a cell is empty
 */
public record Row(
    long line,
    String series,
    String timeText,
    Instant instant,
    LocalDateTime clock,
    double target,
    double[] features) {}
