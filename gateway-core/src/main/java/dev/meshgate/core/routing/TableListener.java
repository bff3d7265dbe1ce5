package dev.meshgate.core.routing;

/**
 * Told each time a gateway makes a new routing table current, so that what depends on the table
 * (TLS material for newly linked services, origination contexts, metrics, an admin view) follows
 * it without polling.
 *
 * <p>A gateway calls its listeners one change at a time, in the order the tables became current,
 * after the new table is already serving; a listener that throws is logged and does not stop the
 * others or the gateway. Listeners should return quickly: the gateway's next rebuild waits.
 *
 * @param <T> the table type of the gateway kind
 */
@FunctionalInterface
public interface TableListener<T> {
  /**
   * Receives a change.
   *
   * @param previous the table that was current before
   * @param current the table now current
   */
  void changed(T previous, T current);
}
