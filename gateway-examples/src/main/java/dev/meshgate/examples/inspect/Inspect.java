package dev.meshgate.examples.inspect;

import dev.meshgate.examples.JsonString;
import dev.meshgate.examples.Options;
import dev.meshgate.examples.Subcommand;
import dev.meshgate.examples.UsageException;
import dev.meshgate.sni.ClientHello;
import dev.meshgate.sni.ClientHelloParser;
import dev.meshgate.sni.NeedMoreData;
import dev.meshgate.sni.ParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The SNI inspector: prints the TLS ClientHello of every client that connects (or of one capture)
 * as one JSON object per line, without answering it. Point {@code curl -k https://localhost:8443/}
 * or a browser at it to see what they send.
 */
public final class Inspect implements Subcommand {
  private static final String PORT = "--port";
  private static final String BIND = "--bind";
  private static final String COUNT = "--count";
  private static final String TIMEOUT = "--timeout";
  private static final String FILE = "--file";
  private static final String HEX = "--hex";
  private static final Set<String> OPTIONS = Set.of(PORT, BIND, COUNT, TIMEOUT, FILE, HEX);

  /** Creates the subcommand; it holds no state. */
  public Inspect() {}

  @Override
  public String summary() {
    return "print each client's TLS ClientHello as one JSON line";
  }

  @Override
  public String usage() {
    return """
        usage: inspect --port <port> [--bind <address>] [--count <n>] [--timeout <seconds>]
               inspect --file <capture.bin>
               inspect --hex <hex>
          --port <port>        listen on this TCP port; 0 picks a free one (the address goes to stderr)
          --bind <address>     listen on this address (default 127.0.0.1)
          --count <n>          exit after n connections (default: until interrupted)
          --timeout <seconds>  close a client that sends no complete ClientHello in time (default 10)
          --file <path>        read one captured stream from a file instead
          --hex <hex>          read one captured stream from hex digits (spaces and colons ignored)
        Each result is one JSON object per line on stdout. With --file or --hex the exit status is
        0 when the bytes hold a ClientHello and 1 otherwise.
        """;
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    Options options = Options.parse(args, OPTIONS);
    int modes = (options.has(PORT) ? 1 : 0) + (options.has(FILE) ? 1 : 0) + (options.has(HEX) ? 1 : 0);
    if (modes != 1) {
      throw new UsageException(PORT + ", " + FILE + ", " + HEX + ": " + modes
          + " given (expected: exactly one)");
    }
    if (!options.has(PORT)) {
      for (String serverOnly : List.of(BIND, COUNT, TIMEOUT)) {
        if (options.has(serverOnly)) {
          throw new UsageException(serverOnly + ": given without --port (expected: only with --port)");
        }
      }
      byte[] bytes = options.has(FILE) ? readCapture(options.get(FILE).orElseThrow())
          : Hex.decode(HEX, options.get(HEX).orElseThrow());
      ParseResult result = ClientHelloParser.defaults().parse(bytes);
      String reason = result instanceof NeedMoreData more ? "the capture ends after "
          + (bytes.length == 1 ? "1 byte" : bytes.length + " bytes") + "; the ClientHello needs at least " + more.minimumLength() : null;
      out.println(HelloJson.render(null, result, reason));
      return result instanceof ClientHello ? 0 : 1;
    }
    int port = options.integer(PORT, 0, 65535, 0);
    int count = options.integer(COUNT, 1, Integer.MAX_VALUE, 0);
    int timeout = options.integer(TIMEOUT, 1, 3600, 10);
    InetAddress bind = address(options.get(BIND).orElse("127.0.0.1"));
    new InspectServer(bind, port, count, timeout, out, err).run();
    return 0;
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
      throw new UsageException(BIND + ": " + JsonString.quote(value)
          + " (expected: an IP address or a resolvable host name)");
    }
  }
}
