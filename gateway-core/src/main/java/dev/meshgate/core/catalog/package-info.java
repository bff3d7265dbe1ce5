/**
 * A Consul-style service catalog: nodes, service instances with their health and weights, and the
 * config-entry facts gateways resolve services with ({@code service-defaults},
 * {@code service-resolver} subsets, and per admin partition {@code proxy-defaults}, {@code mesh}
 * and {@code exported-services}), per datacenter. {@link dev.meshgate.core.catalog.Endpoint} turns
 * an instance into what a proxy dials, with Consul's health and weight.
 *
 * <p>{@link dev.meshgate.core.catalog.CatalogSnapshot} is an immutable view answering the queries
 * gateways make ({@code /v1/health/service/<svc>}, the Connect-capable instances of
 * {@code /v1/health/connect/<svc>}, instances by kind); {@link dev.meshgate.core.catalog.Catalog}
 * is an in-memory store that publishes a new snapshot on every change, and
 * {@link dev.meshgate.core.catalog.CatalogSource} is what an embedder implements to feed snapshots
 * from elsewhere (a Consul watch, a file, a test).
 *
 * <p>Names compare as Consul's state store compares them: service names, node names, service IDs,
 * namespaces, partitions and datacenters ignore letter case in lookups (ASCII case folding with
 * {@link java.util.Locale#ROOT}) and keep their spelling in results.
 *
 * <p>No method in this package accepts or returns {@code null} unless its documentation says so.
 */
package dev.meshgate.core.catalog;
