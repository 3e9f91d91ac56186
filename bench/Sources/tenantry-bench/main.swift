// tenantry's benchmarks (release build, one core): see bench/run.sh, which builds and runs this with
// `taskset -c 0`, and docs/performance.md for the figures and targets.
//
//   tenantry-bench pipeline FIXTURE      decode + mutate + validate + encode one review, per-iteration times
//   tenantry-bench engine FIXTURE N      mutate + validate + encode an already decoded review, per-iteration times
//   tenantry-bench parse-loop|decode-loop|validate-loop|engine-loop|pipeline-loop FIXTURE N
//                                        (for profilers) one stage in a plain loop, mean per iteration;
//                                        validate-loop is the server's /validate work after decoding
//   tenantry-bench replay FIXTURE N      replay N copies of a corpus in process (decode → verdict → JSON line)
//   tenantry-bench compile TENANTS       compile a generated policy set of TENANTS tenants
import Admission
import Foundation
import JSON
import Policy
import Replay

@inline(never) func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }

func now() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

struct Stats {
    var samples: [UInt64]
    init(_ samples: [UInt64]) { self.samples = samples.sorted() }
    func percentile(_ p: Double) -> Double {
        Double(samples[min(samples.count - 1, Int(Double(samples.count) * p))]) / 1000
    }
    var median: Double { percentile(0.5) }
    func describe(_ label: String) -> String {
        let fmt = { (v: Double) in String(format: "%.2f", v) }
        return "\(label): median \(fmt(median)) µs, p90 \(fmt(percentile(0.9))) µs, p99 \(fmt(percentile(0.99))) µs (\(samples.count) runs)"
    }
}

func measure(_ iterations: Int, _ body: () -> Void) -> Stats {
    for _ in 0..<min(iterations / 10 + 1, 2000) { body() }  // warm up caches and the allocator
    var samples: [UInt64] = []
    samples.reserveCapacity(iterations)
    for _ in 0..<iterations {
        let start = now()
        body()
        samples.append(now() - start)
    }
    return Stats(samples)
}

func readFile(_ path: String) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write("cannot read \(path)\n".data(using: .utf8)!)
        exit(2)
    }
    return [UInt8](data)
}

func loadPolicies(_ directory: String) -> PolicySet {
    do {
        return try PolicyCompiler.compile(directory: directory)
    } catch {
        FileHandle.standardError.write("policies: \(error)\n".data(using: .utf8)!)
        exit(2)
    }
}

/// The server's work for one review on both endpoints: decode, then `engine`.
func pipeline(_ bytes: [UInt8], _ policies: PolicySet) -> Int {
    guard let review = try? AdmissionReview.decode(bytes) else { return -1 }
    return engine(review, policies)
}

/// Everything after decoding: mutate, validate the patched object, encode both responses.
func engine(_ review: AdmissionReview, _ policies: PolicySet) -> Int {
    let mutation = Engine.mutate(review.request, with: policies)
    let decision = Engine.validate(review.request, patchedBy: mutation, with: policies)
    let mutateResponse = AdmissionResponseEncoder.bytes(mutation.response(uid: review.request.uid), version: review.version)
    let validateResponse = AdmissionResponseEncoder.bytes(decision.response(uid: review.request.uid), version: review.version)
    return mutateResponse.count + validateResponse.count
}

func runPipeline(fixture: String, policiesDirectory: String, iterations: Int) {
    let bytes = readFile(fixture)
    let policies = loadPolicies(policiesDirectory)
    guard pipeline(bytes, policies) > 0 else {
        print("fixture \(fixture) does not decode")
        exit(2)
    }
    let review = try! AdmissionReview.decode(bytes)
    let mutation = Engine.mutate(review.request, with: policies)
    print("fixture: \(fixture) (\(bytes.count) bytes); mutations: \(mutation.applied.map(\.rawValue).joined(separator: ", "))")

    let parse = measure(iterations) { blackHole(try? JSONReader.parse(bytes)) }
    let decode = measure(iterations) { blackHole(try? AdmissionReview.decode(bytes)) }
    let full = measure(iterations) { blackHole(pipeline(bytes, policies)) }
    let data = Data(bytes)
    let foundation = measure(iterations / 4) { blackHole(try? JSONSerialization.jsonObject(with: data)) }
    print(parse.describe("parse (JSONReader)"))
    print(decode.describe("decode (JSONReader + AdmissionReview)"))
    print(full.describe("decode + mutate + validate + encode both responses"))
    print(foundation.describe("Foundation JSONSerialization.jsonObject, same bytes"))
    print(String(format: "ratio: JSONSerialization parse / tenantry full pipeline = %.1fx; / tenantry decode = %.1fx",
                 foundation.median / full.median, foundation.median / decode.median))
}

