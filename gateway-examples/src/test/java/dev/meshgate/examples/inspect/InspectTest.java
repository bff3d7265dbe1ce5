package dev.meshgate.examples.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.examples.Cli;
import dev.meshgate.testkit.ClientHelloBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The inspector's offline modes ({@code --file}, {@code --hex}) and its option errors. */
class InspectTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int inspect(String... args) {
    List<String> line = new ArrayList<>(List.of("inspect"));
    line.addAll(List.of(args));
    return Cli.run(line, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  /** Runs a command line that must be refused; returns what it said is wrong. */
  private String usageError(String... args) {
    assertEquals(2, inspect(args));
    String e = err.toString(StandardCharsets.UTF_8);
    assertTrue(e.startsWith("meshgate inspect: "), e);
    return e.substring("meshgate inspect: ".length(), e.indexOf('\n'));
  }

  private String printed() {
    return out.toString(StandardCharsets.UTF_8);
  }

  static Path corpus(String file) {
    String corpus = System.getProperty("meshgate.corpus.dir");
    if (corpus == null) {
      throw new IllegalStateException("system property meshgate.corpus.dir is not set; run through Maven");
    }
    Path path = Path.of(corpus, file);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("corpus capture is missing: " + path.toAbsolutePath());
    }
    return path;
  }

  /** curl's hello, checked field by field against the corpus manifest and tshark's JA3. */
  @Test
  void printsCurlsCapturedHelloAsOneJsonLine() {
    assertEquals(0, inspect("--file", corpus("curl-http2.bin").toString()));
    assertEquals("{\"verdict\":\"ok\",\"format\":\"tls\","
        + "\"sni\":\"web.default.dc1.internal.11111111-2222-3333-4444-555555555555.consul\","
        + "\"alpn\":[\"h2\",\"http/1.1\"],\"legacy_version\":\"0x0303\",\"highest_version\":\"0x0304\","
        + "\"supported_versions\":[\"0x0304\",\"0x0303\",\"0x0302\",\"0x0301\"],"
        + "\"cipher_suites\":[\"0x1302\",\"0x1303\",\"0x1301\",\"0xc02c\",\"0xc030\",\"0x009f\","
        + "\"0xcca9\",\"0xcca8\",\"0xccaa\",\"0xc02b\",\"0xc02f\",\"0x009e\",\"0xc024\",\"0xc028\","
        + "\"0x006b\",\"0xc023\",\"0xc027\",\"0x0067\",\"0xc00a\",\"0xc014\",\"0x0039\",\"0xc009\","
        + "\"0xc013\",\"0x0033\",\"0x009d\",\"0x009c\",\"0x003d\",\"0x003c\",\"0x0035\",\"0x002f\","
        + "\"0x00ff\"],\"extension_types\":[0,11,10,16,22,23,49,13,43,45,51,21],"
        + "\"supported_groups\":[\"0x001d\",\"0x0017\",\"0x001e\",\"0x0019\",\"0x0018\",\"0x0100\","
        + "\"0x0101\",\"0x0102\",\"0x0103\",\"0x0104\"],"
        + "\"key_shares\":[{\"group\":\"0x001d\",\"length\":32}],"
        + "\"signature_algorithms\":[\"0x0403\",\"0x0503\",\"0x0603\",\"0x0807\",\"0x0808\","
        + "\"0x0809\",\"0x080a\",\"0x080b\",\"0x0804\",\"0x0805\",\"0x0806\",\"0x0401\",\"0x0501\","
        + "\"0x0601\",\"0x0303\",\"0x0301\",\"0x0302\",\"0x0402\",\"0x0502\",\"0x0602\"],"
        + "\"ech\":false,\"psk\":false,\"psk_identities\":0,\"early_data\":false,\"grease\":false,"
        + "\"ja3\":\"771,4866-4867-4865-49196-49200-159-52393-52392-52394-49195-49199-158-49188-"
        + "49192-107-49187-49191-103-49162-49172-57-49161-49171-51-157-156-61-60-53-47-255,"
        + "0-11-10-16-22-23-49-13-43-45-51-21,29-23-30-25-24-256-257-258-259-260,0-1-2\","
        + "\"ja3_hash\":\"0149f47eabf9a20d0893e2a44e5a6323\","
        + "\"ja4\":\"t13d3112h2_e8f1e7e78f70_b26ce05bbdd6\",\"bytes\":517,\"records\":1}\n",
        printed());
  }

