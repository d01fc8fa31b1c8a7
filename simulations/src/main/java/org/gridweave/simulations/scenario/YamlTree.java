package org.gridweave.simulations.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML document read into a Jackson tree, with the line of every value and key by JSON pointer
 * ({@code /population/battery_share}), so that schema errors can name the line. Duplicate keys are
 * refused (YAML allows the last one to win silently).
 */
record YamlTree(JsonNode root, Map<String, Integer> lines) {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static YamlTree parse(String file, String text) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser p = new YAMLFactory().createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new ScenarioException(file + ":1: the file is empty");
      }
      JsonNode root = read(file, p, "", lines);
      return new YamlTree(root, Map.copyOf(lines));
    } catch (IOException e) {
      String where =
          e instanceof com.fasterxml.jackson.core.JsonProcessingException jp
                  && jp.getLocation() != null
              ? String.valueOf(jp.getLocation().getLineNr())
              : "1";
      throw new ScenarioException(
          file
              + ":"
              + where
              + ": not valid YAML: "
              + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private static JsonNode read(String file, JsonParser p, String path, Map<String, Integer> lines)
      throws IOException {
    lines.putIfAbsent(path, p.currentTokenLocation().getLineNr());
    switch (p.currentToken()) {
      case START_OBJECT -> {
        ObjectNode o = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          String child = path + "/" + key.replace("~", "~0").replace("/", "~1");
          int line = p.currentTokenLocation().getLineNr();
          if (o.has(key)) {
            throw new ScenarioException(file + ":" + line + ": key '" + key + "' appears twice");
          }
          lines.put(child, line);
          p.nextToken();
          o.set(key, read(file, p, child, lines));
        }
        return o;
      }
      case START_ARRAY -> {
        ArrayNode a = NODES.arrayNode();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          a.add(read(file, p, path + "/" + i++, lines));
        }
        return a;
      }
      case VALUE_STRING -> {
        return NODES.textNode(p.getText());
      }
      case VALUE_NUMBER_INT -> {
        return NODES.numberNode(p.getLongValue());
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(p.getDoubleValue());
      }
      case VALUE_TRUE -> {
        return NODES.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return NODES.booleanNode(false);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default ->
          throw new ScenarioException(
              file
                  + ":"
                  + p.currentTokenLocation().getLineNr()
                  + ": unexpected "
                  + p.currentToken());
    }
  }

  /** The line of a pointer, or of its nearest parent that has one. */
  int lineOf(String pointer) {
    String p = pointer;
    while (true) {
      Integer l = lines.get(p);
      if (l != null) {
        return l;
      }
      if (p.isEmpty()) {
        return 1;
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }
}
