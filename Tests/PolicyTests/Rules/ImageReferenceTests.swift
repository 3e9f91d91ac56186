import XCTest

@testable import Policy

final class ImageReferenceTests: XCTestCase {
    func testNormalizesLikeTheDockerReferenceLibrary() {
        let cases: [(String, String)] = [
            ("nginx", "docker.io/library/nginx"),
            ("nginx:1.25", "docker.io/library/nginx"),
            ("nginx@sha256:0123abcd", "docker.io/library/nginx"),
            ("nginx:1.25@sha256:0123abcd", "docker.io/library/nginx"),
            ("ubuntu/squid:5.2", "docker.io/ubuntu/squid"),
            ("docker.io/nginx", "docker.io/library/nginx"),
            ("index.docker.io/library/nginx", "docker.io/library/nginx"),
            ("registry.acme.io/team/app:v1", "registry.acme.io/team/app"),
            ("localhost/app", "localhost/app"),
            ("localhost:5000/app:1", "localhost:5000/app"),
            ("Registry/app", "Registry/app"),
            ("registry:5000", "docker.io/library/registry"),
        ]
        for (image, repository) in cases {
            XCTAssertEqual(ImageReference(image).repository, repository, image)
        }
    }

    func testMatchesEntriesAtSlashBoundariesOnly() {
        XCTAssertTrue(ImageReference("registry.acme.io/x").isUnder("registry.acme.io"))
        XCTAssertTrue(ImageReference("registry.acme.io/x").isUnder("registry.acme.io/"))
        XCTAssertTrue(ImageReference("registry.acme.io/team/app").isUnder("registry.acme.io/team"))
        XCTAssertTrue(ImageReference("registry.acme.io/team").isUnder("registry.acme.io/team"))
        XCTAssertTrue(ImageReference("nginx").isUnder("docker.io/library"))
        XCTAssertTrue(ImageReference("nginx").isUnder("docker.io/library/nginx"))
        XCTAssertFalse(ImageReference("registry.acme.io.evil.com/x").isUnder("registry.acme.io"))
        XCTAssertFalse(ImageReference("registry.acme.io/teamster/app").isUnder("registry.acme.io/team"))
        XCTAssertFalse(ImageReference("registry.acme.io:5000/x").isUnder("registry.acme.io"))
        XCTAssertFalse(ImageReference("nginxx").isUnder("docker.io/library/nginx"))
        XCTAssertFalse(ImageReference("ubuntu/squid").isUnder("docker.io/library"))
        XCTAssertFalse(ImageReference("nginx").isUnder(""))
        XCTAssertFalse(ImageReference("docker.io").isUnder("docker.io/library/docker.io/x"))
    }

    /// Separators are bytes, as the runtime reads them: a combining mark after `/` or `@` neither hides
    /// the separator nor lets a foreign registry pass for Docker Hub.
    func testSplitsAtSeparatorsFollowedByCombiningMarks() {
        XCTAssertEqual(ImageReference("evil.com/\u{301}x").repository, "evil.com/\u{301}x")
        XCTAssertFalse(ImageReference("evil.com/\u{301}x").isUnder("docker.io/library"))
        XCTAssertEqual(ImageReference("nginx@\u{301}sha256:00").repository, "docker.io/library/nginx")
        XCTAssertEqual(ImageReference("registry.acme.io/app:\u{301}1").repository, "registry.acme.io/app")
    }
}
