/** Consul's data and API for meshgate gateways. */
package dev.meshgate.consul;
