package dev.meshgate.core.routing;

/** A registration with a gateway; closing it stops further notifications. */
public interface Subscription extends AutoCloseable {
  /** Stops notifications to the listener; closing twice does nothing. */
  @Override
  void close();
}
