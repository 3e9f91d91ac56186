import Admission
import Foundation
import JSON
import Policy
import Replay
import XCTest

/// Paths of the repository, found from this file so the tests run from any working directory.
enum Repository {
    /// `Tests/ReplayTests/ReplayTestSupport.swift` is three levels below the root.
    static let root: URL = URL(fileURLWithPath: "\(#filePath)")
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var policies: String { root.appendingPathComponent("policies").path }
    static var exampleReviews: URL { root.appendingPathComponent("examples/reviews") }
}

/// A small policy set and reviews written here, so output tests do not depend on the examples: tenant
/// `acme` owns `tenant-acme` and is acted for by group `acme-admins`; `platform-admins` are admins;
/// `pdb-drain` only warns.
enum ReplayFixtures {
    static let platform = """
        apiVersion: tenantry.dev/v1alpha1
        kind: Platform
        metadata: {name: platform}
        spec:
          admins: {groups: [platform-admins]}
          priorityClasses:
            - {name: platform-critical, value: 1000000}
            - {name: tenant-standard, value: 100, globalDefault: true}
          enforcement:
            pdb-drain: warn

        """

    static let tenant = """
        apiVersion: tenantry.dev/v1alpha1
        kind: Tenant
        metadata: {name: acme}
        spec:
          owners: {groups: [acme-admins]}
          namespaces: {names: [tenant-acme]}
          priorityClasses: {allowed: [tenant-standard], default: tenant-standard}
          registries: [registry.acme.io]

        """

    static func policies() throws -> PolicySet {
        try PolicyCompiler.compile(sources: [(path: "platform.yaml", text: platform), (path: "acme.yaml", text: tenant)])
    }

    /// A v1 review of a CREATE; `object` is JSON text.
    static func review(
        uid: String, resource: String = "pods", kind: String = "Pod", group: String = "", version: String = "v1",
        namespace: String, name: String, user: String, groups: [String], object: String
    ) throws -> AdmissionReview {
        let groupList = groups.map { "\"\($0)\"" }.joined(separator: ",")
        let text = """
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"\(uid)",\
            "kind":{"group":"\(group)","version":"\(version)","kind":"\(kind)"},\
            "resource":{"group":"\(group)","version":"\(version)","resource":"\(resource)"},\
            "name":"\(name)","namespace":"\(namespace)","operation":"CREATE",\
            "userInfo":{"username":"\(user)","groups":[\(groupList)]},\
            "object":\(object),"oldObject":null,"dryRun":false,"options":null}}
            """
        return try AdmissionReview.decode(Array(text.utf8))
    }

    static func pod(name: String, image: String, priorityClass: String? = nil) -> String {
        let priority = priorityClass.map { #","priorityClassName":"\#($0)""# } ?? ""
        return #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"\#(name)","namespace":"tenant-acme"},"spec":{"containers":[{"name":"app","image":"\#(image)"}]\#(priority)}}"#
    }

    /// A pod by an acme admin with an image from elsewhere and the platform's class: two rules whose
    /// catalogue order (priority-class, image-registry) is not their sorted order.
    static func deniedPod() throws -> AdmissionReview {
        try review(uid: "u-denied", namespace: "tenant-acme", name: "web", user: "alice", groups: ["acme-admins"],
                   object: pod(name: "web", image: "evil.example.com/web:1", priorityClass: "platform-critical"))
    }

    /// A pod by an acme admin that only needs the tenant label added.
    static func allowedPod() throws -> AdmissionReview {
        try review(uid: "u-allowed", namespace: "tenant-acme", name: "api", user: "alice", groups: ["acme-admins"],
                   object: pod(name: "api", image: "registry.acme.io/api:2"))
    }

    /// A PodDisruptionBudget that blocks drains: `pdb-drain` fires as a warning.
    static func warnedPDB() throws -> AdmissionReview {
        try review(uid: "u-pdb", resource: "poddisruptionbudgets", kind: "PodDisruptionBudget", group: "policy",
                   namespace: "tenant-acme", name: "db", user: "zoë.müller", groups: ["acme-admins"],
                   object: #"{"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"db","namespace":"tenant-acme","labels":{"tenant":"acme"}},"spec":{"maxUnavailable":0,"selector":{"matchLabels":{"app":"db"}}}}"#)
    }

    /// A ConfigMap in a namespace no tenant owns, by someone who is no tenant: no tenant at all.
    static func untenantedConfigMap() throws -> AdmissionReview {
        try review(uid: "u-none", resource: "configmaps", kind: "ConfigMap", namespace: "default", name: "settings",
                   user: "bob", groups: ["system:authenticated"],
                   object: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"default"}}"#)
    }
}
