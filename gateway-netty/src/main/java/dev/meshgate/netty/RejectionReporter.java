package dev.meshgate.netty;

import dev.meshgate.sni.ClientHello;
import dev.meshgate.sni.netty.SniffEvent;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

/**
 * Sits right after a sniffing handler and reports its rejections and timeouts to an observer;
 * ends the errors that arrive before a decision; removes itself once a connection is accepted. Stateless: one instance serves every channel.
 */
@ChannelHandler.Sharable
final class RejectionReporter extends ChannelInboundHandlerAdapter {
  private static final InternalLogger LOG = InternalLoggerFactory.getInstance(RejectionReporter.class);

  private final GatewayObserver observer;

  RejectionReporter(GatewayObserver observer) {
    this.observer = observer;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SniffEvent.Rejected) {
      SniffEvent.Rejected rejected = (SniffEvent.Rejected) evt;
      String sni = rejected.result() instanceof ClientHello
          ? ((ClientHello) rejected.result()).serverName().orElse("") : "";
      Observers.rejected(observer, ctx.channel(), sni, rejected.reason());
    } else if (evt instanceof SniffEvent.TimedOut) {
      Observers.rejected(observer, ctx.channel(), "",
          "no ClientHello within " + ((SniffEvent.TimedOut) evt).timeout());
    } else if (evt instanceof SniffEvent.Accepted) {
      ctx.pipeline().remove(this);
    }
    ctx.fireUserEventTriggered(evt);
  }

  /**
   * An I/O error before the decision (a reset in the middle of the hello): the sniffer has
   * released its bytes and passes the error on; it ends here, closing the channel, instead of
   * reaching the pipeline's tail, where Netty would log it at WARN for every such client.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("{}: closed before a decision: {}", ctx.channel(), cause.toString());
    ctx.close();
  }
}
