package dev.meshgate.netty;

import dev.meshgate.core.catalog.Endpoint;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The client side of one relayed connection (see {@link Relay} for the contract). All state is
 * touched on the client channel's event loop only: the endpoint channel is registered on the same
 * loop, so nothing here needs a lock.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter implements ChannelFutureListener {
  private final Relay relay;
  private final List<Endpoint> endpoints;
  private final Relay.BackendSetup setup;
  private final GatewayObserver observer;

  private ChannelHandlerContext ctx;
  private Channel client;
  /** Bytes read from the client before an endpoint accepted; only the sniffer's hand-over. */
  private final ArrayDeque<Object> pending = new ArrayDeque<>(2);
  private ChannelFuture connecting;
  private Endpoint attempting;
  private int nextEndpoint;
  private Channel backend;
  private Endpoint chosen;

  private boolean started;
  private boolean finished;
  private boolean clientInputShut;
  private boolean backendInputShut;
  private boolean clientOutputShut;
  private boolean backendOutputShut;
  private CloseReason reason;
  private long startNanos;
  private long bytesFromClient;
  private long bytesToClient;

  RelayHandler(Relay relay, List<Endpoint> endpoints, Relay.BackendSetup setup) {
    this.relay = relay;
    this.endpoints = endpoints;
    this.setup = setup;
    this.observer = relay.observer();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.client = ctx.channel();
    if (client.isActive()) {
      start();
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (!started) {
      start();
    }
    ctx.fireChannelActive();
  }

  private void start() {
    started = true;
    startNanos = System.nanoTime();
    ChannelConfig config = client.config();
    // Nothing more is read from the client until an endpoint can take it: this is what keeps
    // the bytes held while connecting down to what the handlers before us hand over.
    config.setAutoRead(false);
    config.setWriteBufferWaterMark(relay.waterMark());
    config.setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    ctx.pipeline().addBefore(ctx.name(), null,
        new IdleStateHandler(0, 0, relay.idleTimeoutNanos(), TimeUnit.NANOSECONDS));
    connectNext();
  }

  private void connectNext() {
    if (finished || !client.isActive()) {
      return;
    }
    if (nextEndpoint == endpoints.size()) {
      setReason(CloseReason.NO_ENDPOINT);
      client.close();
      return;
    }
    attempting = endpoints.get(nextEndpoint++);
    Bootstrap bootstrap = relay.template().clone(client.eventLoop());
    bootstrap.handler(new BackendHandler(this, attempting, setup));
    connecting = bootstrap.connect(attempting.address(), attempting.port());
    connecting.addListener(this);
  }

  /** The outcome of one connection attempt. */
  @Override
  public void operationComplete(ChannelFuture future) {
    connecting = null;
    if (!future.isSuccess()) {
      if (!finished) {
        Observers.endpointFailed(observer, client, attempting, future.cause());
      }
      connectNext();
      return;
    }
    if (finished || !client.isActive()) {
      future.channel().close();
      return;
    }
    backend = future.channel();
    chosen = attempting;
    Observers.endpointConnected(observer, client, backend, chosen);
    Object msg;
    while ((msg = pending.poll()) != null) {
      backend.write(msg, backend.voidPromise());
    }
    backend.flush();
    if (clientInputShut) {
      shutdownOutput(backend, true);
    } else if (backend.isWritable()) {
      client.config().setAutoRead(true);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf) {
      bytesFromClient += ((ByteBuf) msg).readableBytes();
    }
    if (backend == null) {
      if (finished) {
        ReferenceCountUtil.release(msg);
      } else {
        pending.add(msg);
      }
      return;
    }
    backend.write(msg, backend.voidPromise());
    if (!backend.isWritable()) {
      client.config().setAutoRead(false);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (backend != null) {
      backend.flush();
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (client.isWritable() && backend != null && !backendInputShut) {
      backend.config().setAutoRead(true);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      clientInputShut = true;
      if (backend != null) {
        shutdownOutput(backend, true);
      }
    } else if (evt instanceof IdleStateEvent) {
      setReason(CloseReason.IDLE_TIMEOUT);
      closeBoth();
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    setReason(CloseReason.CLIENT_CLOSED);
    if (connecting != null) {
      connecting.channel().close();
    }
    if (backend != null) {
      closeOnFlush(backend);
    }
    finish();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    setReason(CloseReason.ERROR);
    client.close();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releasePending();
  }

  // --- called by the endpoint channel's handler, on the same event loop

  void fromBackend(Object msg) {
    if (msg instanceof ByteBuf) {
      bytesToClient += ((ByteBuf) msg).readableBytes();
    }
    client.write(msg, client.voidPromise());
    if (!client.isWritable()) {
      backend.config().setAutoRead(false);
    }
  }

  void backendReadComplete() {
    client.flush();
  }

  void backendWritabilityChanged(Channel channel) {
    if (channel == backend && backend.isWritable() && !clientInputShut) {
      client.config().setAutoRead(true);
    }
  }

  void backendInputShutdown(Channel channel) {
    if (channel == backend) {
      backendInputShut = true;
      shutdownOutput(client, false);
    }
  }

  void backendInactive(Channel channel) {
    if (channel == backend) {
      setReason(CloseReason.BACKEND_CLOSED);
      closeOnFlush(client);
    }
  }

  void backendFailed(Channel channel) {
    if (channel == backend) {
      setReason(CloseReason.ERROR);
    }
    channel.close();
  }

  // ---

  /** Shuts a channel's output down once everything written to it before is flushed. */
  private void shutdownOutput(Channel channel, boolean towardsBackend) {
    if (!(channel instanceof DuplexChannel)) {
      closeOnFlush(channel);
      return;
    }
    channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) flushed -> {
      if (!flushed.isSuccess()) {
        channel.close();
        return;
      }
      ((DuplexChannel) channel).shutdownOutput().addListener((ChannelFutureListener) shut -> {
        if (towardsBackend) {
          backendOutputShut = true;
        } else {
          clientOutputShut = true;
        }
        if (backendOutputShut && clientOutputShut) {
          closeBoth();
        }
      });
    });
  }

  private void closeBoth() {
    client.close();
    if (backend != null) {
      backend.close();
    }
  }

  private static void closeOnFlush(Channel channel) {
    if (channel.isActive()) {
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void setReason(CloseReason candidate) {
    if (reason == null) {
      reason = candidate;
    }
  }

  private void finish() {
    if (finished) {
      return;
    }
    finished = true;
    releasePending();
    if (started) {
      Observers.closed(observer, client, new ConnectionSummary(Optional.ofNullable(chosen), bytesFromClient,
          bytesToClient, Duration.ofNanos(System.nanoTime() - startNanos), reason));
    }
  }

  private void releasePending() {
    Object msg;
    while ((msg = pending.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
  }
}
