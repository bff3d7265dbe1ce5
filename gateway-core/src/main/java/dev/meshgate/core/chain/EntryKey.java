package dev.meshgate.core.chain;

import dev.meshgate.core.catalog.ServiceName;

/**
 * Names one config entry a compilation read, present or not: a kind and the service (or, for
 * {@code proxy-defaults}, the partition) it belongs to. The incremental compiler keys its cache by
 * these.
 */
record EntryKey(String kind, String partition, String namespace, String name) {
  static final String ROUTER = "service-router";
  static final String SPLITTER = "service-splitter";
  static final String RESOLVER = "service-resolver";
  static final String SERVICE_DEFAULTS = "service-defaults";
  static final String PROXY_DEFAULTS = "proxy-defaults";

  static EntryKey of(String kind, ServiceName service) {
    return new EntryKey(kind, service.partition(), service.namespace(), service.name());
  }

  static EntryKey proxyDefaults(String partition) {
    return new EntryKey(PROXY_DEFAULTS, partition, "", "global");
  }
}
