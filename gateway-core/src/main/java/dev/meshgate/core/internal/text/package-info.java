/**
 * Text conventions shared by every package of core, depending on none of them. Not API: this
 * package is exported to gateway-consul only.
 */
package dev.meshgate.core.internal.text;
