/**
 * Helpers shared by the packages of {@code dev.meshgate.core} and by sibling meshgate modules.
 * Not API: this package is exported to meshgate modules only and may change at any time.
 */
package dev.meshgate.core.internal;
