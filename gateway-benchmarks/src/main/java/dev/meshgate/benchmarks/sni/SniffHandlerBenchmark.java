package dev.meshgate.benchmarks.sni;

import dev.meshgate.sni.ClientHello;
import dev.meshgate.sni.netty.ClientHelloSniffer;
import dev.meshgate.sni.netty.SniffEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One connection's sniffing path through a Netty pipeline: meshgate's {@code ClientHelloSniffer}
 * handler against Netty 4.2.7's own {@code SniHandler}, in the same run, plus a pass-through
 * baseline so each handler's own cost is the difference.
 *
 * <p>Each operation reuses one {@link EmbeddedChannel} (the same for all three): it adds the
 * handler in front of a sink, delivers the hello in 1 or 2 reads of pooled direct buffers from
 * the channel's allocator (what a socket channel delivers), each followed by a read completion,
 * and the sink counts and releases what arrives. Both sniffing handlers have a 10 s handshake
 * timeout (scheduled and cancelled each time) and a 16 KiB hello limit, end by removing
 * themselves and passing the bytes on, and fire their completion event to the sink.
 *
 * <p>Netty's {@code SniHandler} normally replaces itself with an {@code SslHandler}; here its
 * {@code replaceHandler} only removes it (the forwarding of the buffered bytes stays Netty's own,
 * in {@code ByteToMessageDecoder.handlerRemoved}), so no TLS engine is built. Its mapping
 * returns no context: nothing after the host name is measured. meshgate's handler uses the
 * default decider (forward everything), so its numbers include parsing and validating the whole
 * hello, materialising the host name and keeping a {@code ClientHello} valid past the buffer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SniffHandlerBenchmark {

  @Param({"curl-517", "chromium-2040"})
  public String hello;

  @Param({"1", "2"})
  public int reads;

  private final ClientHelloSniffer sniffer = ClientHelloSniffer.builder().build();
  private final Sink sink = new Sink();
  private EmbeddedChannel channel;
  private ByteBufAllocator alloc;
  private byte[][] chunks;
  private int length;

  @Setup
  public void setUp() {
    byte[] stream = ClientHelloParseBenchmark.read(
        hello.startsWith("curl") ? "curl-http2.bin" : "chromium-consul-conn2.bin");
    length = stream.length;
    chunks = reads == 1
        ? new byte[][] {stream}
        : new byte[][] {Arrays.copyOf(stream, length / 2), Arrays.copyOfRange(stream, length / 2, length)};
    channel = new EmbeddedChannel();
    channel.pipeline().addLast("sink", sink);
    alloc = channel.alloc();
    String expected = ((ClientHello) sniffer.parser().parse(stream)).serverName().orElseThrow();
    check("passThrough", passThrough(), null);
    check("nettySniHandler", nettySniHandler(), expected);
    check("meshgateSniffer", meshgateSniffer(), expected);
  }

  @TearDown
  public void tearDown() {
    channel.finishAndReleaseAll();
  }

  /** Baseline: a handler that removes itself on the first read and passes everything on. */
  @Benchmark
  public int passThrough() {
    return connection(new PassThrough());
  }

  /** Netty 4.2.7's SniHandler: aggregate, extract the host name, look it up, remove itself. */
  @Benchmark
  public int nettySniHandler() {
    return connection(new SniffOnlySniHandler());
  }

  /** meshgate: parse and validate the hello, decide, fire the event, remove itself. */
  @Benchmark
  public int meshgateSniffer() {
    return connection(sniffer.newHandler());
  }

  private int connection(ChannelHandler handler) {
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addFirst("sni", handler);
    for (byte[] chunk : chunks) {
      ByteBuf buf = alloc.directBuffer(chunk.length);
      buf.writeBytes(chunk);
      pipeline.fireChannelRead(buf);
      pipeline.fireChannelReadComplete();
    }
    return sink.take();
  }

  private void check(String benchmark, int bytes, String hostName) {
    if (bytes != length || channel.pipeline().get("sni") != null || channel.hasPendingTasks()) {
      throw new IllegalStateException(benchmark + ": passed on " + bytes + " of " + length
          + " bytes, pipeline " + channel.pipeline().names() + ", tasks " + channel.hasPendingTasks());
    }
    if (hostName != null && !hostName.equals(sink.hostName)) {
      throw new IllegalStateException(benchmark + ": host name " + sink.hostName);
    }
    sink.hostName = null;
  }

  /** Counts and releases the bytes; remembers the host name a completion event carried. */
  static final class Sink extends ChannelInboundHandlerAdapter {
    private int bytes;
    String hostName;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      bytes += ((ByteBuf) msg).readableBytes();
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {}

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SniCompletionEvent netty) {
        hostName = netty.hostname();
      } else if (evt instanceof SniffEvent.Accepted accepted) {
        hostName = ((ClientHello) accepted.result()).serverName().orElse(null);
      }
    }

    int take() {
      int taken = bytes;
      bytes = 0;
      return taken;
    }
  }

  static final class PassThrough extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.pipeline().remove(this);
      ctx.fireChannelRead(msg);
    }
  }

  /** Netty's SniHandler minus the SslHandler it would install. */
  static final class SniffOnlySniHandler extends SniHandler {
    SniffOnlySniHandler() {
      super(hostname -> null, 16 * 1024, 10_000);
    }

    @Override
    protected void replaceHandler(ChannelHandlerContext ctx, String hostname, SslContext sslContext) {
      ctx.pipeline().remove(this);
    }
  }
}
