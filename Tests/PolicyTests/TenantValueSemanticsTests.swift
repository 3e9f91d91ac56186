import XCTest

@testable import Policy

/// `Tenant` keeps its fields in a shared copy-on-write box; it must still behave as a plain value.
final class TenantValueSemanticsTests: XCTestCase {
    func testCopiesChangeIndependently() {
        let original = Tenant(name: "acme", registries: ["registry.acme.io"])
        var copy = original
        copy.registries.append("docker.io/library")
        copy.name = "acme2"
        copy.quota = QuotaPolicy(pods: 5)
        XCTAssertEqual(original.registries, ["registry.acme.io"])
        XCTAssertEqual(original.name, "acme")
        XCTAssertNil(original.quota)
        XCTAssertEqual(copy.registries, ["registry.acme.io", "docker.io/library"])
        XCTAssertEqual(copy.quota?.pods, 5)
        XCTAssertNotEqual(original, copy)
    }

    func testEqualityComparesFields() {
        XCTAssertEqual(Tenant(name: "acme", registries: ["r"]), Tenant(name: "acme", registries: ["r"]))
        XCTAssertNotEqual(Tenant(name: "acme"), Tenant(name: "acme", vaultPathPrefix: "secret/acme"))
        XCTAssertEqual(Tenant(name: "acme").serviceTypes, Tenant.defaultServiceTypes)
    }
}