  @Test
  void readsAHelloGivenInHexWithSpacesAndColons() {
    byte[] hello = new ClientHelloBuilder().serverName("API.example.com").alpn("h2").grease(true)
        .build();
    String hex = HexFormat.ofDelimiter(":").formatHex(hello);
    assertEquals(0, inspect("--hex", hex.substring(0, 30) + " \n" + hex.substring(30)));
    String line = printed();
    assertTrue(line.startsWith("{\"verdict\":\"ok\",\"format\":\"tls\",\"sni\":\"API.example.com\","
        + "\"alpn\":[\"h2\"],"), line);
    assertTrue(line.contains("\"grease\":true,"), line);
    assertTrue(line.endsWith(",\"bytes\":" + hello.length + ",\"records\":1}\n"), line);
  }

  @Test
  void aTruncatedCaptureSaysHowManyBytesTheHelloNeedsAndExitsOne() {
    assertEquals(1, inspect("--file", corpus("synthetic-truncated-single-record-141.bin").toString()));
    assertEquals("{\"verdict\":\"need-more-data\",\"minimum_length\":339,\"reason\":"
        + "\"the capture ends after 141 bytes; the ClientHello needs at least 339\"}\n", printed());
  }

  @Test
  void aOneByteCaptureSaysByteInTheSingular() {
    assertEquals(1, inspect("--hex", "16"));
    assertTrue(printed().contains("\"the capture ends after 1 byte; the ClientHello needs at least "),
        printed());
  }

  @Test
  void notTlsMalformedAndTooLargeCapturesPrintTheirVerdictAndExitOne() {
    assertEquals(1, inspect("--file", corpus("synthetic-not-tls-ssh-banner.bin").toString()));
    assertEquals(1, inspect("--file", corpus("synthetic-sni-two-host-names.bin").toString()));
    assertEquals(1, inspect("--file", corpus("synthetic-handshake-length-16M.bin").toString()));
    assertEquals("{\"verdict\":\"not-tls\",\"reason\":\"not TLS: first byte 0x53 is not the"
        + " handshake content type 22\"}\n"
        + "{\"verdict\":\"malformed\",\"offset\":170,\"reason\":\"server_name at offset 170: more than"
        + " one host_name entry\"}\n"
        + "{\"verdict\":\"too-large\",\"declared_length\":16777215,\"limit\":16384,\"reason\":"
        + "\"ClientHello declares 16777215 bytes, more than the limit of 16384\"}\n", printed());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--port x                 | Invalid value for option '--port': 'x' is not an int",
      "--port 65536             | --port: \"65536\" (expected: an integer 0..65535)",
      "--port -1                | --port: \"-1\" (expected: an integer 0..65535)",
      "--port 0 --count 0       | --count: \"0\" (expected: an integer 1..2147483647)",
      "--port 0 --timeout 0     | --timeout: \"0\" (expected: an integer 1..3600)",
      "--port                   | Missing required parameter for option '--port' (PORT)",
      "--port 1 --port 2        | option '--port' (PORT) should be specified only once",
      "--prot 1                 | Unknown options: '--prot', '1'",
      "8443                     | Unmatched argument at index 1: '8443'",
      "--port 1 --hex 00        | --port, --file, --hex: 2 given (expected: exactly one)",
      "--count 1                | --port, --file, --hex: 0 given (expected: exactly one)",
      "--hex 1603 --count 1     | --count: given without --port (expected: only with --port)",
      "--hex 16zz               | --hex: 'z' at offset 2 (expected: hex digits, two per byte)",
      "--hex 160                | --hex: 3 hex digits (expected: an even number, at least 2)",
      "--hex ::                 | --hex: 0 hex digits (expected: an even number, at least 2)",
      "--file /no/such.bin      | --file: \"/no/such.bin\" (expected: a readable file; NoSuchFileException)",
      "--port 0 --bind no.such.host.invalid | --bind: \"no.such.host.invalid\" (expected: an IP address or a resolvable host name)",
  })
  void badOptionsNameTheOptionTheValueAndWhatIsExpected(String args, String message) {
    assertEquals(message, usageError(args.split(" ")));
  }

  @Test
  void aNonAsciiCharacterInHexIsShownEscaped() {
    assertEquals("--hex: '\\u00e9' at offset 1 (expected: hex digits, two per byte)",
        usageError("--hex", "1\u00e9"));
  }
}
