/**
 * Consul's HTTP API as meshgate values: {@link dev.meshgate.consul.api.ConsulAnswers} decodes the
 * answers a gateway needs (service health, a gateway's linked services, config entries, the
 * Connect CA's roots and leaf certificates, the datacenters) into small immutable records and
 * core's catalog values.
 */
package dev.meshgate.consul.api;
