package dev.meshgate.sni.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.meshgate.sni.ClientHello;
import dev.meshgate.testkit.ClientHelloBuilder;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Runs the Netty example of README.md, line for line, so it cannot go stale. */
class ReadmeNettyExampleTest {
  private final Map<String, String> routes = Map.of("api.example.com", "10.0.0.7:8443");

  /** Stands for the handler that would proxy the bytes to the route. */
  static final class Proxy extends Wire.Sink {
    final String route;

    Proxy(String route) {
      this.route = route;
    }
  }

  ClientHelloSniffer sniffer() {
    // --- README.md, "Netty", from here ---
    ClientHelloSniffer sniffer = ClientHelloSniffer.builder()
        .handshakeTimeout(Duration.ofSeconds(5))     // then close; default 10 s
        .decider((channel, result) -> {              // on the event loop: do not block
          String name = result instanceof ClientHello hello ? hello.serverName().orElse("") : "";
          String route = routes.get(name.toLowerCase(Locale.ROOT));
          if (route == null) {
            return Decision.close("no route for \"" + name + "\"");
          }
          channel.pipeline().addLast(new Proxy(route)); // gets the event, then the bytes
          return Decision.forward();
        })
        .build();
    // --- to here ---
    return sniffer;
  }

  void initChannel(Channel ch) {
    ClientHelloSniffer sniffer = sniffer();
    // --- README.md, "Netty" (per connection), from here ---
    ch.pipeline().addLast(sniffer.newHandler());     // a new handler per connection
    // --- to here ---
  }

  @Test
  void readmeShowsExactlyTheCodeThisTestRuns() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    String source = Files.readString(
        Path.of("src/test/java/dev/meshgate/sni/netty/ReadmeNettyExampleTest.java"));
    String code = region(source, source.indexOf("// --- README.md, \"Netty\", from here"))
        + region(source, source.indexOf("// --- README.md, \"Netty\" (per connection)"));
    String block = readme.substring(readme.indexOf("ClientHelloSniffer sniffer = ClientHelloSniffer.builder()"));
    block = block.substring(0, block.indexOf("```"));
    String shown = block.lines().map(String::strip)
        .filter(line -> !line.startsWith("// in ChannelInitializer"))
        .collect(Collectors.joining("\n")) + "\n";
    assertEquals(code, shown);
  }

  private static String region(String source, int start) {
    String from = source.substring(start);
    List<String> lines = from.substring(0, from.indexOf("// --- to here")).lines()
        .map(String::strip).toList();
    return String.join("\n", lines.subList(1, lines.size())).strip() + "\n";
  }

  @Test
  void readmeExampleProxiesAKnownNameAndClosesAnUnknownOne() {
    byte[] hello = new ClientHelloBuilder().serverName("API.example.com").build();
    EmbeddedChannel known = new EmbeddedChannel();
    initChannel(known);
    known.writeInbound(Unpooled.copiedBuffer(hello));
    Proxy proxy = known.pipeline().get(Proxy.class);
    assertEquals("10.0.0.7:8443", proxy.route);
    assertEquals(List.of("event", "bytes", "readComplete"), proxy.order);
    assertArrayEquals(hello, proxy.received());
    known.finishAndReleaseAll();

    EmbeddedChannel unknown = new EmbeddedChannel();
    initChannel(unknown);
    unknown.writeInbound(Unpooled.copiedBuffer(
        new ClientHelloBuilder().serverName("db.example.com").build()));
    assertFalse(unknown.isOpen());
  }
}
