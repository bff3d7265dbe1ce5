package dev.meshgate.sni.netty;

import dev.meshgate.sni.ClientHello;
import dev.meshgate.sni.ClientHelloParser;
import dev.meshgate.sni.NeedMoreData;
import dev.meshgate.sni.NotTls;
import dev.meshgate.sni.ParseResult;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The per-channel handler behind {@link ClientHelloSniffer#newHandler()}; its contract is there.
 *
 * <p>Design. The parser is stateless, so this handler only keeps bytes and one number: the stream
 * length the last parse asked for. When one read holds the whole hello (the common case) the
 * buffer is forwarded as is and nothing of it is copied to the heap: a heap buffer is parsed
 * where it lies, and a direct one is copied into this thread's scratch array (warm memory,
 * reused by every connection of the event loop) and parsed there. The {@link ClientHello} the
 * synchronous decider and the {@link SniffEvent.Accepted} event see reads those bytes in place;
 * it is detached (copied once) only where it must outlive them: for an asynchronous decider,
 * and in a {@link SniffEvent.Rejected} event fired after the bytes are released. The scratch
 * array is taken for exactly that window and given back before the bytes go on, so a nested
 * parse on the same thread (a decider that drives another channel) finds it taken and copies
 * instead. Otherwise the bytes are copied into one buffer from the channel's allocator (parsed
 * in place when it is a heap buffer, through the scratch array when direct), sized from the
 * bytes received, grown as bytes
 * arrive and never past the parse minimum (at most {@link ClientHelloParser#maxStreamLength()}):
 * a read is appended only up to that minimum, parsed, and the rest of it appended or, once the
 * result is final, kept whole behind the buffer. Reads after the result (an asynchronous
 * decision) are kept in arrival order in a small queue, bounded by the same limit. Everything
 * runs on the event loop; the only cross-thread step is an asynchronous decision's completion,
 * which is handed back to the event loop before it touches any field.
 *
 * <p>States only move forward: SNIFFING until a final parse result, DECIDING until the decider
 * answers, FORWARDING while the event is fired and the bytes are handed on, DONE once nothing is
 * held any more (forwarded, rejected, timed out, closed or failed).
 */
final class SniffingHandler extends ChannelDuplexHandler implements Runnable {
  private static final InternalLogger logger = InternalLoggerFactory.getInstance(SniffingHandler.class);

  private static final int SNIFFING = 0;
  private static final int DECIDING = 1;
  private static final int FORWARDING = 2;
  private static final int DONE = 3;

  private final ClientHelloSniffer sniffer;
  private ChannelHandlerContext ctx;
  private int state = SNIFFING;
  /** Bytes received and not passed on: the first read itself, or the accumulation buffer. */
  private ByteBuf held;
  /** Messages that follow {@link #held}, in arrival order; created only when needed. */
  private ArrayDeque<Object> queued;
  /** Bytes that arrived after the result, while the decision was pending. */
  private int pendingBytes;
  private int received;
  /** Parse again once {@link #held} has this many bytes. */
  private int needed;
  /** The last parse result: NeedMoreData while sniffing, then the final result. */
  private ParseResult result;
  /** This thread's scratch array while {@link #result} reads it; null otherwise. */
  private Scratch scratch;
  /** A synchronous decider is running with the in-place result. */
  private boolean inDecider;
  /** The bytes the running decider's hello reads, let go of by the handler meanwhile. */
  private ByteBuf readByDecider;
  private ScheduledFuture<?> timeout;
  private boolean readRequested;
  private boolean inChannelRead;
  /** A message went straight through during this read, so its completion must follow it. */
  private boolean passedThrough;
  private int parses;

  SniffingHandler(ClientHelloSniffer sniffer) {
    this.sniffer = sniffer;
  }

  /** How many times this handler has run the parser; lets tests prove re-parsing is bounded. */
  int parses() {
    return parses;
  }

  // ---- lifecycle ----

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    if (ctx.channel().isActive()) {
      start();
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    start();
    ctx.fireChannelActive();
  }

  private void start() {
    if (timeout != null || state != SNIFFING) {
      return;
    }
    timeout = ctx.executor().schedule(this, sniffer.handshakeTimeoutNanos(), TimeUnit.NANOSECONDS);
    if (!ctx.channel().config().isAutoRead()) {
      ctx.read();
    }
  }

  /** The handshake timeout. */
  @Override
  public void run() {
    timeout = null;
    if (state != SNIFFING && state != DECIDING) {
      return;
    }
    finish();
    if (logger.isDebugEnabled()) {
      logger.debug("{} closed: no ClientHello decision within {} ({} bytes received)",
          ctx.channel(), sniffer.handshakeTimeout(), received);
    }
    ctx.fireUserEventTriggered(new SniffEvent.TimedOut(sniffer.handshakeTimeout(), received));
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    finish();
    ctx.fireChannelInactive();
  }

  /**
   * Removed by the pipeline before a decision: the bytes received so far are the start of the
   * stream, so they go on to the next handler, as a decoder hands on its cumulation, instead of
   * leaving it a stream without its first bytes. Removed by {@link #forward()}, or after a
   * rejection, nothing is held any more.
   */
  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (state != SNIFFING && state != DECIDING) {
      finish();
      return;
    }
    ByteBuf first = held;
    if (inDecider && resultReadsHeld()) {
      // The decider removed the handler and may still read its hello: the next handler owns what
      // it is given and may change it, so it gets a copy and these bytes stay the decider's.
      readByDecider = held;
      first = held.copy();
    }
    state = DONE;
    cancelTimeout();
    ArrayDeque<Object> rest = queued;
    held = null;
    queued = null;
    boolean passedOn = false;
    // A removed context still passes events on to the handler that followed it.
    if (first != null) {
      ctx.fireChannelRead(first);
      passedOn = true;
    }
    if (rest != null) {
      for (Object msg : rest) {
        ctx.fireChannelRead(msg);
      }
      passedOn = true;
    }
    if (passedOn && !inChannelRead) {
      ctx.fireChannelReadComplete(); // else the channel's own follows this read
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (state != SNIFFING && state != DECIDING) {
      ctx.fireExceptionCaught(cause);
      return;
    }
    finish();
    if (logger.isDebugEnabled()) {
      logger.debug("{} closed: exception before the ClientHello decision", ctx.channel(), cause);
    }
    // Passed on before closing: an embedded channel tears its pipeline down within close().
    ctx.fireExceptionCaught(cause);
    ctx.close();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (!(event instanceof ChannelInputShutdownEvent) || state != SNIFFING) {
      ctx.fireUserEventTriggered(event);
      return;
    }
    rejected(known(), "input shut down after " + received + " bytes, before a complete ClientHello");
    ctx.fireUserEventTriggered(event);
    ctx.close();
  }

  // ---- reads ----

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    inChannelRead = true;
    try {
      switch (state) {
        case SNIFFING -> sniff(msg);
        case DECIDING, FORWARDING -> enqueue(msg);
        default -> ReferenceCountUtil.release(msg); // rejected or closed: nothing goes on
      }
    } finally {
      inChannelRead = false;
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (state == SNIFFING) {
      if (passedThrough) {
        passedThrough = false;
        ctx.fireChannelReadComplete();
      }
      // Nothing of the hello went downstream, so nobody else will ask for the rest of it.
      if (!ctx.channel().config().isAutoRead()) {
        ctx.read();
      }
    } else if (state != DECIDING) {
      ctx.fireChannelReadComplete();
    }
  }

  @Override
  public void read(ChannelHandlerContext ctx) {
    if (state == DECIDING) {
      readRequested = true; // issued once the decision is in
    } else {
      ctx.read();
    }
  }

  private void sniff(Object msg) {
    if (!(msg instanceof ByteBuf in)) {
      if (received == 0) {
        passedThrough = true;
        ctx.fireChannelRead(msg);
      } else {
        ReferenceCountUtil.release(msg);
        fail(new IllegalStateException("a " + msg.getClass().getName()
            + " message arrived in the middle of the ClientHello"), "pipeline failed");
      }
      return;
    }
    received += in.readableBytes();
    if (held == null) {
      ParseResult parsed = parse(in, in.readerIndex(), in.readableBytes());
      if (!(parsed instanceof NeedMoreData more)) {
        held = in;
        conclude(parsed);
        return;
      }
      // minimumLength() > readable bytes, and <= maxStreamLength(): the copy stays in bounds.
      result = more;
      needed = more.minimumLength();
      held = ctx.alloc().buffer(initialCapacity(in.readableBytes(), needed),
          sniffer.parser().maxStreamLength());
      held.writeBytes(in);
      in.release();
      return;
    }
    while (true) {
      held.writeBytes(in, Math.min(in.readableBytes(), needed - held.readableBytes()));
      if (held.readableBytes() < needed) {
        in.release();
        return;
      }
      ParseResult parsed = parse(held, held.readerIndex(), held.readableBytes());
      if (parsed instanceof NeedMoreData more) {
        result = more;
        needed = more.minimumLength();
        if (!in.isReadable()) {
          in.release();
          return;
        }
        continue;
      }
      if (in.isReadable()) {
        queue(in);
      } else {
        in.release();
      }
      conclude(parsed);
      return;
    }
  }

  /**
   * Room for what the peer declared, so a hello in two reads is copied once, but never more than
   * four times what it actually sent: a few bytes declaring a large hello cannot make the handler
   * allocate for it. The buffer grows from bytes received after that.
   */
  static int initialCapacity(int received, int needed) {
    return Math.min(needed, Math.max(64, 4 * received));
  }

  private ParseResult parse(ByteBuf bytes, int index, int length) {
    parses++;
    ClientHelloParser parser = sniffer.parser();
    if (bytes.hasArray()) {
      return parser.parse(bytes.array(), bytes.arrayOffset() + index, length);
    }
    Scratch s = Scratch.LOCAL.get();
    if (s.taken) { // a nested parse on this thread: the parser copies the hello it returns
      if (bytes.nioBufferCount() == 1) {
        return parser.parse(bytes.internalNioBuffer(index, length));
      }
      byte[] copy = new byte[length];
      bytes.getBytes(index, copy);
      return parser.parse(copy);
    }
    byte[] array = s.array(length, parser.maxStreamLength());
    bytes.getBytes(index, array, 0, length);
    ParseResult parsed = parser.parse(array, 0, length);
    if (parsed instanceof ClientHello) {
      s.taken = true;
      scratch = s;
    }
    return parsed;
  }

  /**
   * The synchronous decider returned: what it could still read while running (bytes the handler
   * let go of meanwhile, this thread's scratch array) may be let go of now.
   */
  private void deciderReturned() {
    inDecider = false;
    if (readByDecider != null) {
      readByDecider.release();
      readByDecider = null;
    }
    if (state != DECIDING) {
      releaseScratch(); // closed or removed meanwhile: nothing reads the result any more
    }
  }

  /** Whether the result reads {@link #held} in place (not a copy, not the scratch array). */
  private boolean resultReadsHeld() {
    return result instanceof ClientHello hello && !hello.ownsBytes() && scratch == null && held != null;
  }

  /** Gives this thread's scratch array back; the result must not read it any more. */
  private void releaseScratch() {
    if (inDecider) {
      return; // the decider may still read it: given back when it returns
    }
    if (scratch != null) {
      scratch.taken = false;
      scratch = null;
    }
  }

  /** The result as it may be kept after the held bytes are gone. */
  private ParseResult kept(ParseResult what) {
    ParseResult owned = what instanceof ClientHello hello ? hello.detach() : what;
    if (what == result) {
      result = owned;
      releaseScratch();
    }
    return owned;
  }

  /**
   * A per-thread array direct buffers are copied into to be parsed: reused, so a hello from a
   * direct buffer costs a copy into warm memory and no allocation.
   */
  private static final class Scratch {
    static final FastThreadLocal<Scratch> LOCAL = new FastThreadLocal<>() {
      @Override
      protected Scratch initialValue() {
        return new Scratch();
      }
    };

    private byte[] bytes = new byte[0];
    /** Whether a result being decided reads {@link #bytes}. */
    boolean taken;

    byte[] array(int length, int limit) {
      if (bytes.length < length) {
        bytes = new byte[Math.max(length, limit)];
      }
      return bytes;
    }
  }

  private void enqueue(Object msg) {
    if (msg instanceof ByteBuf in) {
      received += in.readableBytes();
      int limit = sniffer.parser().maxStreamLength();
      if (limit - pendingBytes < in.readableBytes()) {
        ReferenceCountUtil.release(msg);
        reject(result, "more than " + limit + " bytes arrived while the decision was pending");
        return;
      }
      pendingBytes += in.readableBytes();
    }
    queue(msg);
  }

  private void queue(Object msg) {
    if (queued == null) {
      queued = new ArrayDeque<>(4);
    }
    queued.add(msg);
  }

  // ---- outcome ----

  private void conclude(ParseResult parsed) {
    if (parsed instanceof ClientHello) {
      result = parsed; // reads the held bytes (or this thread's scratch copy of them) in place
      decide();
    } else if (parsed instanceof NotTls && sniffer.notTlsPolicy() == NotTlsPolicy.PASS) {
      result = parsed;
      decide();
    } else {
      reject(parsed, parsed.toString()); // Malformed, TooLarge, or NotTls to close
    }
  }

  private void decide() {
    state = DECIDING;
    Decider decider = sniffer.decider();
    if (decider != null) {
      Decision decision;
      inDecider = true;
      try {
        decision = decider.decide(ctx.channel(), result);
      } catch (Throwable e) {
        deciderReturned();
        fail(e, "decider failed");
        return;
      }
      deciderReturned();
      apply(decision);
      return;
    }
    kept(result); // an asynchronous decider may keep it past the bytes, and the event follows later
    CompletionStage<Decision> stage;
    try {
      stage = sniffer.asyncDecider().decide(ctx.channel(), result);
    } catch (Throwable e) {
      fail(e, "decider failed");
      return;
    }
    if (stage == null) {
      apply(null);
      return;
    }
    stage.whenComplete((decision, error) -> {
      EventExecutor executor = ctx.executor();
      if (executor.inEventLoop()) {
        decided(decision, error);
      } else {
        executor.execute(() -> decided(decision, error));
      }
    });
  }

  private void decided(Decision decision, Throwable error) {
    if (state != DECIDING) {
      return; // timed out or closed meanwhile; nothing is held any more
    }
    if (error != null) {
      fail(error instanceof CompletionException && error.getCause() != null
          ? error.getCause() : error, "decider failed");
    } else {
      apply(decision);
    }
  }

  private void apply(Decision decision) {
    if (state != DECIDING) {
      return; // the decider closed the channel, or the pipeline removed this handler
    }
    if (decision instanceof Decision.Close close) {
      reject(result, close.reason());
    } else if (decision instanceof Decision.Forward) {
      if (ctx.channel().isOpen()) {
        forward();
      } else {
        finish(); // the decider closed the channel itself
      }
    } else {
      fail(new NullPointerException("the decider returned null"), "decider failed");
    }
  }

  private void forward() {
    state = FORWARDING;
    cancelTimeout();
    ctx.fireUserEventTriggered(new SniffEvent.Accepted(result));
    releaseScratch(); // the event is over: the result is not read again
    // A handler that closed the channel on the event made channelInactive release the bytes.
    ByteBuf first = held;
    ArrayDeque<Object> rest = queued;
    boolean readAgain = readRequested;
    held = null;
    queued = null;
    state = DONE;
    if (!ctx.isRemoved()) {
      ctx.pipeline().remove(this);
    }
    // A removed context still passes events on to the handler that followed it.
    if (first != null) {
      ctx.fireChannelRead(first);
    }
    if (rest != null) {
      for (Object msg : rest) {
        ctx.fireChannelRead(msg);
      }
    }
    if (!inChannelRead) {
      ctx.fireChannelReadComplete(); // else the channel's own follows this read
    }
    if (readAgain) {
      ctx.read();
    }
  }

  private void reject(ParseResult what, String reason) {
    rejected(what, reason);
    ctx.close();
  }

  /** Releases everything and fires the event; the caller closes the channel. */
  private void rejected(ParseResult what, String reason) {
    ParseResult owned = kept(what); // the event outlives the bytes released here
    finish();
    if (logger.isDebugEnabled()) {
      logger.debug("{} rejected: {}", ctx.channel(), reason);
    }
    ctx.fireUserEventTriggered(new SniffEvent.Rejected(owned, reason));
  }

  /** Fails closed on an error outside the bytes: the decider, or a message out of place. */
  private void fail(Throwable cause, String what) {
    rejected(known(), what + ": " + cause);
    ctx.fireExceptionCaught(cause);
    ctx.close();
  }

  /** The last parse result; before any byte, what the parser says of an empty stream. */
  private ParseResult known() {
    return result != null ? result : sniffer.parser().parse(new byte[0]);
  }

  /** Releases everything held and stops the timer; idempotent. */
  private void finish() {
    state = DONE;
    cancelTimeout();
    releaseScratch();
    if (held != null && inDecider && resultReadsHeld()) {
      readByDecider = held; // the decider closed the channel and may read its hello until it returns
      held = null;
    }
    if (held != null) {
      held.release();
      held = null;
    }
    if (queued != null) {
      for (Object msg : queued) {
        ReferenceCountUtil.release(msg);
      }
      queued = null;
    }
  }

  private void cancelTimeout() {
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
  }
}
