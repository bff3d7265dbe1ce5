package dev.meshgate.netty;

import dev.meshgate.core.catalog.Endpoint;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;

/**
 * The endpoint side of one relayed connection: hands everything to the client side's {@link
 * RelayHandler}, which owns the connection's state. Runs on the client channel's event loop.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {
  private final RelayHandler relay;
  private final Endpoint endpoint;
  private final Relay.BackendSetup setup;

  BackendHandler(RelayHandler relay, Endpoint endpoint, Relay.BackendSetup setup) {
    this.relay = relay;
    this.endpoint = endpoint;
    this.setup = setup;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (setup != null) {
      setup.setUp(ctx.channel(), endpoint);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    relay.fromBackend(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    relay.backendReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    relay.backendWritabilityChanged(ctx.channel());
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      relay.backendInputShutdown(ctx.channel());
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    relay.backendInactive(ctx.channel());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    relay.backendFailed(ctx.channel());
  }
}
