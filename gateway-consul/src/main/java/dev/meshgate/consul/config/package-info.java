/**
 * Consul's config entries as meshgate values: {@link dev.meshgate.consul.config.ConfigEntryCodec}
 * decodes the JSON of Consul's API and of {@code consul config write}, normalizes and validates
 * entries through core's builders, and encodes them back; {@link
 * dev.meshgate.consul.config.ConfigDirectory} loads a directory of such files into what a gateway
 * needs (entries by kind, an {@link dev.meshgate.core.intentions.IntentionSet}, a {@link
 * dev.meshgate.core.catalog.Catalog} with the config entries applied).
 *
 * <p>Every type here is immutable and thread-safe unless its documentation says otherwise. No
 * method accepts or returns {@code null}.
 */
package dev.meshgate.consul.config;
