import Yams

/// What a YAML scalar is, decided by hand instead of by Yams's resolver.
///
/// Yams's default resolver runs up to seven `NSRegularExpression`s on every scalar (and on every mapping
/// key, to find duplicates); the compiler parses with `Resolver.basic` (no rules) and classifies scalars
/// here, which keeps compiling 200 tenants well inside its time budget. The rules are the YAML 1.1 ones
/// Yams and Kubernetes' YAML decoder apply to plain (unquoted) scalars: a quoted or block scalar is
/// always a string.
enum ScalarKind: Equatable {
    case null
    case bool(Bool)
    /// A decimal integer that fits in Int64.
    case int(Int64)
    /// Any other YAML number: floats, exponents, `0x…`, `0o…`, `.inf`, integers past Int64.
    case number
    case string

    /// `integer` / `string`…, for "expected a string, got an integer" messages.
    var noun: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .number: return "a number"
        case .string: return "a string"
        }
    }

    init(_ scalar: Node.Scalar) {
        // An explicit tag (`!!str 5`, `! 5`) says what the author meant. (Mapping keys also carry `str` once
        // Yams has hashed them to find duplicates, which is what they are.)
        switch scalar.tag.description {
        case Tag.Name.str.rawValue, Tag.Name.nonSpecific.rawValue: self = .string; return
        case Tag.Name.null.rawValue: self = .null; return
        default: break
        }
        guard scalar.style == .plain || scalar.style == .any else {
            self = .string
            return
        }
        self = ScalarKind.classifyPlain(scalar.string)
    }

    static func classifyPlain(_ text: String) -> ScalarKind {
        switch text {
        case "", "~", "null", "Null", "NULL":
            return .null
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON":
            return .bool(true)
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF":
            return .bool(false)
        case ".inf", ".Inf", ".INF", "-.inf", "-.Inf", "-.INF", "+.inf", "+.Inf", "+.INF", ".nan", ".NaN", ".NAN":
            return .number
        default:
            break
        }
        let bytes = Array(text.utf8)
        if let value = decimalInteger(bytes) { return .int(value) }
        if looksNumeric(bytes) { return .number }
        return .string
    }

    /// `[-+]?(0|[1-9][0-9_]*)` that fits in Int64.
    private static func decimalInteger(_ bytes: [UInt8]) -> Int64? {
        var i = 0
        var negative = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < bytes.count, isDigit(bytes[i]) else { return nil }
        if bytes[i] == UInt8(ascii: "0"), i + 1 != bytes.count { return nil }
        var value: Int64 = 0
        while i < bytes.count {
            let b = bytes[i]
            i += 1
            if b == UInt8(ascii: "_") { continue }
            guard isDigit(b) else { return nil }
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = shifted.subtractingReportingOverflow(Int64(b - UInt8(ascii: "0")))
            guard !o1, !o2 else { return nil }
            value = sum
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    /// The other YAML 1.1 numeric forms: floats (`1.5`, `1e3`, `.5`), `0x1f`, `0o17`, `0b101`, octal `017`,
    /// sexagesimal `1:30`, and decimal integers too large for Int64. Close enough: these are only used to
    /// tell a number from a string, never to compute a value.
    private static func looksNumeric(_ bytes: [UInt8]) -> Bool {
        var i = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
        guard i < bytes.count else { return false }
        let body = bytes[i...]
        if body.count > 2, body.first == UInt8(ascii: "0") {
            let marker = body[body.startIndex + 1]
            let digits = body.dropFirst(2)
            switch marker {
            case UInt8(ascii: "x"): return digits.allSatisfy { isHexDigit($0) || $0 == UInt8(ascii: "_") }
            case UInt8(ascii: "o"): return digits.allSatisfy { (0x30...0x37).contains($0) || $0 == UInt8(ascii: "_") }
            case UInt8(ascii: "b"): return digits.allSatisfy { $0 == 0x30 || $0 == 0x31 || $0 == UInt8(ascii: "_") }
            default: break
            }
        }
        // digits [. digits] [e [sign] digits], or . digits …, or digits with `:` groups.
        var sawDigit = false
        var j = body.startIndex
        while j < body.endIndex, isDigit(body[j]) || body[j] == UInt8(ascii: "_") || body[j] == UInt8(ascii: ":") {
            if isDigit(body[j]) { sawDigit = true }
            j += 1
        }
        if j < body.endIndex, body[j] == UInt8(ascii: ".") {
            j += 1
            while j < body.endIndex, isDigit(body[j]) || body[j] == UInt8(ascii: "_") {
                sawDigit = true
                j += 1
            }
        }
        guard sawDigit else { return false }
        if j < body.endIndex, body[j] == UInt8(ascii: "e") || body[j] == UInt8(ascii: "E") {
            j += 1
            if j < body.endIndex, body[j] == UInt8(ascii: "-") || body[j] == UInt8(ascii: "+") { j += 1 }
            guard j < body.endIndex else { return false }
            while j < body.endIndex, isDigit(body[j]) { j += 1 }
        }
        return j == body.endIndex
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private static func isHexDigit(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)
    }
}
