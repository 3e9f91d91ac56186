/// Exact amounts (millicores, bytes) written back the way a platform engineer reads a ResourceQuota.
enum AmountText {
    /// `500m`, or whole cores (`2`) when the amount is a whole number of them.
    static func cpu(_ millicores: Int64) -> String {
        return TextBuilder.withStackBuffer { text in
            cpu(millicores, into: &text)
            return text.text
        }
    }

    /// Appends `cpu(millicores)` to `text`.
    static func cpu(_ millicores: Int64, into text: inout TextBuilder) {
        if millicores % 1000 == 0 { return text.append(millicores / 1000) }
        text.append(millicores)
        text.append("m")
    }

    /// The largest binary suffix that divides exactly (`512Mi`, `24Gi`), else the largest exact decimal one
    /// (`3G`, as quotas written in decimal units multiply out), else plain bytes.
    static func memory(_ bytes: Int64) -> String {
        return TextBuilder.withStackBuffer { text in
            memory(bytes, into: &text)
            return text.text
        }
    }

    /// Appends `memory(bytes)` to `text`.
    static func memory(_ bytes: Int64, into text: inout TextBuilder) {
        guard bytes != 0 else { return text.append("0") }
        for (shift, suffix) in binarySuffixes where bytes % (Int64(1) << shift) == 0 {
            text.append(bytes >> shift)
            return text.append(suffix)
        }
        for (factor, suffix) in decimalSuffixes where bytes % factor == 0 {
            text.append(bytes / factor)
            return text.append(suffix)
        }
        text.append(bytes)
    }

    private static let binarySuffixes: [(Int64, StaticString)] = [(60, "Ei"), (50, "Pi"), (40, "Ti"), (30, "Gi"), (20, "Mi"), (10, "Ki")]
    private static let decimalSuffixes: [(Int64, StaticString)] = [
        (1_000_000_000_000_000_000, "E"), (1_000_000_000_000_000, "P"), (1_000_000_000_000, "T"),
        (1_000_000_000, "G"), (1_000_000, "M"), (1_000, "k"),
    ]
}
