/**
 * What keeps a gateway's table current: its configuration and the table built from it and the
 * catalog, swapped together. Not API: this package is not exported.
 */
package dev.meshgate.core.runtime;
