package dev.meshgate.sni;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshgate.testkit.ClientHelloBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Runs the gateway-sni example of README.md, line for line, so it cannot go stale. */
class ReadmeExampleTest {
  private final List<String> actions = new ArrayList<>();

  // --- README.md, "gateway-sni", from here ---
  void onRead(ByteBuffer buffer) {
    ParseResult result = ClientHelloParser.defaults().parse(buffer); // position..limit, unmoved
    if (result instanceof NeedMoreData more) {
      readUntil(more.minimumLength());                // then parse the whole prefix again
    } else if (result instanceof ClientHello hello) {
      String name = hello.serverName().orElse("");    // exactly as sent: case, trailing dot
      route(name.toLowerCase(Locale.ROOT), hello.alpnProtocols(), hello.ja4());
      keep(hello.detach());                           // owns its bytes: buffer may be reused
    } else if (result instanceof NotTls notTls) {
      routeAsPlaintext(notTls.reason());
    } else {
      close(result.toString());                       // Malformed or TooLarge, with the reason
    }
  }
  // --- to here ---

  @Test
  void readmeShowsExactlyTheCodeThisTestRuns() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    String source = Files.readString(
        Path.of("src/test/java/dev/meshgate/sni/ReadmeExampleTest.java"));
    String region = source.substring(source.indexOf("// --- README.md"), source.indexOf("// --- to here"));
    List<String> lines = region.lines().map(String::strip).toList();
    String code = String.join("\n", lines.subList(2, lines.size() - 2)) + "\n";
    String block = readme.substring(readme.indexOf("ParseResult result = ClientHelloParser"));
    block = block.substring(0, block.indexOf("```"));
    assertEquals(code, block.lines().map(String::strip).collect(Collectors.joining("\n")) + "\n");
  }

  @Test
  void readmeExampleRoutesAHelloAfterAskingForTheRest() {
    byte[] hello = new ClientHelloBuilder().serverName("API.example.com").alpn("h2").build();
    onRead(ByteBuffer.wrap(hello, 0, 3).slice());
    onRead(ByteBuffer.wrap(hello));
    onRead(ByteBuffer.wrap("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)));
    onRead(ByteBuffer.wrap(new ClientHelloBuilder().serverName("a b").build()));
    assertEquals(List.of("read until 9",
        "route api.example.com [h2] t13d0706h2",
        "keep true",
        "plaintext: first byte 0x47 is not the handshake content type 22",
        "close: server_name at offset 106: host_name byte 0x20 is not printable ASCII"
            + " (expected: 0x21..0x7e)"), actions);
  }

  private void readUntil(int length) {
    actions.add("read until " + length);
  }

  private void route(String name, List<String> alpn, String ja4) {
    actions.add("route " + name + " " + alpn + " " + ja4.substring(0, ja4.indexOf('_')));
  }

  private void keep(ClientHello hello) {
    actions.add("keep " + hello.ownsBytes());
  }

  private void routeAsPlaintext(String reason) {
    actions.add("plaintext: " + reason);
  }

  private void close(String reason) {
    actions.add("close: " + reason);
  }
}
