/**
 * JSON machinery shared by the module's codecs and not exported: the schema a config entry is
 * decoded against ({@link dev.meshgate.consul.internal.json.Shape}), the decoder that applies
 * Consul's matching and weak typing to a Jackson tree ({@link
 * dev.meshgate.consul.internal.json.TreeDecoder}), Go duration syntax and the module's Jackson
 * settings.
 */
package dev.meshgate.consul.internal.json;
