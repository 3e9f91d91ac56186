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

    /// Reads the text's UTF-8 bytes in place: this runs for every container on the request path, so
    /// it builds neither an array nor a suffix string (only an error message, when there is one).
    /// Suffixes compare as bytes, as apimachinery's do: the Kelvin sign is not `K`.
    public init(parsing text: String) throws(QuantityError) {
        let bytes = text.utf8
        var i = bytes.startIndex
        guard i != bytes.endIndex else { throw QuantityError(text: text, reason: "empty quantity") }
        var negative = false
        if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
            negative = bytes[i] == UInt8(ascii: "-")
            bytes.formIndex(after: &i)
        }
        /// The digit at `i` (as its value), or nil at the end or on any other byte.
        func digit() -> UInt8? {
            guard i != bytes.endIndex else { return nil }
            let b = bytes[i] &- 0x30
            return b <= 9 ? b : nil
        }
        var numerator: UInt128 = 0
        var denominator: UInt128 = 1
        var integerDigits = 0
        var fractionDigits = 0
        // Which side overflowed decides the direction of the saturated value.
        var numeratorOverflow = false
        var denominatorOverflow = false
        while let d = digit() {
            numeratorOverflow = numeratorOverflow || !Quantity.accumulate(&numerator, digit: d)
            integerDigits += 1
            bytes.formIndex(after: &i)
        }
        if i != bytes.endIndex, bytes[i] == UInt8(ascii: ".") {
            bytes.formIndex(after: &i)
            // Zeros are only folded in once a non-zero digit follows them: trailing zeros of the fraction
            // ("0.50000…") change nothing and must not overflow an otherwise small value.
            var pendingZeros = 0
            while let d = digit() {
                fractionDigits += 1
                bytes.formIndex(after: &i)
                if d == 0 {
                    pendingZeros += 1
                    continue
                }
                for _ in 0...pendingZeros where !(numeratorOverflow && denominatorOverflow) {
                    numeratorOverflow = numeratorOverflow || !Quantity.multiply(&numerator, by: 10)
                    denominatorOverflow = denominatorOverflow || !Quantity.multiply(&denominator, by: 10)
                }
                pendingZeros = 0
                let (sum, overflow) = numerator.addingReportingOverflow(UInt128(d))
                numerator = overflow ? .max : sum
                numeratorOverflow = numeratorOverflow || overflow
            }
        }
        guard integerDigits + fractionDigits > 0 else {
            throw QuantityError(text: text, reason: "expected a number")
        }
        let suffix = bytes[i...]
        if let (up, down) = Quantity.suffixFactors(suffix) {
            numeratorOverflow = !Quantity.multiply(&numerator, by: up) || numeratorOverflow
            denominatorOverflow = !Quantity.multiply(&denominator, by: down) || denominatorOverflow
        } else if let exponent = Quantity.decimalExponent(suffix) {
            for _ in 0..<abs(exponent) where !(exponent > 0 ? numeratorOverflow : denominatorOverflow) {
                if exponent > 0 {
                    numeratorOverflow = !Quantity.multiply(&numerator, by: 10)
                } else {
                    denominatorOverflow = !Quantity.multiply(&denominator, by: 10)
                }
            }
        } else {
            throw QuantityError(text: text, reason: "unknown suffix \"\(Substring(suffix))\" (expected one of n u m k M G T P E Ki Mi Gi Ti Pi Ei or an exponent like e3)")
        }
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

    /// What a unit suffix multiplies (`up`) or divides (`down`) the number by; nil when `suffix` is not a
    /// unit (it may still be an exponent). No suffix is a factor of one.
    private static func suffixFactors(_ suffix: Substring.UTF8View) -> (up: UInt128, down: UInt128)? {
        var bytes = suffix.makeIterator()
        let first = bytes.next()
        let second = bytes.next()
        guard bytes.next() == nil else { return nil }
        guard let first else { return (1, 1) }
        guard let second else {
            switch first {
            case UInt8(ascii: "n"): return (1, 1_000_000_000)
            case UInt8(ascii: "u"): return (1, 1_000_000)
            case UInt8(ascii: "m"): return (1, 1_000)
            case UInt8(ascii: "k"): return (1_000, 1)
            case UInt8(ascii: "M"): return (1_000_000, 1)
            case UInt8(ascii: "G"): return (1_000_000_000, 1)
            case UInt8(ascii: "T"): return (1_000_000_000_000, 1)
            case UInt8(ascii: "P"): return (1_000_000_000_000_000, 1)
            case UInt8(ascii: "E"): return (1_000_000_000_000_000_000, 1)
            default: return nil
            }
        }
        guard second == UInt8(ascii: "i") else { return nil }
        switch first {
        case UInt8(ascii: "K"): return (1 << 10, 1)
        case UInt8(ascii: "M"): return (1 << 20, 1)
        case UInt8(ascii: "G"): return (1 << 30, 1)
        case UInt8(ascii: "T"): return (1 << 40, 1)
        case UInt8(ascii: "P"): return (1 << 50, 1)
        case UInt8(ascii: "E"): return (1 << 60, 1)
        default: return nil
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

    /// `value * 10 + digit` (a digit's value, 0...9); false on overflow.
    private static func accumulate(_ value: inout UInt128, digit: UInt8) -> Bool {
        guard multiply(&value, by: 10) else { return false }
        let (sum, overflow) = value.addingReportingOverflow(UInt128(digit))
        value = sum
        return !overflow
    }

    private static func multiply(_ value: inout UInt128, by factor: UInt128) -> Bool {
        let (product, overflow) = value.multipliedReportingOverflow(by: factor)
        value = overflow ? .max : product
        return !overflow
    }

    /// `e3`, `E-2`, `e+6`: an exponent suffix; nil when `suffix` is not one.
    private static func decimalExponent(_ suffix: Substring.UTF8View) -> Int? {
        var bytes = suffix[...]
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
