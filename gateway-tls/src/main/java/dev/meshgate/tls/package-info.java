/**
 * TLS contexts, key material and certificate reload for mesh and terminating gateways.
 *
 * <p>No method in this package accepts or returns {@code null} unless its documentation says so.
 */
package dev.meshgate.tls;
