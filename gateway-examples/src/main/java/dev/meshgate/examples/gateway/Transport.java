package dev.meshgate.examples.gateway;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The socket transport the program's gateways use: Linux's epoll through Netty's native transport
 * when it loads (fewer system calls per relayed connection), else the JDK's selector.
 *
 * @param name {@code epoll} or {@code nio}, for the log
 * @param handler the event loops' I/O handler
 * @param server the listening channel type
 * @param client the connecting channel type, for the relay's upstream connections
 */
record Transport(String name, IoHandlerFactory handler, Class<? extends ServerSocketChannel> server,
    Class<? extends SocketChannel> client) {

  /** epoll where it is available, else NIO. */
  static Transport best() {
    return Epoll.isAvailable()
        ? new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class, EpollSocketChannel.class)
        : new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
  }

  /** Event loops of this transport, one per core unless {@code io.netty.eventLoopThreads} says otherwise. */
  EventLoopGroup newGroup() {
    return new MultiThreadIoEventLoopGroup(handler);
  }
}
