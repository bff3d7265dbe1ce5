package dev.meshgate.examples.inspect;

import dev.meshgate.examples.JsonString;
import dev.meshgate.examples.Io;
import dev.meshgate.examples.UsageException;
import dev.meshgate.sni.ClientHello;
import dev.meshgate.sni.ClientHelloParser;
import dev.meshgate.sni.NeedMoreData;
import dev.meshgate.sni.ParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code inspect}, the SNI inspector: prints the TLS ClientHello of every client that connects (or
 * of one capture) as one JSON object per line, without answering it. Point {@code curl -k
 * https://localhost:8443/} or a browser at it to see what they send. With {@code --file} or
 * {@code --hex} the exit status is 0 when the bytes hold a ClientHello and 1 otherwise.
 */
@Command(name = "inspect", sortOptions = false,
    description = {"Print each client's TLS ClientHello as one JSON line.",
        "Exactly one of --port (listen), --file or --hex (one capture). With --file or --hex the exit status is 0 "
            + "when the bytes hold a ClientHello and 1 otherwise."})
public final class Inspect implements Callable<Integer> {
  private static final String FILE = "--file";
  private static final String HEX = "--hex";

  @Option(names = "--port", paramLabel = "PORT",
      description = "listen on this TCP port; 0 picks a free one (the address goes to stderr)")
  private Integer port;

  @Option(names = "--bind", paramLabel = "ADDRESS", description = "listen on this address (default 127.0.0.1)")
  private String bind;

  @Option(names = "--count", paramLabel = "N", description = "exit after N connections (default: until interrupted)")
  private Integer count;

  @Option(names = "--timeout", paramLabel = "SECONDS",
      description = "close a client that sends no complete ClientHello in time (default 10)")
  private Integer timeout;

  @Option(names = FILE, paramLabel = "CAPTURE", description = "read one captured stream from a file instead")
  private String file;

  @Option(names = HEX, paramLabel = "HEX",
      description = "read one captured stream from hex digits (spaces and colons ignored)")
  private String hex;

  private final Io io;

  /**
   * Creates the command.
   *
   * @param io where the JSON lines and the progress go
   */
  public Inspect(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    int modes = (port != null ? 1 : 0) + (file != null ? 1 : 0) + (hex != null ? 1 : 0);
    if (modes != 1) {
      throw new UsageException("--port, " + FILE + ", " + HEX + ": " + modes + " given (expected: exactly one)");
    }
    if (port == null) {
      for (Map.Entry<String, Object> serverOnly : serverOnlyOptions().entrySet()) {
        if (serverOnly.getValue() != null) {
          throw new UsageException(serverOnly.getKey() + ": given without --port (expected: only with --port)");
        }
      }
      byte[] bytes = file != null ? readCapture(file) : Hex.decode(HEX, hex);
      ParseResult result = ClientHelloParser.defaults().parse(bytes);
      String reason = result instanceof NeedMoreData more ? "the capture ends after "
          + (bytes.length == 1 ? "1 byte" : bytes.length + " bytes") + "; the ClientHello needs at least " + more.minimumLength() : null;
      io.out().println(HelloJson.render(null, result, reason));
      return result instanceof ClientHello ? 0 : 1;
    }
    UsageException.inRange("--port", port, 0, 65535);
    int connections = count == null ? 0 : UsageException.inRange("--count", count, 1, Integer.MAX_VALUE);
    int seconds = timeout == null ? 10 : UsageException.inRange("--timeout", timeout, 1, 3600);
    new InspectServer(address(bind == null ? "127.0.0.1" : bind), port, connections, seconds, io.out(), io.err()).run();
    return 0;
  }

  private Map<String, Object> serverOnlyOptions() {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("--bind", bind);
    options.put("--count", count);
    options.put("--timeout", timeout);
    return options;
  }

  /** Reads the start of a capture: never more than a ClientHello can occupy. */
  private static byte[] readCapture(String file) throws UsageException {
    int limit = ClientHelloParser.defaults().maxStreamLength();
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      return in.readNBytes(limit);
    } catch (IOException | RuntimeException e) {
      throw new UsageException(FILE + ": " + JsonString.quote(file) + " (expected: a readable file; "
          + e.getClass().getSimpleName() + ")");
    }
  }

  private static InetAddress address(String value) throws UsageException {
    try {
      return InetAddress.getByName(value);
    } catch (UnknownHostException e) {
      throw new UsageException("--bind: " + JsonString.quote(value)
          + " (expected: an IP address or a resolvable host name)");
    }
  }
}
