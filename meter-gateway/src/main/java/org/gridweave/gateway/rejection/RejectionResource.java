package org.gridweave.gateway.rejection;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.gridweave.core.protocol.RejectReason;
import org.gridweave.gateway.web.InvalidRequest;

/** The dead-letter table over REST. */
@Path("/rejections")
public class RejectionResource {
  @Inject Pool pool;

  /** One refused message. */
  public record RejectionView(
      String id,
      @JsonProperty("received_at") Instant receivedAt,
      String topic,
      String meter,
      Long seq,
      String reason,
      String message,
      String payload) {}

  @GET
  @Operation(summary = "Refused messages, newest first; filter by meter and reason code")
  public Uni<List<RejectionView>> list(
      @QueryParam("meter") String meter,
      @QueryParam("reason") String reason,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    if (reason != null
        && Arrays.stream(RejectReason.values()).noneMatch(r -> r.name().equals(reason))) {
      throw new InvalidRequest("reason", "unknown reason code '" + reason + "'");
    }
    if (limit < 1 || limit > 10_000) {
      throw new InvalidRequest("limit", "limit must be between 1 and 10000");
    }
    return pool.preparedQuery(
            "SELECT id, received_at, topic, meter_id, seq, reason, message, payload_prefix FROM"
                + " rejection WHERE ($1::text IS NULL OR meter_id = $1) AND ($2::text IS NULL OR"
                + " reason = $2) ORDER BY received_at DESC LIMIT $3")
        .execute(Tuple.of(meter, reason, limit))
        .map(rows -> {
          List<RejectionView> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(
                new RejectionView(
                    r.getUUID(0).toString(),
                    r.getOffsetDateTime(1).toInstant(),
                    r.getString(2),
                    r.getString(3),
                    r.getLong(4),
                    r.getString(5),
                    r.getString(6),
                    new String(r.getBuffer(7).getBytes(), StandardCharsets.UTF_8)));
          }
          return out;
        });
  }
}
