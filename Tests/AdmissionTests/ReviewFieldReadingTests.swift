import Admission
import JSON
import ReviewFixtures
import XCTest

/// The decoder reads a request's members in one pass (from the reader's tape, or from `JSON` values
/// built in memory) and takes `requestKind`/`requestResource` from `kind`/`resource` when they are
/// written the same. These tests pin what that must not change: escapes, null against absent, which
/// error comes first, and the same answer from both kinds of input.
final class ReviewFieldReadingTests: XCTestCase {
    private func envelope(_ request: String, apiVersion: String = #""admission.k8s.io/v1""#) -> String {
        #"{"apiVersion": \#(apiVersion), "kind": "AdmissionReview", "request": \#(request)}"#
    }

    private let gvk = #""kind": {"group": "", "version": "v1", "kind": "Pod"}, "resource": {"group": "", "version": "v1", "resource": "pods"}"#

    /// `json` rebuilt member by member, so that nothing of it is in a reader's tape.
    private func builtInMemory(_ json: JSON) -> JSON {
        switch json {
        case .object(let object):
            return .object(JSONObject(object.members.map { JSONObject.Member(key: $0.key, value: builtInMemory($0.value)) }))
        case .array(let elements):
            return .array(elements.map(builtInMemory))
        default:
            return json
        }
    }

