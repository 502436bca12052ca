/**
 * The Provider API: {@link dev.helix.provider.Provider}, the requests it takes, the {@link dev.helix.provider.Chunk}
 * stream it answers with, and its exceptions by retriability. The embedded llama.cpp runtime and the adapters to
 * external servers both implement it; this module has no dependencies, so an adapter never pulls in native code.
 */
package dev.helix.provider;
