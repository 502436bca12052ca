/**
 * What happens to backends, models and runners, as events ({@link dev.helix.events.HelixEvent}) that every module
 * may publish through an injected {@link dev.helix.events.HelixEvents}: the server turns them into metrics, alerts and
 * the dashboard's feed.
 */
package dev.helix.events;
