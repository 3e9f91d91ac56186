import Admission
import JSON
import XCTest

/// A decoded review's user name, uid and groups are kept where the reader left them and built as
/// `String`s only when read; their bytes (`withUsernameBytes`, `forEachGroup`) are read in place.
/// These tests hold the kept form to the built one: the same strings, the same bytes, the same
/// equality, the same errors.
final class UserInfoBytesTests: XCTestCase {
    private func review(userInfo: String) throws -> AdmissionReview {
        try decodeReview(#"""
            {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"uid": "u", "operation": "CREATE",
              "kind": {"group": "", "version": "v1", "kind": "Pod"}, "resource": {"group": "", "version": "v1", "resource": "pods"},
              "userInfo": \#(userInfo)}}
            """#)
    }

    private func usernameBytes(_ user: UserInfo) -> [UInt8] { user.withUsernameBytes { Array($0) } }

    private func groupBytes(_ user: UserInfo) -> [[UInt8]] {
        var groups: [[UInt8]] = []
        user.forEachGroup { groups.append(Array($0)); return true }
        return groups
    }

    /// Bytes, strings and equality agree between a decoded user and one built from the same strings.
    private func assertSame(_ decoded: UserInfo, username: String, uid: String, groups: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(decoded.username, username, file: file, line: line)
        XCTAssertEqual(decoded.uid, uid, file: file, line: line)
        XCTAssertEqual(decoded.groups, groups, file: file, line: line)
        XCTAssertEqual(usernameBytes(decoded), Array(username.utf8), file: file, line: line)
        XCTAssertEqual(groupBytes(decoded), groups.map { Array($0.utf8) }, file: file, line: line)
        let built = UserInfo(username: username, uid: uid, groups: groups)
        XCTAssertEqual(decoded, built, file: file, line: line)
        XCTAssertEqual(usernameBytes(built), usernameBytes(decoded), file: file, line: line)
        XCTAssertEqual(groupBytes(built), groupBytes(decoded), file: file, line: line)
    }

    func testPlainStringsAreReadInPlace() throws {
        let user = try review(userInfo: #"{"username": "system:serviceaccount:kube-system:replicaset-controller", "uid": "5e8f2a77-2b0c-4d3f-8a41-0c9d7e6b1f23", "groups": ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"]}"#).request.userInfo
        assertSame(user, username: "system:serviceaccount:kube-system:replicaset-controller", uid: "5e8f2a77-2b0c-4d3f-8a41-0c9d7e6b1f23",
                   groups: ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"])
    }

    func testEscapedStringsGiveTheirDecodedBytes() throws {
        let user = try review(userInfo: #"{"username": "caf\u00e9\/x", "uid": "\u0041", "groups": ["g\u0031", "plain", "e\u0301", "\"q\""]}"#).request.userInfo
        assertSame(user, username: "café/x", uid: "A", groups: ["g1", "plain", "e\u{301}", "\"q\""])
        // The decomposed group keeps its bytes: it is not the precomposed one.
        XCTAssertNotEqual(groupBytes(user)[2], Array("\u{E9}".utf8))
    }

    func testAbsentNullAndEmpty() throws {
        for userInfo in [#"{}"#, #"{"username": null, "uid": null, "groups": null}"#, #"{"username": "", "uid": "", "groups": []}"#] {
            let user = try review(userInfo: userInfo).request.userInfo
            assertSame(user, username: "", uid: "", groups: [])
        }
        assertSame(try review(userInfo: #"null"#).request.userInfo, username: "", uid: "", groups: [])
    }

    func testForEachGroupStopsWhenAsked() throws {
        let user = try review(userInfo: #"{"username": "a", "groups": ["one", "two", "three"]}"#).request.userInfo
        for stopAt in 0..<3 {
            var seen: [String] = []
            user.forEachGroup { bytes in
                seen.append(String(decoding: bytes, as: UTF8.self))
                return seen.count <= stopAt
            }
            XCTAssertEqual(seen, Array(["one", "two", "three"].prefix(stopAt + 1)))
        }
        var seen = 0
        UserInfo(groups: ["x", "y"]).forEachGroup { _ in seen += 1; return false }
        XCTAssertEqual(seen, 1)
    }

    func testSettersReplaceTheKeptText() throws {
        var user = try review(userInfo: #"{"username": "alice", "uid": "1", "groups": ["a", "b"]}"#).request.userInfo
        let before = user
        user.username = "bob"
        user.uid = "2"
        user.groups = ["c"]
        assertSame(user, username: "bob", uid: "2", groups: ["c"])
        // The value it was copied from is as it was.
        assertSame(before, username: "alice", uid: "1", groups: ["a", "b"])
        XCTAssertNotEqual(before, user)
    }

    func testEqualityIsStringEquality() throws {
        // Equal as `String`s compare (canonical equivalence), as the synthesized `==` was.
        let decoded = try review(userInfo: #"{"username": "caf\u00e9", "groups": ["caf\u00e9"]}"#).request.userInfo
        XCTAssertEqual(decoded, UserInfo(username: "cafe\u{301}", groups: ["cafe\u{301}"]))
        XCTAssertNotEqual(decoded, UserInfo(username: "cafe", groups: ["caf\u{E9}"]))
        XCTAssertNotEqual(decoded, UserInfo(username: "caf\u{E9}", groups: ["caf\u{E9}", "x"]))
        XCTAssertNotEqual(decoded, UserInfo(username: "caf\u{E9}", groups: ["caf\u{E9}"], extra: ["k": []]))
    }

    func testWrongTypesAreStillErrorsAtDecoding() {
        func error(_ userInfo: String) -> AdmissionDecodeError? {
            decodeError(#"""
                {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"uid": "u", "operation": "CREATE",
                  "kind": {"group": "", "version": "v1", "kind": "Pod"}, "resource": {"group": "", "version": "v1", "resource": "pods"},
                  "userInfo": \#(userInfo)}}
                """#)
        }
        XCTAssertEqual(error(#"{"username": 1}"#), AdmissionDecodeError(path: "request.userInfo.username", reason: "expected a string, found number"))
        XCTAssertEqual(error(#"{"uid": ["x"]}"#), AdmissionDecodeError(path: "request.userInfo.uid", reason: "expected a string, found array"))
        XCTAssertEqual(error(#"{"groups": "a"}"#), AdmissionDecodeError(path: "request.userInfo.groups", reason: "expected an array of strings, found string"))
        XCTAssertEqual(error(#"{"groups": ["a", "b", {}, 3]}"#), AdmissionDecodeError(path: "request.userInfo.groups[2]", reason: "expected a string, found object"))
        XCTAssertEqual(error(#"{"groups": [null]}"#), AdmissionDecodeError(path: "request.userInfo.groups[0]", reason: "expected a string, found null"))
        // The username is checked before the groups, as before.
        XCTAssertEqual(error(#"{"groups": [1], "username": true}"#), AdmissionDecodeError(path: "request.userInfo.username", reason: "expected a string, found boolean"))
    }

    /// The same review decoded from bytes, from a parsed value and from a value built in memory.
    func testEveryInputFormGivesTheSameUser() throws {
        let text = #"{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"uid": "u", "operation": "CREATE", "kind": {"group": "", "version": "v1", "kind": "Pod"}, "resource": {"group": "", "version": "v1", "resource": "pods"}, "userInfo": {"username": "system:serviceaccount:ns:n\u00e9", "uid": "id", "groups": ["system:authenticated", "g\/2"]}}}"#
        let fromBytes = try AdmissionReview.decode(Array(text.utf8)).request.userInfo
        let parsed = try JSONReader.parse(text)
        let fromParsed = try AdmissionReview(json: parsed).request.userInfo
        let fromBuilt = try AdmissionReview(json: rebuilt(parsed)).request.userInfo
        for user in [fromBytes, fromParsed, fromBuilt] {
            assertSame(user, username: "system:serviceaccount:ns:n\u{E9}", uid: "id", groups: ["system:authenticated", "g/2"])
        }
    }

    private func rebuilt(_ json: JSON) -> JSON {
        switch json {
        case .object(let object): return .object(JSONObject(object.members.map { JSONObject.Member(key: $0.key, value: rebuilt($0.value)) }))
        case .array(let elements): return .array(elements.map(rebuilt))
        default: return json
        }
    }
}
