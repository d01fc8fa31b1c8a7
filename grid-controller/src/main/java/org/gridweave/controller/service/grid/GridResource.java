package org.gridweave.controller.service.grid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.gridweave.controller.grid.GridJson;
import org.gridweave.controller.grid.GridModel;
import org.gridweave.controller.grid.GridModelException;
import org.gridweave.controller.service.web.BadRequest;
import org.gridweave.controller.service.web.NotFound;

/**
 * The grid model over REST. Every write builds and validates the whole resulting model before
 * anything is stored: a refused write changes nothing and names the offending field.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"operator", "viewer"})
public class GridResource {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject GridStore store;

  @GET
  @Path("grid")
  public Uni<String> get() {
    return store
        .current()
        .map(r ->
            GridJson.write(
                r.orElseThrow(() -> new NotFound("no grid model yet: PUT /grid")).grid()));
  }

  @RolesAllowed("operator")
  @PUT
  @Path("grid")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Map<String, Object>> put(String body) {
    GridModel grid = GridJson.read(body);
    return store.replace(grid, "replace grid", "grid").map(GridResource::summary);
  }

  @RolesAllowed("operator")
  @PUT
  @Path("feeders/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Map<String, Object>> putFeeder(@PathParam("id") String id, String body) {
    return change("feeders", id, body, "put feeder");
  }

  @RolesAllowed("operator")
  @PUT
  @Path("sites/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Map<String, Object>> putSite(@PathParam("id") String id, String body) {
    return change("sites", id, body, "put site");
  }

  @RolesAllowed("operator")
  @DELETE
  @Path("sites/{id}")
  public Uni<Map<String, Object>> deleteSite(@PathParam("id") String id) {
    return existing()
        .flatMap(ex -> {
          ObjectNode doc = ex.doc();
          ArrayNode sites = (ArrayNode) doc.get("sites");
          int at = indexOf(sites, id);
          if (at < 0) {
            throw new NotFound("no site " + id);
          }
          sites.remove(at);
          GridModel grid = GridJson.read(doc);
          return store.replace(grid, "delete site", id, ex.revision()).map(GridResource::summary);
        });
  }

  /** Replaces or adds one feeder or site in a copy of the document, then validates the whole. */
  private Uni<Map<String, Object>> change(String list, String id, String body, String action) {
    JsonNode item;
    try {
      item = JSON.readTree(body);
    } catch (Exception e) {
      throw new BadRequest("$", "not valid JSON");
    }
    if (item == null || !item.isObject()) {
      throw new BadRequest("$", "must be a JSON object");
    }
    JsonNode bodyId = item.get("id");
    if (bodyId != null && !id.equals(bodyId.asText())) {
      throw new BadRequest(
          "id", "the body's id '" + bodyId.asText() + "' differs from the path's '" + id + "'");
    }
    ((ObjectNode) item).put("id", id);
    return existing()
        .flatMap(ex -> {
          ObjectNode doc = ex.doc();
          ArrayNode items = (ArrayNode) doc.get(list);
          int at = indexOf(items, id);
          if (at < 0) {
            at = items.size();
            items.add(item);
          } else {
            items.set(at, item);
          }
          GridModel grid;
          try {
            grid = GridJson.read(doc);
          } catch (GridModelException e) {
            String prefix = list + "[" + at + "]";
            if (e.field().startsWith(prefix + ".")) {
              throw new GridModelException(e.field().substring(prefix.length() + 1), e.reason());
            }
            throw e;
          }
          return store.replace(grid, action, id, ex.revision()).map(GridResource::summary);
        });
  }

  /** The stored document and the revision a change to it is based on. */
  private record Existing(ObjectNode doc, int revision) {}

  private Uni<Existing> existing() {
    return store
        .current()
        .map(r -> {
          GridStore.Revision rev =
              r.orElseThrow(() -> new NotFound("no grid model yet: PUT /grid"));
          try {
            return new Existing(
                (ObjectNode) JSON.readTree(GridJson.write(rev.grid())), rev.revision());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static int indexOf(ArrayNode items, String id) {
    for (int i = 0; i < items.size(); i++) {
      if (id.equals(items.get(i).path("id").asText())) {
        return i;
      }
    }
    return -1;
  }

  private static Map<String, Object> summary(GridStore.Revision r) {
    return Map.of(
        "revision", r.revision(),
        "feeders", r.grid().feeders().size(),
        "sites", r.grid().sites().size());
  }
}
