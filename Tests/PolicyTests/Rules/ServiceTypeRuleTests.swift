import Admission
import JSON
import XCTest

@testable import Policy

final class ServiceTypeRuleTests: XCTestCase {
    private func check(_ spec: JSON, tenant: Tenant = RuleFixtures.acme, resource: String = "services") -> [String] {
        RuleFixtures.objectViolations(ServiceTypeRule.self, tenant: tenant, resource: resource, object: ["metadata": ["name": "web"], "spec": spec]).details
    }

    func testDefaultTypeIsClusterIPAndAllowed() {
        XCTAssertEqual(check(["ports": [["port": 80]]]), [])
        XCTAssertEqual(check(["type": "ClusterIP"]), [])
    }

    func testTypeOutsideTheTenantsListIsDenied() {
        XCTAssertEqual(check(["type": "NodePort"]), ["type \"NodePort\" is not allowed for tenant acme (allowed: ClusterIP)"])
        var tenant = RuleFixtures.acme
        tenant.serviceTypes = ["ClusterIP", "LoadBalancer"]
        XCTAssertEqual(check(["type": "LoadBalancer"], tenant: tenant), [])
        XCTAssertEqual(check(["type": "ExternalName"], tenant: tenant), ["type \"ExternalName\" is not allowed for tenant acme (allowed: ClusterIP, LoadBalancer)"])
    }

    func testTypesAreQuotedEscapedAndListsMayBeEmpty() {
        var tenant = RuleFixtures.acme
        tenant.serviceTypes = []
        XCTAssertEqual(check(["type": "Node\"Port\n"], tenant: tenant), ["type \"Node\\\"Port\\n\" is not allowed for tenant acme (allowed: none)"])
        XCTAssertEqual(check([:], tenant: tenant), ["type \"ClusterIP\" is not allowed for tenant acme (allowed: none)"])
    }

    func testExternalIPsAreDenied() {
        XCTAssertEqual(
            check(["externalIPs": ["203.0.113.7", "203.0.113.8"]]),
            ["externalIPs [\"203.0.113.7\", \"203.0.113.8\"] are not allowed: they let a Service intercept traffic to any address (CVE-2020-8554)"])
        XCTAssertEqual(check(["externalIPs": []]), [])
    }

    func testOtherResourcesAreIgnored() {
        XCTAssertEqual(check(["type": "NodePort"], resource: "configmaps"), [])
    }
}
