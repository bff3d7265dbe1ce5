/**
 * Consul service intentions: the {@code service-intentions} config entry, its normalization and
 * validation with Consul's exact messages, and an evaluator that answers "may this source call this
 * destination (with this HTTP request)?" with an explained {@link
 * dev.meshgate.core.intentions.Decision}.
 *
 * <p>Start with {@link dev.meshgate.core.intentions.ServiceIntentions#builder()} to describe
 * entries (building one validates it), {@link dev.meshgate.core.intentions.IntentionSet#builder()}
 * to check what they refer to and index them, and {@link
 * dev.meshgate.core.intentions.IntentionSet#decide} to ask for decisions about a {@link
 * dev.meshgate.core.intentions.SourceIdentity} calling a {@link
 * dev.meshgate.core.intentions.DestinationService}. {@link
 * dev.meshgate.core.intentions.IntentionLint} reports rules that cannot do what their author likely
 * meant.
 *
 * <p>Names take their parts in one order everywhere: name, namespace, partition, then peer. Regex
 * conditions use RE2's syntax and cost time linear in the value they match.
 *
 * <p>Every value type here is immutable and thread-safe. No method in this package accepts or
 * returns {@code null} unless its documentation says so; absent values are empty strings, empty
 * collections or {@link java.util.Optional}s, as documented per type.
 */
package dev.meshgate.core.intentions;
