package org.gridweave.forecasting.service.training;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.gridweave.forecasting.service.ForecastingConfig;
import org.gridweave.forecasting.service.history.UnknownTarget;
import org.gridweave.forecasting.service.target.Target;

/** Models: list them with scores and provenance, train one on demand. */
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {
  @Inject ModelStore models;
  @Inject Trainer trainer;
  @Inject ForecastingConfig config;

  @GET
  @Operation(summary = "The newest model of every target and step, with scores and provenance")
  public Uni<List<ModelView>> list() {
    return models.latestOfEach().map(l -> l.stream().map(ModelView::of).toList());
  }

  @GET
  @Path("/{target}")
  @Operation(summary = "A target's newest model and its latest training request")
  public Uni<Map<String, Object>> one(
      @PathParam("target") String name, @QueryParam("step") String step) {
    Target target = Target.parse(name, step, config.interval());
    TrainingStatus status = trainer.status(target);
    return models
        .latest(target)
        .map(m -> {
          if (m.isEmpty() && status == null) {
            throw new UnknownTarget("no model of " + target + " yet: POST to .../train");
          }
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("model", m.map(ModelView::of).orElse(null));
          out.put("training", status);
          return out;
        });
  }

  /**
   * Queues a training and answers 202 with its status (poll {@code GET /models/{target}}); with
   * {@code wait=true}, answers 200 with the model once trained. 404 for an unknown meter or feeder,
   * 409 while the history is too short.
   */
  @POST
  @Path("/{target}/train")
  @Operation(summary = "Train a target now (202 and runs in the background; wait=true for 200)")
  public Uni<Response> train(
      @PathParam("target") String name,
      @QueryParam("step") String step,
      @QueryParam("wait") boolean wait) {
    Target target = Target.parse(name, step, config.interval());
    URI location =
        URI.create(
            "/models/"
                + target.name()
                + (target.atInterval(config.interval()) ? "" : "?step=" + target.step()));
    return trainer
        .request(target)
        .chain(status ->
            wait
                ? trainer
                    .outcome(target)
                    .map(m -> Response.ok(ModelView.of(m)).location(location).build())
                : Uni.createFrom().item(Response.accepted(status).location(location).build()));
  }
}
