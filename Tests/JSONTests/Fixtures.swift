import JSON
import ReviewFixtures

/// What the round-trip tests need beyond the shared AdmissionReviews in `ReviewFixtures` (which use
/// only the escapes the writer itself emits, so their compact form must survive a parse → write round
/// trip byte for byte): the list of them to loop over, one review that breaks that rule on purpose, and
/// the compact form computed independently of the writer.
enum Fixtures {
    /// A string literal escaped one byte at a time by RFC 8259's rules, written independently of the
    /// writer, to compare its output against.
    static func referenceLiteral(_ utf8: some Sequence<UInt8>) -> [UInt8] {
        var out: [UInt8] = [0x22]
        for byte in utf8 {
            switch byte {
            case 0x22: out += Array(#"\""#.utf8)
            case 0x5C: out += Array(#"\\"#.utf8)
            case 0x08: out += Array(#"\b"#.utf8)
            case 0x0C: out += Array(#"\f"#.utf8)
            case 0x0A: out += Array(#"\n"#.utf8)
            case 0x0D: out += Array(#"\r"#.utf8)
            case 0x09: out += Array(#"\t"#.utf8)
            case ..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += Array(#"\u00"#.utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(0x22)
        return out
    }

    /// `value` with every object made of owned members, none left in the tape: the other form a
    /// document comes in, for tests that must see the same from both.
    static func builtOfMembers(_ value: JSON) -> JSON {
        switch value {
        case .object(let object):
            return .object(JSONObject(object.members.map { JSONObject.Member(key: $0.key, value: builtOfMembers($0.value)) }))
        case .array(let elements):
            return .array(elements.map(builtOfMembers))
        default:
            return value
        }
    }

    /// Legal JSON that no writer of ours would produce: `\/`, `\u00e9`, a surrogate pair and an
    /// uppercase `\u001B`. Reading it back after writing must give the same value, not the same bytes.
    static let nonCanonicalEscapes = #"""
        {"kind":"AdmissionReview","apiVersion":"admission.k8s.io\/v1","request":{"uid":"u-1",
          "operation":"CREATE","object":{"metadata":{"annotations":{
            "caf\u00e9":"\uD83D\uDE00 smile","path":"\/var\/log","esc":"\u001B"}}}}}
        """#

    /// Every shared review fixture: each must round-trip byte for byte once compacted.
    static let canonical: [(name: String, text: String)] = [
        ("podCreate", ReviewFixtures.podCreate),
        ("generateNameCreate", ReviewFixtures.generateNameCreate),
        ("dryRunCreate", ReviewFixtures.dryRunCreate),
        ("namespaceCreate", ReviewFixtures.namespaceCreate),
        ("deploymentUpdate", ReviewFixtures.deploymentUpdate),
        ("deploymentScaleUpdate", ReviewFixtures.deploymentScaleUpdate),
        ("serviceAccountWithExtra", ReviewFixtures.serviceAccountWithExtra),
        ("podDelete", ReviewFixtures.podDelete),
        ("podExecConnect", ReviewFixtures.podExecConnect),
        ("serviceCreateV1beta1", ReviewFixtures.serviceCreateV1beta1),
        ("configMapCreateV1beta1", ReviewFixtures.configMapCreateV1beta1),
        ("minimal", ReviewFixtures.minimal),
        ("bareRequest", ReviewFixtures.bareRequest),
        ("unknownFields", ReviewFixtures.unknownFields),
        ("unicodeCustomResource", ReviewFixtures.unicodeCustomResource),
    ]

    /// The fixture with whitespace outside strings removed, i.e. the writer's compact form, computed
    /// without the writer so the round-trip tests do not check the writer against itself.
    static func compact(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var inString = false
        var escaped = false
        for byte in text.utf8 {
            if inString {
                out.append(byte)
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
                out.append(byte)
            } else if ![0x20, 0x09, 0x0A, 0x0D].contains(byte) {
                out.append(byte)
            }
        }
        return out
    }
}
