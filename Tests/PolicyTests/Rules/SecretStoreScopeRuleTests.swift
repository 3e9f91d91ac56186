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

    /// Segments are told apart byte by byte: only empty, `.` and `..` ones are unsafe, wherever they are.
    func testOnlyEmptyDotAndDotDotSegmentsAreUnsafe() {
        for allowed in ["secret/tenants/acme/...", "secret/tenants/acme/.x", "secret/tenants/acme/x.", "secret/tenants/acme/a..b"] {
            XCTAssertEqual(check(["vault": ["path": .string(allowed)]]), [], allowed)
        }
        for unsafe in ["secret/tenants/acme/.", "secret/tenants/acme/./x", "./secret/tenants/acme", "secret/tenants/acme/..",
                       "secret/tenants/acme/x/../..", "//", ""] {
            XCTAssertEqual(check(["vault": ["path": .string(unsafe)]]).count, 1, unsafe)
        }
    }

    /// The prefix matches by its bytes, as Vault compares paths: a canonically equivalent spelling of a
    /// non-ASCII segment is another path, and a `/` with a combining mark after it still separates.
    func testPathsCompareByTheirBytes() {
        var accented = tenant
        accented.vaultPathPrefix = "/secret/tenants/caf\u{E9}/"
        XCTAssertEqual(check(["vault": ["path": "secret/tenants/caf\u{E9}/app"]], tenant: accented), [])
        XCTAssertEqual(
            check(["vault": ["path": "secret/tenants/cafe\u{301}/app"]], tenant: accented),
            ["vault path \"secret/tenants/cafe\u{301}/app\" is not under tenant acme's prefix secret/tenants/caf\u{E9}"])
        XCTAssertEqual(check(["vault": ["path": "secret/tenants/acme/\u{301}"]]), [], "a segment of a combining mark alone")
        XCTAssertEqual(check(["vault": ["path": "secret/tenants/acme/\u{301}/.."]]).count, 1)
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
