/**
 * What all config entries share: the exception that reports every validation problem of an entry
 * at once, with Consul's field paths and texts, and the protocols a service can speak.
 *
 * <p>No method in this package accepts or returns {@code null} unless its documentation says so.
 */
package dev.meshgate.core.config;
