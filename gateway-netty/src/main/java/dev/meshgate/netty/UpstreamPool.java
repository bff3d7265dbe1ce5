package dev.meshgate.netty;

import dev.meshgate.core.naming.SpiffeId;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/*
 * The idle upstream HTTP connections of one flow on one event loop, as Envoy keeps a connection
 * pool per worker: a connection whose request completed waits here, keyed by what decides that it
 * may carry another request (endpoint address and port, expected identity, SNI), until a request
 * for the same key on the same event loop takes it. At most maxIdlePerKey wait per key (a further
 * one is closed); one idle for idleTimeout, one the server closes and one that receives anything
 * while idle are closed and dropped. Used only on its event loop, so not thread-safe. The last
 * handler of a pooled channel's pipeline is named HANDLER: the pool puts its own there while the
 * connection waits and the taker's in when it takes it.
 */
final class UpstreamPool {
  /** The name of the last handler of an upstream channel's pipeline. */
  static final String HANDLER = "meshgate-upstream";

  /** What decides whether an upstream connection may carry a request. */
  record Key(String address, int port, SpiffeId identity, String sni) {}

  private final int maxIdlePerKey;
  private final long idleTimeoutNanos;
  private final Map<Key, ArrayDeque<Channel>> idle = new HashMap<>();

  UpstreamPool(int maxIdlePerKey, Duration idleTimeout) {
    this.maxIdlePerKey = maxIdlePerKey;
    this.idleTimeoutNanos = idleTimeout.toNanos();
  }

  /**
   * The most recently pooled open connection for {@code key}, its last handler replaced by {@code
   * handler}, or null when none waits.
   */
  Channel take(Key key, ChannelHandler handler) {
    ArrayDeque<Channel> channels = idle.get(key);
    if (channels == null) {
      return null;
    }
    Channel taken = null;
    while (taken == null && !channels.isEmpty()) {
      Channel c = channels.pollLast();
      if (c.isActive()) {
        taken = c;
      }
    }
    if (channels.isEmpty()) {
      idle.remove(key);
    }
    if (taken != null) {
      taken.pipeline().replace(HANDLER, HANDLER, handler);
    }
    return taken;
  }

  /** Keeps {@code channel}, idle and open, for the next request for {@code key}; closes it when the pool is full. */
  void offer(Key key, Channel channel) {
    ArrayDeque<Channel> channels = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
    if (channels.size() >= maxIdlePerKey) {
      channel.close();
      return;
    }
    channels.addLast(channel);
    channel.pipeline().replace(HANDLER, HANDLER, new Idle(key));
  }

  /** How many connections wait, for every key. */
  int idle() {
    int n = 0;
    for (ArrayDeque<Channel> channels : idle.values()) {
      n += channels.size();
    }
    return n;
  }

  private void drop(Key key, Channel channel) {
    ArrayDeque<Channel> channels = idle.get(key);
    if (channels != null && channels.remove(channel) && channels.isEmpty()) {
      idle.remove(key);
    }
  }

  /** The last handler of a waiting connection: closes it after the idle timeout or on any input. */
  private final class Idle extends ChannelInboundHandlerAdapter {
    private final Key key;
    private ScheduledFuture<?> timer;

    Idle(Key key) {
      this.key = key;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      Channel channel = ctx.channel();
      timer = ctx.executor().schedule(() -> {
        drop(key, channel);
        channel.close();
      }, idleTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      timer.cancel(false);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      // nothing was asked: a response now is out of order, so the connection cannot be trusted
      ReferenceCountUtil.release(msg);
      drop(key, ctx.channel());
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      timer.cancel(false);
      drop(key, ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      drop(key, ctx.channel());
      ctx.close();
    }
  }
}