func runReplay(fixtureDirectory: String, policiesDirectory: String, count: Int) {
    let policies = loadPolicies(policiesDirectory)
    let files = InputFiles.files(under: fixtureDirectory) { $0.hasSuffix(".json") }.compactMap { try? $0.get() }
    var corpus: [UInt8] = []
    var perFile: [[UInt8]] = []
    for file in files {
        guard let json = try? JSONReader.parse(readFile(file)) else { continue }
        perFile.append(JSONWriter.bytes(json))
    }
    guard !perFile.isEmpty else {
        print("no reviews under \(fixtureDirectory)")
        exit(2)
    }
    for i in 0..<count {
        corpus.append(contentsOf: perFile[i % perFile.count])
        corpus.append(0x0A)
    }
    var best = UInt64.max
    var lines = 0
    for _ in 0..<5 {
        let start = now()
        var out: [UInt8] = []
        out.reserveCapacity(corpus.count)
        lines = 0
        // One review at a time, decoded, judged, written and freed, as `tenantry replay` streams.
        ReviewDecoder.forEachReview(in: corpus, source: "corpus.jsonl") { input in
            guard case .success(let review) = input.review else { return }
            ReplayJSONOutput.write(Replayer.replay(review, source: input.source, policies: policies), into: &out)
            lines += 1
        }
        blackHole(out)
        best = min(best, now() - start)
    }
    let seconds = Double(best) / 1e9
    print(String(format: "replay in process: %d reviews (%d KiB corpus) in %.1f ms = %.0f reviews/s (best of 5)",
                 lines, corpus.count / 1024, seconds * 1000, Double(lines) / seconds))
}

func generatedPolicySources(tenants: Int) -> [(path: String, text: String)] {
    var sources: [(path: String, text: String)] = [(
        "platform.yaml",
        """
        apiVersion: tenantry.dev/v1alpha1
        kind: Platform
        metadata: {name: platform}
        spec:
          admins: {groups: [system:masters, platform-admins]}
          priorityClasses:
            - {name: platform-critical, value: 1000000}
            - {name: tenant-standard, value: 100, globalDefault: true}
            - {name: tenant-batch, value: 10, preemptionPolicy: Never}
          platformOwned: [networking.k8s.io/networkpolicies, resourcequotas, limitranges]
          podSecurity: {allowedCapabilities: [NET_BIND_SERVICE]}
          enforcement: {pdb-drain: warn}
        """
    )]
    for i in 0..<tenants {
        let name = "t\(i)"
        sources.append((
            "tenants/\(name).yaml",
            """
            apiVersion: tenantry.dev/v1alpha1
            kind: Tenant
            metadata: {name: \(name)}
            spec:
              owners: {groups: [tenant-\(name)-admins], users: [owner@\(name).example], serviceAccounts: ["vc-\(name):*"]}
              namespaces: {names: [tenant-\(name)], prefixes: [\(name)-, vc-\(name)-]}
              namespaceLabels: {tier: enterprise}
              namespaceAnnotations: {linkerd.io/inject: enabled}
              priorityClasses: {allowed: [tenant-standard, tenant-batch], default: tenant-standard}
              containers:
                defaultRequest: {cpu: 100m, memory: 128Mi}
                defaultLimit: {cpu: 500m, memory: 512Mi}
                max: {cpu: "2", memory: 4Gi}
              quota: {requests.cpu: "8", requests.memory: 16Gi, limits.cpu: "16", limits.memory: 32Gi, pods: 50}
              nodeSelector: {node-pool: tenant-workloads}
              registries: [registry.\(name).example, docker.io/library]
              serviceTypes: [ClusterIP, LoadBalancer]
              storageClasses: [standard]
              clusterRoles: [view, edit]
              vaultPathPrefix: secret/tenants/\(name)
            """
        ))
    }
    return sources
}

