import Admission
import JSON
import XCTest

@testable import Policy

final class StorageClassRuleTests: XCTestCase {
    private var tenant: Tenant {
        var t = RuleFixtures.acme
        t.storageClasses = ["standard"]
        return t
    }

    private func checkClaim(_ claim: JSON, tenant: Tenant? = nil) -> [String] {
        RuleFixtures.objectViolations(StorageClassRule.self, tenant: tenant ?? self.tenant, resource: "persistentvolumeclaims", object: claim).details
    }

    func testAllowedOrDefaultClassIsAllowed() {
        XCTAssertEqual(checkClaim(["metadata": ["name": "data"], "spec": ["storageClassName": "standard"]]), [])
        XCTAssertEqual(checkClaim(["metadata": ["name": "data"], "spec": ["resources": ["requests": ["storage": "1Gi"]]]]), [])
        XCTAssertEqual(checkClaim(["metadata": ["name": "data"], "spec": ["storageClassName": nil]]), [])
    }

    func testClassOutsideTheListIsDenied() {
        XCTAssertEqual(
            checkClaim(["metadata": ["name": "data"], "spec": ["storageClassName": "fast-ssd"]]),
            ["storageClassName \"fast-ssd\" is not allowed for tenant acme (allowed: standard)"])
        XCTAssertEqual(checkClaim(["spec": ["storageClassName": ""]]), ["storageClassName \"\" is not allowed for tenant acme (allowed: standard)"])
    }

    func testLegacyAnnotationIsChecked() {
        XCTAssertEqual(
            checkClaim(["metadata": ["name": "data", "annotations": ["volume.beta.kubernetes.io/storage-class": "fast-ssd"]], "spec": [:]]),
            ["annotation volume.beta.kubernetes.io/storage-class \"fast-ssd\" is not allowed for tenant acme (allowed: standard)"])
    }

    func testStatefulSetClaimTemplatesAreChecked() {
        let statefulSet: JSON = [
            "spec": [
                "volumeClaimTemplates": [
                    ["metadata": ["name": "data"], "spec": ["storageClassName": "standard"]],
                    ["metadata": ["name": "wal"], "spec": ["storageClassName": "fast-ssd"]],
                ]
            ]
        ]
        XCTAssertEqual(
            RuleFixtures.objectViolations(StorageClassRule.self, tenant: tenant, group: "apps", resource: "statefulsets", object: statefulSet).details,
            ["volumeClaimTemplate \"wal\": storageClassName \"fast-ssd\" is not allowed for tenant acme (allowed: standard)"])
    }

    func testTenantWithoutStorageClassesAllowsAny() {
        XCTAssertEqual(checkClaim(["spec": ["storageClassName": "fast-ssd"]], tenant: RuleFixtures.acme), [])
    }
}
