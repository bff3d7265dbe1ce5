/**
 * A Netty handler that sniffs the ClientHello of a new connection, reports it, and passes the
 * bytes on untouched. Requires Netty, an optional dependency of this module.
 *
 * <p>No method in this package accepts or returns {@code null} unless its documentation says so.
 */
package dev.meshgate.sni.netty;
