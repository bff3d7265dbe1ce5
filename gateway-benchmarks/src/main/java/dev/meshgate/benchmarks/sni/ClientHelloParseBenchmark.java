package dev.meshgate.benchmarks.sni;

import dev.meshgate.sni.ClientHello;
import dev.meshgate.sni.ClientHelloParser;
import dev.meshgate.sni.ParseResult;
import dev.meshgate.testkit.ClientHelloBuilder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.AbstractSniHandler;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Full ClientHello parse (every structure validated, host name materialized) against Netty
 * 4.2.7's own host-name extraction, on the same hellos, in the same run.
 *
 * <p>Hellos, from the corpus copy in {@code gateway-sni}'s test resources ({@code meshgate.corpus.dir}):
 * curl's 517-byte hello ({@code curl-http2.bin}, a Consul service name), Chromium's 2,040-byte
 * post-quantum hello ({@code chromium-consul-conn2.bin}, X25519MLKEM768 key share), and that
 * Chromium hello re-framed into 2 and 4 records of equal size.
 *
 * <p>Netty's side is {@code AbstractSniHandler.extractSniHostname}, which is private in 4.2.7; it
 * is reached through the protected {@code lookup(ctx, ByteBuf)} that calls it and nothing else,
 * given the reassembled handshake body Netty's own handler would pass (so Netty is spared the
 * record reassembly that meshgate's number includes).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ClientHelloParseBenchmark {

  @Param({"curl-517", "chromium-2040", "openssl-3-records", "chromium-2-records", "chromium-4-records"})
  public String hello;

  private final ClientHelloParser parser = ClientHelloParser.defaults();
  private final NettyExtraction netty = new NettyExtraction();
  private byte[] stream;
  private byte[] walkMessage;
  private ByteBuf nettyBody;

  @Setup
  public void setUp() {
    stream = stream(hello);
    ParseResult parsed = parser.parse(stream);
    if (!(parsed instanceof ClientHello)) {
      throw new IllegalStateException(hello + " does not parse: " + parsed);
    }
    byte[] reassembled = reassemble(stream);
    walkMessage = reassembled;
    nettyBody = Unpooled.wrappedBuffer(reassembled, 4, reassembled.length - 4);
    String nettyName = netty.extract(nettyBody);
    if (!nettyName.equals(((ClientHello) parsed).serverName().orElseThrow())) {
      throw new IllegalStateException("Netty read " + nettyName + " from " + hello);
    }
  }

  /** The stream of the named hello: a corpus capture, or Chromium's hello re-framed. */
  private static byte[] stream(String hello) {
    byte[] chromium = read("chromium-consul-conn2.bin");
    byte[] message = Arrays.copyOfRange(chromium, 5, chromium.length);
    int quarter = message.length / 4;
    switch (hello) {
      case "curl-517":
        return read("curl-http2.bin");
      case "chromium-2040":
        return chromium;
      case "chromium-2-records":
        return ClientHelloBuilder.frame(message, 0x0301, message.length / 2);
      case "chromium-4-records":
        return ClientHelloBuilder.frame(message, 0x0301, quarter, 2 * quarter, 3 * quarter);
      case "openssl-3-records":
        return read("openssl-max-send-frag-512.bin"); // OpenSSL's own split: 512-byte records
      default:
        throw new IllegalArgumentException("hello: " + hello);
    }
  }

  /**
   * meshgate: frame, read a split hello across its records in place, validate everything, build
   * the host name and the result.
   */
  @Benchmark
  public ParseResult meshgateParse() {
    return parser.parse(stream);
  }

  /**
   * The floor: the chain of dependent length reads a parser cannot skip (handshake length, session
   * id, cipher suites, compression methods, extensions block, then each extension's length), over
   * the reassembled message, with no check and no result beyond a sum the JIT cannot drop.
   */
  @Benchmark
  public int lengthFieldWalk() {
    byte[] m = walkMessage;
    int q = 4 + 2 + 32;                                    // handshake header, version, random
    q += 1 + (m[q] & 0xff);                                // session id
    q += 2 + (((m[q] & 0xff) << 8) | (m[q + 1] & 0xff));   // cipher suites
    q += 1 + (m[q] & 0xff);                                // compression methods
    int end = q + 2 + (((m[q] & 0xff) << 8) | (m[q + 1] & 0xff));
    int sum = 0;
    for (q += 2; q < end; q += 4 + (((m[q + 2] & 0xff) << 8) | (m[q + 3] & 0xff))) {
      sum += m[q + 1];                                     // each extension: type, then length
    }
    return sum + q;
  }

  /** The handshake message of a stream: the record payloads, concatenated. */
  private static byte[] reassemble(byte[] stream) {
    java.io.ByteArrayOutputStream message = new java.io.ByteArrayOutputStream();
    for (int r = 0; r + 5 <= stream.length; ) {
      int length = ((stream[r + 3] & 0xff) << 8) | (stream[r + 4] & 0xff);
      message.write(stream, r + 5, Math.min(length, stream.length - r - 5));
      r += 5 + length;
    }
    return message.toByteArray();
  }

  /** Netty 4.2.7: walk the reassembled body to the server_name extension, build the host name. */
  @Benchmark
  public String nettyExtractSniHostname() {
    return netty.extract(nettyBody);
  }

  /** Reads a capture of the shared corpus; also used by {@link SniffHandlerBenchmark}. */
  static byte[] read(String file) {
    Path dir = Path.of(System.getProperty("meshgate.corpus.dir", "gateway-sni/src/test/resources/corpus/clienthello"));
    try {
      return Files.readAllBytes(dir.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the corpus at " + dir.toAbsolutePath()
          + "; run from the checkout root or set -Dmeshgate.corpus.dir", e);
    }
  }

  /** Calls Netty's private static extractSniHostname through the protected method that wraps it. */
  static final class NettyExtraction extends AbstractSniHandler<Object> {
    private String hostname;

    String extract(ByteBuf body) {
      try {
        lookup(null, body);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return hostname;
    }

    @Override
    protected Future<Object> lookup(ChannelHandlerContext ctx, String hostname) {
      this.hostname = hostname;
      return null;
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, String hostname, Future<Object> f) {}
  }
}
