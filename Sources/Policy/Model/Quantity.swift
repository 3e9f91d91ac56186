import JSON

/// A Kubernetes resource quantity (`100m`, `0.5`, `128Mi`, `1G`, `1e3`, `2k`), parsed exactly.
///
/// The value is kept as the fraction `numerator / denominator` of 128-bit integers, so `1.5Gi` and `0.1`
/// are exact; `milliValue` and `value` round up like apimachinery's `Quantity.MilliValue()`/`Value()`.
/// Amounts past what 128 bits can hold saturate, which only matters for absurd inputs (the API server
/// caps quantities far lower): a huge amount errs towards "too large", a tiny non-zero one rounds up to
/// one unit, and a value with more significant digits than 128 bits hold counts as too large.
public struct Quantity: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    public let isNegative: Bool
    private let numerator: UInt128
    private let denominator: UInt128

    public var description: String { text }

    public init(parsing text: String) throws(QuantityError) {
        var bytes = Array(text.utf8)[...]
        guard !bytes.isEmpty else { throw QuantityError(text: text, reason: "empty quantity") }
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var numerator: UInt128 = 0
        var denominator: UInt128 = 1
        var integerDigits = 0
        var fractionDigits = 0
        // Which side overflowed decides the direction of the saturated value.
        var numeratorOverflow = false
        var denominatorOverflow = false
        while let b = bytes.first, b >= 0x30, b <= 0x39 {
            numeratorOverflow = numeratorOverflow || !Quantity.accumulate(&numerator, digit: b)
            integerDigits += 1
            bytes = bytes.dropFirst()
        }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            // Zeros are only folded in once a non-zero digit follows them: trailing zeros of the fraction
            // ("0.50000…") change nothing and must not overflow an otherwise small value.
            var pendingZeros = 0
            while let b = bytes.first, b >= 0x30, b <= 0x39 {
                fractionDigits += 1
                bytes = bytes.dropFirst()
                if b == 0x30 {
                    pendingZeros += 1
                    continue
                }
                for _ in 0...pendingZeros where !(numeratorOverflow && denominatorOverflow) {
                    numeratorOverflow = numeratorOverflow || !Quantity.multiply(&numerator, by: 10)
                    denominatorOverflow = denominatorOverflow || !Quantity.multiply(&denominator, by: 10)
                }
                pendingZeros = 0
                let (sum, overflow) = numerator.addingReportingOverflow(UInt128(b - 0x30))
                numerator = overflow ? .max : sum
                numeratorOverflow = numeratorOverflow || overflow
            }
        }
        guard integerDigits + fractionDigits > 0 else {
            throw QuantityError(text: text, reason: "expected a number")
        }
        let suffix = String(decoding: bytes, as: UTF8.self)
        var up: UInt128 = 1
        var down: UInt128 = 1
        switch suffix {
        case "": break
        case "n": down = 1_000_000_000
        case "u": down = 1_000_000
        case "m": down = 1_000
        case "k": up = 1_000
        case "M": up = 1_000_000
        case "G": up = 1_000_000_000
        case "T": up = 1_000_000_000_000
        case "P": up = 1_000_000_000_000_000
        case "E": up = 1_000_000_000_000_000_000
        case "Ki": up = 1 << 10
        case "Mi": up = 1 << 20
        case "Gi": up = 1 << 30
        case "Ti": up = 1 << 40
        case "Pi": up = 1 << 50
        case "Ei": up = 1 << 60
        default:
            guard let exponent = Quantity.decimalExponent(suffix) else {
                throw QuantityError(text: text, reason: "unknown suffix \"\(suffix)\" (expected one of n u m k M G T P E Ki Mi Gi Ti Pi Ei or an exponent like e3)")
            }
            for _ in 0..<abs(exponent) where !(exponent > 0 ? numeratorOverflow : denominatorOverflow) {
                if exponent > 0 {
                    numeratorOverflow = !Quantity.multiply(&numerator, by: 10)
                } else {
                    denominatorOverflow = !Quantity.multiply(&denominator, by: 10)
                }
            }
        }
        numeratorOverflow = !Quantity.multiply(&numerator, by: up) || numeratorOverflow
        denominatorOverflow = !Quantity.multiply(&denominator, by: down) || denominatorOverflow
        self.text = text
        self.isNegative = negative && numerator != 0
        switch (numeratorOverflow, denominatorOverflow) {
        case (false, false):
            self.numerator = numerator
            self.denominator = denominator
        case (false, true):
            // Smaller than any unit but not zero: rounds up to one unit, as apimachinery's would.
            self.numerator = numerator == 0 ? 0 : 1
            self.denominator = .max
        case (true, _):
            // Past what 128 bits hold (or both sides too long to tell): err towards "too large".
            self.numerator = .max
            self.denominator = 1
        }
    }

    /// The amount in thousandths, rounded up (cpu: millicores).
    public var milliValue: Int64 { scaled(by: 1000) }

    /// The amount in units, rounded up (memory: bytes).
    public var value: Int64 { scaled(by: 1) }

    private func scaled(by factor: UInt128) -> Int64 {
        var n = numerator
        guard Quantity.multiply(&n, by: factor) else { return isNegative ? .min : .max }
        let (q, r) = n.quotientAndRemainder(dividingBy: denominator)
        let rounded = isNegative ? q : q + (r == 0 ? 0 : 1)
        guard rounded <= UInt128(Int64.max) else { return isNegative ? .min : .max }
        return isNegative ? -Int64(rounded) : Int64(rounded)
    }

    private static func accumulate(_ value: inout UInt128, digit: UInt8) -> Bool {
        guard multiply(&value, by: 10) else { return false }
        let (sum, overflow) = value.addingReportingOverflow(UInt128(digit - 0x30))
        value = sum
        return !overflow
    }

    private static func multiply(_ value: inout UInt128, by factor: UInt128) -> Bool {
        let (product, overflow) = value.multipliedReportingOverflow(by: factor)
        value = overflow ? .max : product
        return !overflow
    }

    /// `e3`, `E-2`, `e+6`: an exponent suffix; nil when `suffix` is not one.
    private static func decimalExponent(_ suffix: String) -> Int? {
        var bytes = Array(suffix.utf8)[...]
        guard let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") else { return nil }
        bytes = bytes.dropFirst()
        var sign = 1
        if let s = bytes.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") {
            sign = s == UInt8(ascii: "-") ? -1 : 1
            bytes = bytes.dropFirst()
        }
        guard !bytes.isEmpty, bytes.count <= 4, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        var n = 0
        for b in bytes { n = n * 10 + Int(b - 0x30) }
        return sign * n
    }
}

public struct QuantityError: Error, Sendable, Equatable, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { "invalid quantity \"\(text)\": \(reason)" }
}

extension Quantity {
    /// Parses a quantity where an object may hold one: a string (`"500m"`) or a bare number (`2`).
    /// nil for anything else, or text that is not a quantity.
    public init?(_ json: JSON?) {
        let text: String
        switch json {
        case .string(let s)?: text = s
        case .number(let n)?: text = n.text
        default: return nil
        }
        guard let q = try? Quantity(parsing: text) else { return nil }
        self = q
    }
}
