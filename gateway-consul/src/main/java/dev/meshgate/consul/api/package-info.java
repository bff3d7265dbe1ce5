/**
 * Consul's HTTP API as meshgate values: {@link dev.meshgate.consul.api.ConsulAnswers} decodes the
 * answers a gateway needs (service health, a gateway's linked services, config entries, the
 * Connect CA's roots and leaf certificates, the datacenters) into small immutable records and
 * core's catalog values; {@link dev.meshgate.consul.api.ConsulClient} asks a Consul agent for them,
 * configured as Consul's own clients are; {@link dev.meshgate.consul.api.Watch} follows one
 * endpoint with blocking queries, publishing each new value in index order and keeping the last
 * good one under faults.
 */
package dev.meshgate.consul.api;
