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
        switch text.withUTF8Bytes(QuantityParser.parse) {
        case .success(let parsed):
            self.text = text
            self.isNegative = parsed.isNegative
            self.numerator = parsed.numerator
            self.denominator = parsed.denominator
        case .failure(let failure):
            throw QuantityError(text: text, reason: failure.reason(in: text))
        }
    }

    /// The amount in thousandths, rounded up (cpu: millicores).
    public var milliValue: Int64 { scaled(by: 1000) }

    /// The amount in units, rounded up (memory: bytes).
    public var value: Int64 { scaled(by: 1) }

    private func scaled(by factor: UInt128) -> Int64 {
        Quantity.scaled(numerator, denominator, isNegative: isNegative, by: factor)
    }

    /// The amount of the quantity written `utf8` in units of 1/`factor`, rounded up as `milliValue`
    /// (`factor` 1000) and `value` (1) are, without building the `Quantity` and its text: for the
    /// rules, which read amounts straight from the request's bytes. nil when `utf8` is not a quantity.
    static func amount(ofUTF8 utf8: UnsafeBufferPointer<UInt8>, scaledBy factor: UInt128) -> Int64? {
        guard case .success(let parsed) = QuantityParser.parse(utf8) else { return nil }
        return scaled(parsed.numerator, parsed.denominator, isNegative: parsed.isNegative, by: factor)
    }

    private static func scaled(_ numerator: UInt128, _ denominator: UInt128, isNegative: Bool, by factor: UInt128) -> Int64 {
        var n = numerator
        guard QuantityParser.multiply(&n, by: factor) else { return isNegative ? .min : .max }
        let (q, r) = Quantity.divide(n, by: denominator)
        let rounded = isNegative ? q : q + (r == 0 ? 0 : 1)
        guard rounded <= UInt128(Int64.max) else { return isNegative ? .min : .max }
        return isNegative ? -Int64(rounded) : Int64(rounded)
    }

    /// 128-bit division, done in 64 bits when both sides fit, as every realistic quantity does: the
    /// 128-bit routine costs several times more.
    private static func divide(_ n: UInt128, by d: UInt128) -> (quotient: UInt128, remainder: UInt128) {
        if n <= UInt128(UInt64.max), d <= UInt128(UInt64.max) {
            let (q, r) = UInt64(n).quotientAndRemainder(dividingBy: UInt64(d))
            return (UInt128(q), UInt128(r))
        }
        return n.quotientAndRemainder(dividingBy: d)
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
