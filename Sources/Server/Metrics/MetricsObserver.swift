import CoreMetrics
import NIOConcurrencyHelpers
import Policy
import Prometheus

/// Counts admission requests, rule hits and reloads into a Prometheus registry, through swift-metrics
/// handles made by the given factory (the one `tenantry serve` bootstraps, or a test's own).
///
/// Label cardinality stays bounded: endpoints and decisions are fixed, tenants come from the policy
/// set, rule ids and actions are fixed enums. Handles are made once per label combination and kept
/// per tenant. A request builds no string and allocates nothing: the tenant it concerns is found by
/// comparing its name with the last request's (the same string of the policy set, so equal at once),
/// and only on a change of tenant by a dictionary lookup.
public final class MetricsObserver: AdmissionObserver, Sendable {
    /// What a request came to, as the `decision` label says it.
    public enum DecisionLabel: String, Sendable, CaseIterable {
        case allowed, denied, patched, unchanged, malformed
    }

    private struct RuleKey: Equatable {
        var rule: RuleID
        var action: RuleAction
    }

    /// One tenant's counters: requests by endpoint and decision (one slot each), rule hits by rule
    /// and action. A class so a request reaches it through `Handles.last` without copying it.
    /// `@unchecked Sendable`: only ever touched under `handles`' lock.
    private final class TenantHandles: @unchecked Sendable {
        let tenant: String
        /// One slot per endpoint and decision (see `count`), nil until first counted. Memory of a fixed
        /// size rather than an array: a request reads its slot without retaining and releasing an array.
        private let requests: UnsafeMutablePointer<CoreMetrics.Counter?>
        /// The few (rule, action) pairs that fired for this tenant: a scan compares two small enums
        /// each, which costs less than hashing the key.
        var rules: [(key: RuleKey, counter: CoreMetrics.Counter)] = []

        static let requestSlots = AdmissionEndpoint.allCases.count * DecisionLabel.allCases.count

        init(tenant: String) {
            self.tenant = tenant
            requests = .allocate(capacity: Self.requestSlots)
            requests.initialize(repeating: nil, count: Self.requestSlots)
        }

        deinit {
            requests.deinitialize(count: Self.requestSlots)
            requests.deallocate()
        }

        /// The counter of `slot` (`0..<requestSlots`, made from two enums' ordinals, never from input).
        func requestCounter(at slot: Int) -> CoreMetrics.Counter? { requests[slot] }

        func setRequests(_ counter: CoreMetrics.Counter, at slot: Int) {
            requests[slot] = counter
        }

        // The rules are taken out while they change: with no access to them spanning a call (an
        // array's growth or copy), Swift proves that none overlap and checks none at run time, which
        // each request's reads would pay for otherwise.

        /// The counter of `key`; nil until it first fired for this tenant.
        func ruleCounter(_ key: RuleKey) -> CoreMetrics.Counter? {
            let all = rules
            for index in all.indices where all[index].key == key { return all[index].counter }
            return nil
        }

        func addRule(_ key: RuleKey, _ counter: CoreMetrics.Counter) {
            var all = rules
            rules = []
            all.append((key, counter))
            rules = all
        }
    }

    private struct Handles {
        var tenants: [String: TenantHandles] = [:]
        /// The tenant of the last request: consecutive requests mostly concern the same one.
        var last: TenantHandles?
        var policyInfo: (hash: String, gauge: Prometheus.Gauge)?
    }

    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let handles = NIOLockedValueBox(Handles())
    /// Indexed by `AdmissionEndpoint.allCases` order.
    private let latency: [CoreMetrics.Timer]
    private let policyReloads: (success: CoreMetrics.Counter, failure: CoreMetrics.Counter)
    private let certificateReloads: (success: CoreMetrics.Counter, failure: CoreMetrics.Counter)
    private let certificateNotAfter: Prometheus.Gauge
    private let inFlight: Prometheus.Gauge

