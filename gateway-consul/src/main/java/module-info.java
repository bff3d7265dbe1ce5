/**
 * Speaks Consul: decodes, normalizes and encodes Consul's config entries in the API's JSON, decodes
 * the HTTP API's answers a gateway needs, and follows a live Consul agent with blocking queries,
 * feeding the gateways of {@code dev.meshgate.core} and the TLS material of {@code dev.meshgate.tls}.
 *
 * <p>{@code dev.meshgate.consul.config} reads and writes config entries; {@code
 * dev.meshgate.consul.internal.json} holds the JSON machinery and is not exported.
 */
module dev.meshgate.consul {
  requires transitive dev.meshgate.core;
  requires transitive dev.meshgate.tls;
  requires com.fasterxml.jackson.databind;
  requires java.net.http;
  requires org.slf4j;

  exports dev.meshgate.consul.api;
  exports dev.meshgate.consul.config;
}
