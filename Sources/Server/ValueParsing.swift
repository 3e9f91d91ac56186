import NIOCore

/// Durations and byte sizes as written on the command line.
public enum ValueParsing {
    /// `250ms`, `10s`, `2m`, `1h`, or combinations such as `1m30s` (Go's `time.ParseDuration` units,
    /// which Kubernetes users know from manifests). A bare `0` is zero.
    public static func duration(_ text: String) throws(ServerValueError) -> TimeAmount {
        if text == "0" { return .zero }
        var total: Int64 = 0
        var bytes = Substring(text).utf8[...]
        guard !bytes.isEmpty else { throw ServerValueError("empty duration: expected e.g. 10s, 500ms, 2m") }
        while !bytes.isEmpty {
            let digits = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            bytes = bytes.dropFirst(digits.count)
            let unit = bytes.prefix { !($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
            bytes = bytes.dropFirst(unit.count)
            guard !digits.isEmpty, digits.count <= 12, let value = Int64(String(decoding: digits, as: UTF8.self)) else {
                throw ServerValueError("duration \"\(text)\": expected a whole number before each unit, e.g. 10s, 500ms, 1m30s")
            }
            let nanosecondsPerUnit: Int64
            switch String(decoding: unit, as: UTF8.self) {
            case "ms": nanosecondsPerUnit = 1_000_000
            case "s": nanosecondsPerUnit = 1_000_000_000
            case "m": nanosecondsPerUnit = 60_000_000_000
            case "h": nanosecondsPerUnit = 3_600_000_000_000
            default:
                throw ServerValueError("duration \"\(text)\": unit \"\(String(decoding: unit, as: UTF8.self))\" is not one of ms, s, m, h")
            }
            let (product, overflow) = value.multipliedReportingOverflow(by: nanosecondsPerUnit)
            let (sum, sumOverflow) = total.addingReportingOverflow(product)
            guard !overflow, !sumOverflow else { throw ServerValueError("duration \"\(text)\" is too long") }
            total = sum
        }
        return .nanoseconds(total)
    }

    /// `16777216`, `16Mi`, `16MiB`, `512Ki`, `512KiB`, `1Gi`, `1GiB`: bytes, binary multiples only (a
    /// body limit is about memory, and `M` could mean either).
    public static func byteSize(_ text: String) throws(ServerValueError) -> Int {
        let digits = text.utf8.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let suffix = String(decoding: text.utf8.dropFirst(digits.count), as: UTF8.self)
        guard !digits.isEmpty, digits.count <= 15, let value = Int(String(decoding: digits, as: UTF8.self)) else {
            throw ServerValueError("size \"\(text)\": expected bytes or a number with Ki, Mi or Gi (e.g. 16Mi)")
        }
        let shift: Int
        switch suffix {
        case "", "B": shift = 0
        case "Ki", "KiB": shift = 10
        case "Mi", "MiB": shift = 20
        case "Gi", "GiB": shift = 30
        default:
            throw ServerValueError("size \"\(text)\": unit \"\(suffix)\" is not one of Ki, Mi, Gi (or KiB, MiB, GiB)")
        }
        let (result, overflow) = value.multipliedReportingOverflow(by: 1 << shift)
        guard !overflow else { throw ServerValueError("size \"\(text)\" is too large") }
        return result
    }

    /// `10s`, `250ms`, `2m`: the shortest exact form, for help texts and logs.
    public static func durationText(_ amount: TimeAmount) -> String {
        let nanoseconds = amount.nanoseconds
        if nanoseconds == 0 { return "0" }
        for (unit, size) in [("h", Int64(3_600_000_000_000)), ("m", 60_000_000_000), ("s", 1_000_000_000), ("ms", 1_000_000)]
        where nanoseconds % size == 0 {
            return "\(nanoseconds / size)\(unit)"
        }
        return "\(nanoseconds)ns"
    }

    /// `16Mi`, `512Ki`, `1000`: the largest exact binary unit.
    public static func byteSizeText(_ bytes: Int) -> String {
        for (unit, shift) in [("Gi", 30), ("Mi", 20), ("Ki", 10)] where bytes > 0 && bytes % (1 << shift) == 0 {
            return "\(bytes >> shift)\(unit)"
        }
        return "\(bytes)"
    }
}