    func testEscapedNamesAndStringsAreDecoded() throws {
        let review = try decodeReview(#"""
            {"apiVersion": "admission.k8s.io\/v1", "kind": "Admission\u0052eview", "request": {
              "u\u0069d": "u-\u00e9", "kind": {"group": "", "version": "v1", "kind": "P\u006fd"},
              "resource": {"group": "", "version": "v1", "r\u0065source": "pods"},
              "requestKind": {"group": "", "version": "v1", "kind": "Pod"},
              "namespace": "t\"x", "operation": "CR\u0045ATE", "subResource": "st\/atus",
              "userInfo": {"username": "a\\b", "groups": ["g\u0031", "system:authenticated"], "extra": {"k\u0065y": ["v\n", ""]}}}}
            """#)
        XCTAssertEqual(review.version, .v1)
        let request = review.request
        XCTAssertEqual(request.uid, "u-é")
        XCTAssertEqual(request.kind, GroupVersionKind(group: "", version: "v1", kind: "Pod"))
        XCTAssertEqual(request.resource, GroupVersionResource(group: "", version: "v1", resource: "pods"))
        XCTAssertEqual(request.requestKind, request.kind, "written differently, decoded the same")
        XCTAssertNil(request.requestResource)
        XCTAssertEqual(request.namespace, "t\"x")
        XCTAssertEqual(request.operation, .create)
        XCTAssertEqual(request.subResource, "st/atus")
        XCTAssertEqual(request.userInfo, UserInfo(username: "a\\b", groups: ["g1", "system:authenticated"], extra: ["key": ["v\n", ""]]))
    }

    func testRequestKindAndResourceWrittenLikeKindAndResourceAreTheirs() throws {
        let request = try decodeReview(envelope(#"""
            {"uid": "u", "operation": "UPDATE", "kind": {"group": "apps", "version": "v1", "kind": "Deployment"},
             "resource": {"group": "apps", "version": "v1", "resource": "deployments"},
             "requestKind": {"group":"apps","version":"v1","kind":"Deployment"},
             "requestResource": {"group": "apps", "version": "v1", "resource": "deployments"}}
            """#)).request
        XCTAssertEqual(request.requestKind, GroupVersionKind(group: "apps", version: "v1", kind: "Deployment"))
        XCTAssertEqual(request.requestResource, GroupVersionResource(group: "apps", version: "v1", resource: "deployments"))
    }

    func testRequestKindAndResourceThatDifferAreTheirOwn() throws {
        // What the API server sends when it converted the object for a webhook that asked for v1.
        let request = try decodeReview(envelope(#"""
            {"uid": "u", "operation": "CREATE", "kind": {"group": "apps", "version": "v1", "kind": "Deployment"},
             "resource": {"group": "apps", "version": "v1", "resource": "deployments"},
             "requestKind": {"group": "apps", "version": "v1beta2", "kind": "Deployment"},
             "requestResource": {"group": "extensions", "version": "v1beta1", "resource": "deployments"}}
            """#)).request
        XCTAssertEqual(request.kind, GroupVersionKind(group: "apps", version: "v1", kind: "Deployment"))
        XCTAssertEqual(request.requestKind, GroupVersionKind(group: "apps", version: "v1beta2", kind: "Deployment"))
        XCTAssertEqual(request.resource, GroupVersionResource(group: "apps", version: "v1", resource: "deployments"))
        XCTAssertEqual(request.requestResource, GroupVersionResource(group: "extensions", version: "v1beta1", resource: "deployments"))
    }

    func testWrongTypesInRequestKindAndResourceAreStillErrors() throws {
        let badKind = envelope(#"{"uid": "u", "operation": "CREATE", \#(gvk), "requestKind": {"group": "", "version": 1, "kind": "Pod"}}"#)
        XCTAssertEqual(decodeError(badKind), AdmissionDecodeError(path: "request.requestKind.version", reason: "expected a string, found number"))
        let badResource = envelope(#"{"uid": "u", "operation": "CREATE", \#(gvk), "requestResource": ["pods"]}"#)
        XCTAssertEqual(decodeError(badResource), AdmissionDecodeError(path: "request.requestResource", reason: "expected an object, found array"))
    }

    func testAbsentAndNullAreTheSameZeroValues() throws {
        let absent = try decodeReview(envelope(#"{"uid": "u", "operation": "CREATE", \#(gvk)}"#)).request
        let null = try decodeReview(envelope(#"""
            {"uid": "u", "operation": "CREATE", \#(gvk), "subResource": null, "requestKind": null, "requestResource": null,
             "requestSubResource": null, "name": null, "namespace": null, "userInfo": {"username": null, "uid": null, "groups": null, "extra": null},
             "object": null, "oldObject": null, "dryRun": null, "options": null}
            """#)).request
        for request in [absent, null] {
            XCTAssertEqual(request.subResource, "")
            XCTAssertNil(request.requestKind)
            XCTAssertNil(request.requestResource)
            XCTAssertEqual(request.requestSubResource, "")
            XCTAssertEqual(request.name, "")
            XCTAssertEqual(request.namespace, "")
            XCTAssertEqual(request.userInfo, UserInfo())
            XCTAssertNil(request.object)
            XCTAssertNil(request.oldObject)
            XCTAssertFalse(request.dryRun)
            XCTAssertNil(request.options)
        }
        XCTAssertEqual(absent, null)
        let nullExtraValue = try decodeReview(envelope(#"{"uid": "u", "operation": "CREATE", \#(gvk), "userInfo": {"extra": {"scopes": null}}}"#))
        XCTAssertEqual(nullExtraValue.request.userInfo.extra, ["scopes": []])
    }

    func testEmbeddedValuesAreCarriedWhateverTheirType() throws {
        let request = try decodeReview(envelope(#"""
            {"uid": "u", "operation": "CREATE", \#(gvk), "object": [1, {"a": "b"}], "oldObject": "text", "options": 0, "dryRun": true}
            """#)).request
        XCTAssertEqual(request.object, [1, ["a": "b"]])
        XCTAssertEqual(request.oldObject, "text")
        XCTAssertEqual(request.options, 0)
        XCTAssertTrue(request.dryRun)
    }

    func testEnvelopeNullsAreNone() throws {
        let valid = #"{"uid": "u", "operation": "CREATE", \#(gvk)}"#
        XCTAssertEqual(
            decodeError(envelope(valid, apiVersion: "null")),
            AdmissionDecodeError(path: "apiVersion", reason: #"expected "admission.k8s.io/v1" or "admission.k8s.io/v1beta1", found none"#))
        XCTAssertEqual(
            decodeError(#"{"apiVersion": "admission.k8s.io/v1beta1", "kind": null, "request": \#(valid)}"#),
            AdmissionDecodeError(path: "kind", reason: #"expected "AdmissionReview", found none"#))
        XCTAssertEqual(
            decodeError(#"{"apiVersion": "admission.k8s.io/v1beta1", "kind": "AdmissionReviewList", "request": \#(valid)}"#),
            AdmissionDecodeError(path: "kind", reason: #"expected "AdmissionReview", found "AdmissionReviewList""#))
        XCTAssertEqual(
            decodeError(envelope(valid, apiVersion: #""admission.k8s.io/v1beta""#)),
            AdmissionDecodeError(path: "apiVersion", reason: #"expected "admission.k8s.io/v1" or "admission.k8s.io/v1beta1", found "admission.k8s.io/v1beta""#))
        XCTAssertEqual(try decodeReview(envelope(valid, apiVersion: #""admission.k8s.io/v1beta1""#)).version, .v1beta1)
    }

    func testBareRequests() throws {
        let bare = try decodeReview(#"{"operation": "DELETE", "uid": "b", "apiVersion": "ignored", \#(gvk)}"#)
        XCTAssertTrue(bare.isBareRequest)
        XCTAssertEqual(bare.version, .v1)
        XCTAssertEqual(bare.request.uid, "b")
        XCTAssertEqual(bare.request.operation, .delete)
        // "uid" and "operation" present, whatever their values, make it a bare request; its errors follow.
        XCTAssertEqual(decodeError(#"{"uid": null, "operation": "CREATE"}"#), AdmissionDecodeError(path: "uid", reason: "missing or empty"))
        XCTAssertEqual(decodeError(#"{"uid": "u", "operation": 7}"#), AdmissionDecodeError(path: "operation", reason: "expected a string, found number"))
        XCTAssertEqual(decodeError(#"{"uid": "u"}"#)?.path, "request")
        // A "request" member, even null, makes it an envelope.
        XCTAssertEqual(decodeError(#"{"uid": "u", "operation": "CREATE", "request": null}"#)?.path, "apiVersion")
    }

    func testTheFirstErrorDoesNotDependOnMemberOrder() throws {
        let forward = envelope(#"{"uid": "", "operation": "CREATE", \#(gvk), "userInfo": {"groups": [1]}}"#)
        let backward = envelope(#"{"userInfo": {"groups": [1]}, \#(gvk), "operation": "CREATE", "uid": ""}"#)
        XCTAssertEqual(decodeError(forward), AdmissionDecodeError(path: "request.uid", reason: "missing or empty"))
        XCTAssertEqual(decodeError(backward), decodeError(forward))
        let extraFirst = envelope(#"{"uid": "u", "operation": "CREATE", \#(gvk), "userInfo": {"groups": [1], "extra": {"a": ["x", {}]}}}"#)
        XCTAssertEqual(decodeError(extraFirst), AdmissionDecodeError(path: "request.userInfo.extra.a[1]", reason: "expected a string, found object"))
        let laterGroup = envelope(#"{"uid": "u", "operation": "CREATE", \#(gvk), "userInfo": {"groups": ["a", "b\u0063", [], 1]}}"#)
        XCTAssertEqual(decodeError(laterGroup), AdmissionDecodeError(path: "request.userInfo.groups[2]", reason: "expected a string, found array"))
        let extraValue = envelope(#"{"uid": "u", "operation": "CREATE", \#(gvk), "userInfo": {"extra": {"ok": [], "n\u0061me": "x"}}}"#)
        XCTAssertEqual(decodeError(extraValue), AdmissionDecodeError(path: "request.userInfo.extra.name", reason: "expected an array of strings, found string"))
    }

    /// Every fixture, and a review broken in each way, decodes to the same review or the same error from
    /// the reader's tape and from the same values built in memory.
    func testValuesBuiltInMemoryDecodeAsParsedOnesDo() throws {
        var texts = [
            ReviewFixtures.podCreate, ReviewFixtures.generateNameCreate, ReviewFixtures.dryRunCreate, ReviewFixtures.namespaceCreate,
            ReviewFixtures.deploymentUpdate, ReviewFixtures.deploymentScaleUpdate, ReviewFixtures.serviceAccountWithExtra,
            ReviewFixtures.podDelete, ReviewFixtures.podExecConnect, ReviewFixtures.serviceCreateV1beta1,
            ReviewFixtures.configMapCreateV1beta1, ReviewFixtures.minimal, ReviewFixtures.bareRequest, ReviewFixtures.unknownFields,
            ReviewFixtures.unicodeCustomResource,
        ]
        let broken = [
            #"[1]"#, #"{}"#, #"{"uid": "u"}"#, #"{"uid": "u", "operation": "CREATE"}"#,
            envelope("null"), envelope(#"{"uid": "u"}"#), envelope(#"{"uid": 1, "operation": "CREATE"}"#),
            envelope(#"{"uid": "u", "operation": "CREATE", "kind": "Pod"}"#),
            envelope(#"{"uid": "u", "operation": "CREATE", \#(gvk), "requestKind": {"kind": false}}"#),
            envelope(#"{"uid": "u", "operation": "CREATE", \#(gvk), "userInfo": {"groups": ["a", null]}}"#),
            envelope(#"{"uid": "u", "operation": "CREATE", \#(gvk), "userInfo": {"extra": {"a": [], "b": [2]}}}"#),
            envelope(#"{"uid": "u", "operation": "CREATE", \#(gvk), "userInfo": {"extra": []}}"#),
            envelope(#"{"uid": "u", "operation": "CREATE", \#(gvk), "dryRun": 0}"#),
            envelope(#"{"uid": "u", "operation": "CREATE", \#(gvk)}"#, apiVersion: "[]"),
            envelope(#"{"uid": "u", "operation": "CREATE", \#(gvk)}"#, apiVersion: #""v1""#),
        ]
        texts += broken
        for text in texts {
            let parsed = try parseJSON(text)
            let built = builtInMemory(parsed)
            XCTAssertNil(built.tapeNode)
            let fromBytes = Result { () throws(AdmissionDecodeError) in try AdmissionReview.decode(Array(text.utf8)) }
            let fromParsed = Result { () throws(AdmissionDecodeError) in try AdmissionReview(json: parsed) }
            let fromBuilt = Result { () throws(AdmissionDecodeError) in try AdmissionReview(json: built) }
            XCTAssertEqual(fromBytes, fromParsed, text)
            XCTAssertEqual(fromBytes, fromBuilt, text)
        }
        XCTAssertEqual(broken.count, 15)
    }

    func testARepeatedNameBuiltInMemoryReadsTheFirst() throws {
        // The reader rejects repeated names; a value built in memory can have them, and a lookup by name
        // finds the first.
        let request = JSON.object(JSONObject([
            JSONObject.Member(key: "uid", value: "first"), JSONObject.Member(key: "operation", value: "CREATE"),
            JSONObject.Member(key: "uid", value: "second"), JSONObject.Member(key: "kind", value: ["kind": "Pod"]),
            JSONObject.Member(key: "resource", value: ["resource": "pods"]),
        ]))
        let review = try AdmissionReview(json: ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": request])
        XCTAssertEqual(review.request.uid, "first")
        XCTAssertEqual(review.request.kind, GroupVersionKind(group: "", version: "", kind: "Pod"))
    }

    func testWellKnownGroupsAndOperationsReadAsAnyStringWould() throws {
        let groups = #"["system:authenticated", "system:authentic\u0061ted", "system:authenticate", "system:authenticatedX", "system:serviceaccounts", "system:serviceaccounts:kube-system", "system:unauthenticated", "System:authenticated", ""]"#
        for operation in ["CREATE", "UPDATE", "DELETE", "CONNECT", "CREATEX", "CREAT", "create", #"DEL\u0045TE"#] {
            let request = try decodeReview(envelope(#"{"uid": "u", "operation": "\#(operation)", \#(gvk), "userInfo": {"groups": \#(groups)}}"#)).request
            let expected = operation == #"DEL\u0045TE"# ? "DELETE" : operation
            XCTAssertEqual(request.operation, Operation(expected))
            XCTAssertEqual(request.operation.rawValue, expected)
            XCTAssertEqual(request.userInfo.groups, [
                "system:authenticated", "system:authenticated", "system:authenticate", "system:authenticatedX", "system:serviceaccounts",
                "system:serviceaccounts:kube-system", "system:unauthenticated", "System:authenticated", "",
            ])
        }
        XCTAssertEqual(decodeError(envelope(#"{"uid": "u", "operation": "", \#(gvk)}"#)), AdmissionDecodeError(path: "request.operation", reason: "missing or empty"))
        XCTAssertEqual(decodeError(envelope(#"{"uid": "u", "operation": null, \#(gvk)}"#)), AdmissionDecodeError(path: "request.operation", reason: "missing or empty"))
    }

    func testNamesThatDifferInOneByteAreOtherMembers() throws {
        // Known names are compared a word at a time; a name one byte off, at either end or in the middle,
        // of every length the request knows, is an unknown member and ignored.
        let request = try decodeReview(envelope(#"""
            {"uid": "u", "operation": "CREATE", \#(gvk), "uiD": "x", "Uid": "x", "namE": "x", "kinD": {}, "objecT": 1, "dryRuN": "x",
             "optionS": 1, "resourcE": 1, "userInfO": 1, "namespacE": 1, "operatioN": 1, "oldObjecT": 1, "subResourcE": 1,
             "requestKinD": 1, "requestResourcE": 1, "requestSubResourcE": 1, "requestSubXesource": 1, "Namespace": 1, "namesXace": 1}
            """#)).request
        XCTAssertEqual(request, try decodeReview(envelope(#"{"uid": "u", "operation": "CREATE", \#(gvk)}"#)).request)
        XCTAssertEqual(request.uid, "u")
        XCTAssertNil(request.object)
    }
}
