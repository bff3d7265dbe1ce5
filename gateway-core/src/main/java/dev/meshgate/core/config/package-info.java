/**
 * What all config entries share: the exception that reports every validation problem of an entry
 * at once, with Consul's field paths and texts, and the protocols a service can speak.
 *
 * <p>One validation model holds for every config entry kind meshgate models ({@code
 * service-intentions}, {@code terminating-gateway}, {@code ingress-gateway}, {@code
 * service-router}, {@code service-splitter}, {@code service-resolver}, {@code service-defaults},
 * {@code proxy-defaults}, {@code mesh}, {@code exported-services}): an entry value is validated
 * when it is made: by its builder's {@code build()}, the only way to make the entries that are
 * classes, or by the canonical constructor of those that are records (which their builders call),
 * so an invalid entry never exists. Every problem of the entry is reported at once in one {@link
 * dev.meshgate.core.config.InvalidConfigEntryException}, Consul's first error first. The parts of
 * an entry (a name, a linked service, an exported service) refuse only what cannot be a value at
 * all, with an {@link java.lang.IllegalArgumentException} naming the field. Rules that span
 * entries (duplicate destinations, undeclared JWT providers, discovery-chain graphs) are checked
 * where the entries meet: {@code IntentionSet.Builder.build()} and the chain compiler.
 *
 * <p>No method in this package accepts or returns {@code null} unless its documentation says so.
 */
package dev.meshgate.core.config;
