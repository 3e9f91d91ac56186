import JSON
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

/// The one-pass split against the collection-algorithm version it replaced, over references built from
/// every combination of the separators' positions.
final class ImageReferenceSplitTests: XCTestCase {
    /// The previous `ImageReference.split`, kept as the oracle.
    private func oracle(_ image: String) -> String {
        let bytes = Array(image.utf8)
        var end = bytes.firstIndex(of: UInt8(ascii: "@")) ?? bytes.count
        let tagSearchStart = bytes[..<end].lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? 0
        if let colon = bytes[tagSearchStart..<end].firstIndex(of: UInt8(ascii: ":")) { end = colon }
        func looksLikeDomain(_ component: ArraySlice<UInt8>) -> Bool {
            if component.elementsEqual("localhost".utf8) { return true }
            return component.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ":") || ($0 >= 0x41 && $0 <= 0x5A) }
        }
        var domain: Range<Int>?
        var path = 0..<end
        if let slash = bytes[..<end].firstIndex(of: UInt8(ascii: "/")), looksLikeDomain(bytes[..<slash]) {
            domain = 0..<slash
            path = (slash + 1)..<end
        }
        if let named = domain, bytes[named].elementsEqual("index.docker.io".utf8) { domain = nil }
        let isDockerHub = domain.map { bytes[$0].elementsEqual("docker.io".utf8) } ?? true
        let implied = isDockerHub && !bytes[path].contains(UInt8(ascii: "/"))
        let domainText = domain.map { String(decoding: bytes[$0], as: UTF8.self) } ?? "docker.io"
        return domainText + (implied ? "/library/" : "/") + String(decoding: bytes[path], as: UTF8.self)
    }

    /// Image references from every combination of a first piece (a registry or not), a path, a tag and
    /// a digest, the separators' positions covering what the parser tells apart.
    private static func generatedImages(tags: [String], digests: [String]) -> [String] {
        let firsts = ["", "nginx", "docker.io", "index.docker.io", "localhost", "localhost:5000", "Registry", "reg.io", "a:b", "\u{e9}.io"]
        let rests = ["", "/app", "/team/app", "/a/b/c", "//x", "/", "/library/nginx"]
        var images: [String] = []
        for first in firsts {
            for rest in rests {
                for tag in tags {
                    for digest in digests { images.append(first + rest + tag + digest) }
                }
            }
        }
        return images
    }

    func testAgreesWithTheOracle() {
        let images = Self.generatedImages(tags: ["", ":1", ":v1.2", ":", ":a:b", ":x/y"], digests: ["", "@sha256:00ff", "@", "@x/y:z"])
        XCTAssertEqual(images.count, 10 * 7 * 6 * 4)
        for image in images {
            XCTAssertEqual(ImageReference(image).repository, oracle(image), image)
        }
    }

    /// `isUnderAny`, which the rule asks first, answers as asking each entry in turn.
    func testUnderAnyEntryAsEachInTurn() {
        let images = ["nginx", "docker.io/library/nginx:1", "registry.acme.io/team/app:v1", "registry.acme.io.evil.com/x",
                      "localhost:5000/app", "index.docker.io/x/y", "Registry/app", "", "/", "caf\u{e9}.io/x", "registry.acme.io"]
        let entryLists: [[String]] = [
            [], ["registry.acme.io"], ["registry.acme.io/"], ["docker.io/library", "registry.acme.io/team"], ["/", ""],
            ["docker.io"], ["localhost:5000/app/"], ["docker.io/x"], ["registry.acme.io/te"], ["caf\u{e9}.io"],
            ["other.io", "nope", "registry.acme.io/team/app"],
        ]
        for image in images {
            for entries in entryLists {
                let reference = ImageReference(image)
                XCTAssertEqual(
                    ImageReference.isUnderAny(JSONStringView(image), of: entries), entries.contains { reference.isUnder($0) }, "\(image) \(entries)")
            }
        }
        XCTAssertTrue(ImageReference.isUnderAny(JSONStringView("nginx"), of: ["other.io", "docker.io/library/"]))
        XCTAssertTrue(ImageReference.isUnderAny(JSONStringView("registry.acme.io/team/app:v1"), of: ["registry.acme.io/team//"]))
        XCTAssertFalse(ImageReference.isUnderAny(JSONStringView("registry.acme.io/team/app:v1"), of: ["registry.acme.io/team/app:v1"]))
        XCTAssertFalse(ImageReference.isUnderAny(JSONStringView("registry.acme.io.evil.com/x"), of: ["registry.acme.io"]))
    }

    /// `isUnderAny` compares an image that names its registry (and implies nothing) with each entry in
    /// place, and feeds the others piece by piece: over references built from every combination of the
    /// separators' positions, and entries that match, stop short of or run past a `/` boundary, it
    /// answers as `isUnder` does for each entry.
    func testUnderAnyInPlaceAgreesWithFeedingEachEntry() {
        let images = Self.generatedImages(tags: ["", ":1", ":x/y"], digests: ["", "@sha256:00ff", "@x/y:z"])
        XCTAssertEqual(images.count, 10 * 7 * 3 * 3)
        let entries = [
            "reg.io", "reg.io/", "reg.io//", "reg.io/team", "reg.io/team/app", "reg.io/team/ap", "reg.io/te", "reg.i", "reg.io/team/app/x",
            "docker.io", "docker.io/library", "docker.io/library/nginx", "docker.io/team", "localhost", "localhost:5000/app",
            "localhost:5000", "Registry/app", "a:b/a", "\u{e9}.io/app", "index.docker.io", "/", "", "//x",
        ]
        for image in images {
            let reference = ImageReference(image)
            for entry in entries {
                XCTAssertEqual(ImageReference.isUnderAny(JSONStringView(image), of: [entry]), reference.isUnder(entry), "\(image) \(entry)")
            }
        }
    }
}
