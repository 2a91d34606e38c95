import Foundation
import Metrics
import Prometheus

/// The process's metrics backend: swift-metrics bootstrapped once with a Prometheus
/// registry, which `GET /metrics` prints. Bootstrapping is process-wide and may happen
/// only once (swift-metrics traps on a second), hence the static.
public enum PrometheusSetup {
    private static let bootstrapped: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Commands take milliseconds; a lock or queue wait of minutes is what an alert wants.
        let buckets: [Duration] = [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                                   .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
                                   .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
                                   .seconds(30)]
        factory.defaultDurationHistogramBuckets = buckets
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// Bootstraps swift-metrics with Prometheus (the first time) and returns the registry.
    /// Call it once at start-up, before anything records a metric: handles made before
    /// bootstrapping go to the no-op backend for good.
    public static func registry() -> PrometheusCollectorRegistry { bootstrapped }
}
