/**
 * The external LLM servers Helix fronts, as data: a {@link dev.helix.providers.upstream.ServerKind} per server and a
 * {@link dev.helix.providers.upstream.ServerProfile} each (ports, paths, health probe, auth, error bodies, stream
 * framing, reasoning field, missing request fields, {@code owned_by} values, fingerprints), all in
 * {@link dev.helix.providers.upstream.ServerProfiles}. A difference between two servers is a difference between two
 * rows of that table, never a class.
 */
package dev.helix.providers.upstream;
