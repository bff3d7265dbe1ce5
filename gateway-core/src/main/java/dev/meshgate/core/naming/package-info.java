/**
 * Consul's names, byte-for-byte: trust domains, SPIFFE workload IDs, and the SNI forms gateways
 * route by. Formatting never lower-cases or escapes what Consul does not; parsing returns a typed
 * name or rejects the input with a message that says what was expected.
 *
 * <p>No method in this package accepts or returns {@code null} unless its documentation says so.
 */
package dev.meshgate.core.naming;
