package dev.meshgate.examples.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonObjectTest {

  @Test
  void writesFieldsInOrderOnOneLine() {
    String json = new JsonObject()
        .string("sni", "a.example").string("none", null).number("bytes", 517).bool("ech", false)
        .strings("alpn", List.of("h2", "http/1.1")).hex("groups", List.of(0x001d, 0x11ec))
        .numbers("types", List.of(0, 65281)).objects("shares", List.of(
            new JsonObject().string("group", "0x001d").number("length", 32)))
        .strings("empty", List.of())
        .toString();
    assertEquals("{\"sni\":\"a.example\",\"none\":null,\"bytes\":517,\"ech\":false,"
        + "\"alpn\":[\"h2\",\"http/1.1\"],\"groups\":[\"0x001d\",\"0x11ec\"],\"types\":[0,65281],"
        + "\"shares\":[{\"group\":\"0x001d\",\"length\":32}],\"empty\":[]}", json);
    assertEquals("{}", new JsonObject().toString());
  }
}
