/// The grammar of a Kubernetes quantity, read from UTF-8 bytes: `Quantity(parsing:)` runs for every
/// container on the request path, so it reads the text's own bytes and builds no array and no suffix
/// string (only an error message, when there is one). Suffixes compare as bytes, as apimachinery's do:
/// the Kelvin sign is not `K`.
enum QuantityParser {
    struct Parsed {
        var isNegative: Bool
        var numerator: UInt128
        var denominator: UInt128
    }

    enum Failure: Error {
        case empty
        case noNumber
        /// The suffix starts at this UTF-8 offset.
        case unknownSuffix(at: Int)

        func reason(in text: String) -> String {
            switch self {
            case .empty: return "empty quantity"
            case .noNumber: return "expected a number"
            case .unknownSuffix(let offset):
                let suffix = text.utf8.dropFirst(offset)
                return "unknown suffix \"\(Substring(suffix))\" (expected one of n u m k M G T P E Ki Mi Gi Ti Pi Ei or an exponent like e3)"
            }
        }
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Parsed, Failure> {
        var i = 0
        guard i < bytes.count else { return .failure(.empty) }
        var negative = false
        if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        /// The value of the digit at `i`, or nil at the end or on any other byte.
        func digit() -> UInt8? {
            guard i < bytes.count else { return nil }
            let d = bytes[i] &- UInt8(ascii: "0")
            return d <= 9 ? d : nil
        }
        var numerator: UInt128 = 0
        var denominator: UInt128 = 1
        var integerDigits = 0
        var fractionDigits = 0
        // Which side overflowed decides the direction of the saturated value.
        var numeratorOverflow = false
        var denominatorOverflow = false
        while let d = digit() {
            numeratorOverflow = numeratorOverflow || !accumulate(&numerator, digit: d)
            integerDigits += 1
            i += 1
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            // Zeros are only folded in once a non-zero digit follows them: trailing zeros of the fraction
            // ("0.50000…") change nothing and must not overflow an otherwise small value.
            var pendingZeros = 0
            while let d = digit() {
                fractionDigits += 1
                i += 1
                if d == 0 {
                    pendingZeros += 1
                    continue
                }
                for _ in 0...pendingZeros where !(numeratorOverflow && denominatorOverflow) {
                    numeratorOverflow = numeratorOverflow || !multiply(&numerator, by: 10)
                    denominatorOverflow = denominatorOverflow || !multiply(&denominator, by: 10)
                }
                pendingZeros = 0
                let (sum, overflow) = numerator.addingReportingOverflow(UInt128(d))
                numerator = overflow ? .max : sum
                numeratorOverflow = numeratorOverflow || overflow
            }
        }
        guard integerDigits + fractionDigits > 0 else { return .failure(.noNumber) }
        let suffix = UnsafeBufferPointer(rebasing: bytes[i...])
        if let (up, down) = suffixFactors(suffix) {
            numeratorOverflow = !multiply(&numerator, by: up) || numeratorOverflow
            denominatorOverflow = !multiply(&denominator, by: down) || denominatorOverflow
        } else if let exponent = decimalExponent(suffix) {
            for _ in 0..<abs(exponent) where !(exponent > 0 ? numeratorOverflow : denominatorOverflow) {
                if exponent > 0 {
                    numeratorOverflow = !multiply(&numerator, by: 10)
                } else {
                    denominatorOverflow = !multiply(&denominator, by: 10)
                }
            }
        } else {
            return .failure(.unknownSuffix(at: i))
        }
        let isNegative = negative && numerator != 0
        switch (numeratorOverflow, denominatorOverflow) {
        case (false, false):
            return .success(Parsed(isNegative: isNegative, numerator: numerator, denominator: denominator))
        case (false, true):
            // Smaller than any unit but not zero: rounds up to one unit, as apimachinery's would.
            return .success(Parsed(isNegative: isNegative, numerator: numerator == 0 ? 0 : 1, denominator: .max))
        case (true, _):
            // Past what 128 bits hold (or both sides too long to tell): err towards "too large".
            return .success(Parsed(isNegative: isNegative, numerator: .max, denominator: 1))
        }
    }

    /// What a unit suffix multiplies (`up`) or divides (`down`) the number by; nil when `suffix` is not a
    /// unit (it may still be an exponent). No suffix is a factor of one.
    private static func suffixFactors(_ suffix: UnsafeBufferPointer<UInt8>) -> (up: UInt128, down: UInt128)? {
        switch suffix.count {
        case 0:
            return (1, 1)
        case 1:
            switch suffix[0] {
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
        case 2 where suffix[1] == UInt8(ascii: "i"):
            switch suffix[0] {
            case UInt8(ascii: "K"): return (1 << 10, 1)
            case UInt8(ascii: "M"): return (1 << 20, 1)
            case UInt8(ascii: "G"): return (1 << 30, 1)
            case UInt8(ascii: "T"): return (1 << 40, 1)
            case UInt8(ascii: "P"): return (1 << 50, 1)
            case UInt8(ascii: "E"): return (1 << 60, 1)
            default: return nil
            }
        default:
            return nil
        }
    }

    /// `e3`, `E-2`, `e+6`: an exponent suffix; nil when `suffix` is not one.
    private static func decimalExponent(_ suffix: UnsafeBufferPointer<UInt8>) -> Int? {
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

    /// `value * 10 + digit` (a digit's value, 0...9); false on overflow.
    private static func accumulate(_ value: inout UInt128, digit: UInt8) -> Bool {
        guard multiply(&value, by: 10) else { return false }
        let (sum, overflow) = value.addingReportingOverflow(UInt128(digit))
        value = sum
        return !overflow
    }

    /// `value * factor`, saturating at `.max`; false on overflow.
    static func multiply(_ value: inout UInt128, by factor: UInt128) -> Bool {
        let (product, overflow) = value.multipliedReportingOverflow(by: factor)
        value = overflow ? .max : product
        return !overflow
    }
}
