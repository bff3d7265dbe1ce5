/**
 * A stateless, allocation-lean parser of TLS ClientHello messages and its typed results.
 *
 * <p>No method in this package accepts or returns {@code null} unless its documentation says so.
 */
package dev.meshgate.sni;
