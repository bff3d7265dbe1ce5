/**
 * What the gateway kinds share at their edge: the decision of a gateway that routes by TLS server
 * name ({@link dev.meshgate.core.routing.SniDecision}, asked of a {@link
 * dev.meshgate.core.routing.SniRouter}), and change notification ({@link
 * dev.meshgate.core.routing.TableListener}) so that TLS material, metrics and admin views follow a
 * gateway's current table.
 *
 * <p>No method in this package accepts or returns {@code null} unless its documentation says so.
 */
package dev.meshgate.core.routing;
