import Admission
import JSON
import XCTest

@testable import Policy

/// The audit annotations and responses the engine's verdicts turn into.
final class DecisionResponseTests: XCTestCase {
    private func decision(allowed: Bool, tenant: String?, fired: [RuleID]) -> Decision {
        Decision(
            allowed: allowed, actor: .tenant, tenant: tenant,
            fired: fired.map { FiredRule(rule: $0, action: .deny, message: "m") }, message: allowed ? nil : "m", warnings: [])
    }

    func testAnnotationsWithoutRulesOneRuleAndSeveralSorted() {
        let none = decision(allowed: true, tenant: nil, fired: [])
        XCTAssertEqual(none.auditAnnotations.map(\.key), ["tenant", "actor", "decision"])
        XCTAssertEqual(none.auditAnnotations.map(\.value), ["none", "tenant", "allow"])

        let one = decision(allowed: false, tenant: "acme", fired: [.priorityClass])
        XCTAssertEqual(one.auditAnnotations.map(\.key), ["tenant", "actor", "decision", "rules"])
        XCTAssertEqual(one.auditAnnotations.map(\.value), ["acme", "tenant", "deny", "priority-class"])

        // Fired in catalogue order, listed by id.
        let several = decision(allowed: false, tenant: "acme", fired: [.tenantLabel, .priorityClass, .nodeIsolation])
        XCTAssertEqual(several.auditAnnotations.last?.value, "node-isolation,priority-class,tenant-label")
    }

    func testTheValidatingResponseCarriesTheAnnotations() throws {
        let response = decision(allowed: false, tenant: "acme", fired: [.quotaFit, .imageRegistry]).response(uid: "u")
        let sent = try JSONReader.parse(AdmissionResponseEncoder.bytes(response, version: .v1))["response"]
        XCTAssertEqual(sent?["auditAnnotations"]?["rules"]?.stringValue, "image-registry,quota-fit")
        XCTAssertEqual(sent?["status"]?["message"]?.stringValue, "m")
    }

    /// The server's path writes the response's bytes without building it: the same bytes.
    func testResponseBytesAreThoseOfTheEncodedResponse() {
        var withWarnings = decision(allowed: true, tenant: "acme", fired: [.containerLimits])
        withWarnings.warnings = ["[container-limits] Pod ns/x: \"web\" has no limits", " two  spaces "]
        // Every actor (written as a literal), a denial without a message and an allowed decision with
        // one (no status either way), three rules to sort, a message and a tenant to escape.
        var admin = decision(allowed: true, tenant: "acme", fired: [])
        admin.actor = .admin
        var system = decision(allowed: false, tenant: "t\u{e9}\n", fired: [.tenantLabel, .podSecurity, .containerLimits])
        system.actor = .system
        system.message = "tenantry: [x] \"q\" \\ \u{1}"
        var other = decision(allowed: false, tenant: nil, fired: [.pdbDrain])
        other.actor = .other
        other.message = nil
        var allowedWithMessage = decision(allowed: true, tenant: "acme", fired: [.quotaFit])
        allowedWithMessage.message = "ignored"
        let decisions = [
            decision(allowed: true, tenant: nil, fired: []), decision(allowed: false, tenant: "acme", fired: [.priorityClass]),
            decision(allowed: false, tenant: "a\"b", fired: [.quotaFit, .imageRegistry]), withWarnings, admin, system, other,
            allowedWithMessage,
        ]
        for sample in decisions {
            for version in [AdmissionVersion.v1, .v1beta1] {
                XCTAssertEqual(
                    String(decoding: sample.responseBytes(uid: "u-1", version: version), as: UTF8.self),
                    String(decoding: AdmissionResponseEncoder.bytes(sample.response(uid: "u-1"), version: version), as: UTF8.self))
            }
        }
        XCTAssertEqual(
            String(decoding: system.responseBytes(uid: "u", version: .v1), as: UTF8.self),
            #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u","allowed":false,"status":{"metadata":{},"#
                + #""status":"Failure","message":"tenantry: [x] \"q\" \\ \u0001","reason":"Forbidden","code":403},"auditAnnotations":"#
                + #"{"tenant":"t\#u{e9}\n","actor":"system","decision":"deny","rules":"container-limits,pod-security,tenant-label"}}}"#)
        let sent = String(decoding: decisions[2].responseBytes(uid: "u", version: .v1), as: UTF8.self)
        XCTAssertTrue(sent.hasSuffix(#""auditAnnotations":{"tenant":"a\"b","actor":"tenant","decision":"deny","rules":"image-registry,quota-fit"}}}"#), sent)
    }

    func testTheMutatingResponseIsTheSameAsOneBuiltFromThePatchText() {
        let patch = JSONPatch([.add(path: JSONPointer(tokens: ["metadata", "labels", "tenant"]), value: "acme")])
        let outcome = MutationOutcome(patch: patch, object: nil, applied: [.tenantLabel], actor: .tenant, tenant: "acme")
        let expected = AdmissionResponse.mutating(
            uid: "u", allowed: true, patch: PatchWriter.bytes(patch),
            auditAnnotations: [("tenant", "acme"), ("actor", "tenant"), ("decision", "allow")])
        XCTAssertEqual(outcome.response(uid: "u"), expected)
        XCTAssertEqual(
            AdmissionResponseEncoder.bytes(outcome.response(uid: "u"), version: .v1), AdmissionResponseEncoder.bytes(expected, version: .v1))

        let unchanged = MutationOutcome(patch: JSONPatch([]), object: nil, applied: [], actor: .other, tenant: nil)
        XCTAssertNil(unchanged.response(uid: "u").patch)
        XCTAssertEqual(unchanged.response(uid: "u").auditAnnotations.map(\.value), ["none", "other", "allow"])
    }
}