func runCompile(tenants: Int) {
    let sources = generatedPolicySources(tenants: tenants)
    let stats = measure(20) {
        do {
            blackHole(try PolicyCompiler.compile(sources: sources))
        } catch {
            print("generated policies do not compile: \(String("\(error)".prefix(2000)))")
            exit(2)
        }
    }
    print(String(format: "compile %d tenants: median %.1f ms, max %.1f ms (20 runs)", tenants, stats.median / 1000,
                 Double(stats.samples.last ?? 0) / 1e6))
}

let args = CommandLine.arguments
let policiesDirectory = ProcessInfo.processInfo.environment["TENANTRY_POLICIES"] ?? "policies"
switch args.count > 1 ? args[1] : "" {
case "pipeline":
    runPipeline(fixture: args.count > 2 ? args[2] : "bench/fixtures/pod-review.json", policiesDirectory: policiesDirectory,
                iterations: args.count > 3 ? Int(args[3]) ?? 50_000 : 50_000)
case "replay":
    runReplay(fixtureDirectory: args.count > 2 ? args[2] : "examples/reviews", policiesDirectory: policiesDirectory,
              count: args.count > 3 ? Int(args[3]) ?? 20_000 : 20_000)
case "parse-loop", "decode-loop", "validate-loop", "engine-loop", "pipeline-loop":
    // For profilers (callgrind, perf): one stage over one file in a plain loop, printing the mean per
    // iteration. Policies are compiled and, where the stage starts after decoding, the file decoded
    // before the loop, so a run with 0 iterations measures everything but the loop.
    let bytes = readFile(args.count > 2 ? args[2] : "bench/fixtures/pod-review.json")
    let iterations = max(0, args.count > 3 ? Int(args[3]) ?? 100_000 : 100_000)
    let policies = loadPolicies(policiesDirectory)
    guard let review = try? AdmissionReview.decode(bytes) else { exit(2) }
    let stage: () -> Void
    switch args[1] {
    case "parse-loop": stage = { blackHole(try? JSONReader.parse(bytes)) }
    case "decode-loop": stage = { blackHole(try? AdmissionReview.decode(bytes)) }
    case "validate-loop":
        // What the server's /validate does after decoding: validate, write the answer's bytes from the
        // decision (`Decision.responseBytes`, as `AdmissionService` does).
        stage = {
            let decision = Engine.validate(review.request, with: policies)
            blackHole(decision.responseBytes(uid: review.request.uid, version: review.version))
        }
    case "engine-loop": stage = { blackHole(engine(review, policies)) }
    default: stage = { blackHole(pipeline(bytes, policies)) }
    }
    let start = now()
    for _ in 0..<iterations { stage() }
    print(args[1] + String(format: ": %.2f µs per iteration (mean of %d)", Double(now() - start) / 1000 / Double(max(iterations, 1)), iterations))
case "engine":
    // mutate + validate + encode both responses of an already decoded review, per-iteration times.
    let fixture = args.count > 2 ? args[2] : "bench/fixtures/pod-review.json"
    let policies = loadPolicies(policiesDirectory)
    guard let review = try? AdmissionReview.decode(readFile(fixture)) else { exit(2) }
    let stats = measure(args.count > 3 ? Int(args[3]) ?? 50_000 : 50_000) { blackHole(engine(review, policies)) }
    print(stats.describe("mutate + validate + encode both responses (\(fixture))"))
case "compile":
    runCompile(tenants: args.count > 2 ? Int(args[2]) ?? 200 : 200)
default:
    print("usage: tenantry-bench pipeline|engine|parse-loop|decode-loop|validate-loop|engine-loop|pipeline-loop [FIXTURE [ITERATIONS]] | replay [DIR [COUNT]] | compile [TENANTS]")
    exit(2)
}
