/**
 * Provider servers Helix starts and watches itself (a {@code managed} block in models.yaml): one
 * {@link dev.helix.providers.managed.ManagedProcess} per server runs it under a small shell watchdog (its own process
 * group, ended when Helix goes away, even by SIGKILL), waits until it is ready, restarts it with exponential backoff
 * when it exits or stays unhealthy, and gives up with a {@link dev.helix.providers.managed.ProcessEvent.Failed} event
 * after the configured number of restarts. {@link dev.helix.providers.managed.ManagedProvider} puts one in front of an
 * adapter: the server starts on the first request that needs it.
 */
package dev.helix.providers.managed;
