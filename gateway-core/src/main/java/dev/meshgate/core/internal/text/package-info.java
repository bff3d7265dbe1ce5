/**
 * Text conventions shared by every package of core, depending on none of them. Not API: this
 * package is not exported.
 */
package dev.meshgate.core.internal.text;