    /// The latency histogram's buckets: admission answers are expected in microseconds, the API
    /// server's timeout is 10 s at most.
    public static let latencyBuckets: [Duration] = [
        .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
        .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    public static let requestsName = "tenantry_admission_requests_total"
    public static let latencyName = "tenantry_admission_duration_seconds"
    public static let ruleHitsName = "tenantry_rule_hits_total"

    /// `factory` should be the one bootstrapped into `MetricsSystem` (if any); its registry is what
    /// `/metrics` renders.
    public init(factory: PrometheusMetricsFactory = PrometheusMetricsFactory(registry: PrometheusCollectorRegistry())) {
        var factory = factory
        factory.durationHistogramBuckets[Self.latencyName] = Self.latencyBuckets
        self.factory = factory
        self.registry = factory.registry
        self.latency = AdmissionEndpoint.allCases.map { endpoint in
            CoreMetrics.Timer(label: Self.latencyName, dimensions: [("endpoint", endpoint.rawValue)], factory: factory)
        }
        policyReloads = (
            CoreMetrics.Counter(label: "tenantry_policy_reloads_total", dimensions: [("result", "success")], factory: factory),
            CoreMetrics.Counter(label: "tenantry_policy_reloads_total", dimensions: [("result", "failure")], factory: factory))
        certificateReloads = (
            CoreMetrics.Counter(label: "tenantry_certificate_reloads_total", dimensions: [("result", "success")], factory: factory),
            CoreMetrics.Counter(label: "tenantry_certificate_reloads_total", dimensions: [("result", "failure")], factory: factory))
        certificateNotAfter = factory.registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "tenantry", metricName: "certificate_not_after", unitName: "seconds",
            helpText: "The serving certificate's notAfter, seconds since the Unix epoch"))
        inFlight = factory.registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "tenantry", metricName: "requests", unitName: "in_flight",
            helpText: "Requests being served on both listeners, the scrape excluded"))
    }

    /// A counter named `name` made by the same factory (e.g. capture's drop counter).
    public func counter(_ name: String, dimensions: [(String, String)] = []) -> CoreMetrics.Counter {
        CoreMetrics.Counter(label: name, dimensions: dimensions, factory: factory)
    }

    // MARK: Gauges set from outside

    public func setPolicyHash(_ hash: String) {
        handles.withLockedValue { handles in
            if let current = handles.policyInfo {
                guard current.hash != hash else { return }
                registry.unregisterGauge(current.gauge)
            }
            let gauge = registry.makeGauge(descriptor: MetricNameDescriptor(
                namespace: "tenantry", metricName: "policy", unitName: "info",
                helpText: "The content hash of the active policy set"), labels: [("hash", hash)])
            gauge.set(to: 1)
            handles.policyInfo = (hash, gauge)
        }
    }

    public func setCertificateNotAfter(_ seconds: Int64?) {
        guard let seconds else { return }
        certificateNotAfter.set(to: Double(seconds))
    }

    /// The exposition in Prometheus text format; `inFlight` is set just before rendering because the
    /// lifecycle, not this observer, counts requests as they start.
    public func exposition(inFlight requests: Int) -> [UInt8] {
        inFlight.set(to: Double(max(0, requests)))
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }

    // MARK: AdmissionObserver

    public func admissionCompleted(_ event: AdmissionEvent) {
        let endpoint = event.endpoint
        latency[Self.ordinal(endpoint)].recordNanoseconds(Self.nanoseconds(event.latency))
        // What the counters need, read out of the result: passing its payload on would copy the result.
        let decision: DecisionLabel
        var fired: [FiredRule] = []
        let tenant: String?
        switch event.result {
        case .validated(let outcome):
            decision = outcome.allowed ? .allowed : .denied
            fired = outcome.fired
            tenant = outcome.tenant
        case .mutated(let outcome):
            decision = outcome.patch.isEmpty ? .unchanged : .patched
            tenant = outcome.tenant
        case .malformed:
            decision = .malformed
            tenant = nil
        }
        count(endpoint, decision, tenant: tenant, fired: fired)
    }

    /// Counts one request and its rule hits for `tenant` (`none` when nil, as `AdmissionEvent.tenant`
    /// says it). Counters are incremented under the lock (they are atomic themselves; this only saves
    /// collecting them into an array first).
    private func count(_ endpoint: AdmissionEndpoint, _ decision: DecisionLabel, tenant: String?, fired: borrowing [FiredRule]) {
        let tenant = tenant ?? "none"
        let slot = Self.ordinal(endpoint) * DecisionLabel.allCases.count + Self.ordinal(decision)
        handles.withLockedValue { handles in
            let counters: TenantHandles
            if let last = handles.last, last.tenant == tenant {
                counters = last
            } else if let known = handles.tenants[tenant] {
                counters = known
                handles.last = known
            } else {
                counters = TenantHandles(tenant: tenant)
                handles.tenants[tenant] = counters
                handles.last = counters
            }
            // Read into locals first: an access to `rules` left open across a call would make every
            // access to it a run-time exclusivity check.
            if let requests = counters.requestCounter(at: slot) {
                requests.increment()
            } else {
                let requests = CoreMetrics.Counter(label: Self.requestsName, dimensions: [
                    ("endpoint", endpoint.rawValue), ("decision", decision.rawValue), ("tenant", tenant),
                ], factory: factory)
                counters.setRequests(requests, at: slot)
                requests.increment()
            }
            // The rule and action read in place: a copy of each fired rule retained its message.
            for index in fired.indices {
                let key = RuleKey(rule: fired[index].rule, action: fired[index].action)
                if let known = counters.ruleCounter(key) {
                    known.increment()
                    continue
                }
                let counter = CoreMetrics.Counter(label: Self.ruleHitsName, dimensions: [
                    ("rule", key.rule.rawValue), ("tenant", tenant), ("action", key.action.rawValue),
                ], factory: factory)
                counters.addRule(key, counter)
                counter.increment()
            }
        }
    }

    /// The position in `allCases` (declaration order, as synthesized), without searching it.
    private static func ordinal(_ endpoint: AdmissionEndpoint) -> Int {
        switch endpoint {
        case .validate: return 0
        case .mutate: return 1
        }
    }

    private static func ordinal(_ decision: DecisionLabel) -> Int {
        switch decision {
        case .allowed: return 0
        case .denied: return 1
        case .patched: return 2
        case .unchanged: return 3
        case .malformed: return 4
        }
    }

    public func reloadCompleted(_ event: ReloadEvent) {
        switch event {
        case .policiesReloaded(_, let current):
            policyReloads.success.increment()
            setPolicyHash(current)
        case .policiesRejected:
            policyReloads.failure.increment()
        case .certificateReloaded(let notAfter):
            certificateReloads.success.increment()
            setCertificateNotAfter(notAfter)
        case .certificateRejected:
            certificateReloads.failure.increment()
        }
    }

    /// Truncated toward zero, as the sum of `components`' two parts would be: one 128-bit division
    /// where `components` does two.
    static func nanoseconds(_ duration: Duration) -> Int64 {
        Int64(truncatingIfNeeded: duration.attoseconds / 1_000_000_000)
    }
}
