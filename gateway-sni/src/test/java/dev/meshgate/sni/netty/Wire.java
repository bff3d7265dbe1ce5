package dev.meshgate.sni.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshgate.sni.ClientHello;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One connection through a sniffing handler, on an {@link EmbeddedChannel} with frozen time:
 * {@code reads} (counts read requests) → {@code sniffer} → {@code sink} (records what reaches
 * it). Every buffer, the handler's own included, comes from a tracking allocator, so a test can
 * prove that nothing leaked; Netty's leak detector runs at PARANOID level as a second net.
 */
final class Wire {
  static {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
  }

  final TrackingAllocator alloc = new TrackingAllocator();
  final EmbeddedChannel channel = new EmbeddedChannel();
  final ReadCounter reads = new ReadCounter();
  final Sink sink = new Sink();
  final SniffingHandler handler;

  Wire(ClientHelloSniffer sniffer) {
    this(sniffer, true);
  }

  Wire(ClientHelloSniffer sniffer, boolean autoRead) {
    channel.freezeTime();
    channel.config().setAllocator(alloc);
    channel.config().setAutoRead(autoRead);
    handler = (SniffingHandler) sniffer.newHandler();
    channel.pipeline().addLast("reads", reads).addLast("sniffer", handler).addLast("sink", sink);
  }

  /** Delivers one read of these bytes, in a heap or direct buffer, as a socket channel would. */
  Wire read(byte[] bytes, boolean direct) {
    ByteBuf buf = direct ? alloc.directBuffer(bytes.length) : alloc.heapBuffer(bytes.length);
    buf.writeBytes(bytes);
    channel.pipeline().fireChannelRead(buf);
    channel.pipeline().fireChannelReadComplete();
    channel.runPendingTasks();
    return this;
  }

  Wire read(byte[] bytes) {
    return read(bytes, false);
  }

  /** Delivers {@code bytes} in reads of the given sizes (the last read takes what is left). */
  Wire readInChunks(byte[] bytes, List<Integer> sizes, boolean direct) {
    int pos = 0;
    for (int i = 0; pos < bytes.length && channel.isOpen(); i++) {
      int n = i < sizes.size() ? Math.min(sizes.get(i), bytes.length - pos) : bytes.length - pos;
      read(java.util.Arrays.copyOfRange(bytes, pos, pos + n), direct);
      pos += n;
    }
    return this;
  }

  void advance(long millis) {
    channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    channel.runPendingTasks();
  }

  boolean sniffing() {
    return channel.pipeline().get("sniffer") != null;
  }

  /** Closes the channel and checks that every buffer ever allocated was released. */
  void closeAndAssertReleased() {
    channel.close();
    channel.runPendingTasks();
    alloc.assertAllReleased();
  }

  /** Allocates unpooled buffers and remembers each, to check at the end that all were released. */
  static final class TrackingAllocator extends AbstractByteBufAllocator {
    private final List<ByteBuf> allocated = new ArrayList<>();

    TrackingAllocator() {
      super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
      return track(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
      return track(new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity));
    }

    @Override
    public boolean isDirectBufferPooled() {
      return false;
    }

    private ByteBuf track(ByteBuf buf) {
      allocated.add(buf);
      return buf;
    }

    int count() {
      return allocated.size();
    }

    ByteBuf allocated(int index) {
      return allocated.get(index);
    }

    void assertAllReleased() {
      for (int i = 0; i < allocated.size(); i++) {
        assertEquals(0, allocated.get(i).refCnt(), "buffer " + i + " of " + allocated.size() + " leaked");
      }
    }
  }

  /** The handler after the sniffer: records every byte, event, exception and read completion. */
  static class Sink extends ChannelInboundHandlerAdapter {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<Object> events = new ArrayList<>();
    final List<Object> otherMessages = new ArrayList<>();
    final List<Throwable> exceptions = new ArrayList<>();
    final List<Integer> capacities = new ArrayList<>();
    /** "event", "bytes", "message", "readComplete", "inactive", in arrival order. */
    final List<String> order = new ArrayList<>();
    int byteMessages;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf buf) {
        capacities.add(buf.capacity());
        byte[] copy = new byte[buf.readableBytes()];
        buf.readBytes(copy);
        bytes.writeBytes(copy);
        // Scribble over the buffer before releasing it, as a pool reusing it would.
        buf.setZero(0, buf.capacity());
        buf.release();
        byteMessages++;
        order.add("bytes");
      } else {
        otherMessages.add(msg);
        order.add("message");
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      order.add("readComplete");
    }

    /** For each Accepted event with a hello: whether that hello read the received bytes in place. */
    final List<Boolean> acceptedInPlace = new ArrayList<>();

    /**
     * Records the event as a handler that keeps it must: an accepted hello that reads the
     * connection's bytes is valid only during the event, so the record holds its detached copy
     * (taken during the event: a hello already overwritten would show in every comparison).
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SniffEvent.Accepted accepted && accepted.result() instanceof ClientHello hello) {
        acceptedInPlace.add(!hello.ownsBytes());
        events.add(new SniffEvent.Accepted(hello.detach()));
      } else {
        events.add(evt);
      }
      order.add("event");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      exceptions.add(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      order.add("inactive");
    }

    byte[] received() {
      return bytes.toByteArray();
    }

    List<SniffEvent> sniffEvents() {
      List<SniffEvent> sniffed = new ArrayList<>();
      for (Object event : events) {
        if (event instanceof SniffEvent e) {
          sniffed.add(e);
        }
      }
      return sniffed;
    }
  }

  /** Sits before the sniffer (towards the socket) and counts the read requests that pass it. */
  static final class ReadCounter extends ChannelOutboundHandlerAdapter {
    int reads;

    @Override
    public void read(ChannelHandlerContext ctx) {
      reads++;
      ctx.read();
    }
  }
}
