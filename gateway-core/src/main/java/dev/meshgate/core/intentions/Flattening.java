package dev.meshgate.core.intentions;

/** Consul's {@code ToIntention}: one normalized source plus its entry make one {@link Intention}. */
final class Flattening {
  private Flattening() {}

  /**
   * Flattens a source of a normalized entry.
   *
   * @param peer the source peer: the source's own, or a sameness-group member's
   * @param partition the source partition: the source's own, or a sameness-group member's
   */
  static Intention intention(ServiceIntentions entry, SourceIntention source, String peer, String partition) {
    String sourcePeer = source.samenessGroup().isEmpty() ? source.peer() : peer;
    String sourcePartition = sourcePeer.isEmpty() ? Normalization.orDefault(partition) : "";
    return new Intention(
        source.name(), source.namespace(), sourcePartition, sourcePeer, source.samenessGroup(), entry.name(),
        entry.namespace(), entry.partition(), source.action(), source.permissions(), entry.jwt(), source.precedence(),
        source.description(), entry.meta());
  }
}
