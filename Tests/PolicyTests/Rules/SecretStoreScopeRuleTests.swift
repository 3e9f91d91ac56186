import Admission
import JSON
import XCTest

@testable import Policy

final class SecretStoreScopeRuleTests: XCTestCase {
    private var tenant: Tenant {
        var t = RuleFixtures.acme
        t.vaultPathPrefix = "secret/tenants/acme"
        return t
    }

    private func store(_ provider: JSON) -> JSON {
        ["apiVersion": "external-secrets.io/v1beta1", "kind": "SecretStore", "metadata": ["name": "vault"], "spec": ["provider": provider]]
    }

    private func check(_ provider: JSON, tenant: Tenant? = nil, resource: String = "secretstores") -> [String] {
        RuleFixtures.objectViolations(
            SecretStoreScopeRule.self, tenant: tenant ?? self.tenant, group: "external-secrets.io", resource: resource, object: store(provider)
        ).details
    }

    func testPathsUnderThePrefixAreAllowed() {
        XCTAssertEqual(check(["vault": ["server": "https://vault", "path": "secret/tenants/acme"]]), [])
        XCTAssertEqual(check(["vault": ["path": "/secret/tenants/acme/app/"]]), [])
    }

    func testPathsOutsideThePrefixAreDenied() {
        XCTAssertEqual(
            check(["vault": ["path": "secret/tenants/acme-evil"]]),
            ["vault path \"secret/tenants/acme-evil\" is not under tenant acme's prefix secret/tenants/acme"])
        XCTAssertEqual(check(["vault": ["path": "secret"]]).count, 1)
    }

    func testTraversalAndEmptySegmentsAreDenied() {
        XCTAssertEqual(
            check(["vault": ["path": "secret/tenants/acme/../globex"]]),
            ["vault path \"secret/tenants/acme/../globex\" has an empty, \".\" or \"..\" segment; it must lie plainly under secret/tenants/acme"])
        XCTAssertEqual(check(["vault": ["path": "secret/tenants/acme//x"]]).count, 1)
        XCTAssertEqual(check(["vault": ["path": "/"]]).count, 1)
    }

    func testVaultWithoutPathIsDenied() {
        XCTAssertEqual(check(["vault": ["server": "https://vault"]]), ["vault provider has no path; tenant acme's SecretStores must set one under secret/tenants/acme"])
    }

    func testOtherProvidersResourcesAndTenantsAreNotChecked() {
        XCTAssertEqual(check(["aws": ["service": "SecretsManager"]]), [])
        XCTAssertEqual(check(["vault": ["path": "secret"]], resource: "externalsecrets"), [])
        XCTAssertEqual(check(["vault": ["path": "secret"]], tenant: RuleFixtures.acme), [])
    }
}
