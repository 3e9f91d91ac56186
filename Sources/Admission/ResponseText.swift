/// The API server's rules for the free text a webhook returns (contract §1.4, §1.5): warnings with a
/// control character are dropped silently, and audit annotation keys outside `IsQualifiedName` are
/// dropped with a log line. tenantry cleans both so nothing it says is lost.
public enum ResponseText {
    /// The recommended maximum length of one warning.
    public static let maxWarningLength = 120
    /// The API server's budget for all warnings of a request, in runes.
    public static let warningBudget = 4096

    /// Removes control characters, trims, drops empty and duplicate warnings, shortens each to 120
    /// characters (ending in "…") and stops before the total exceeds the API server's budget.
    public static func cleanWarnings(_ warnings: [String]) -> [String] {
        var out: [String] = []
        var total = 0
        for warning in warnings {
            let cleaned = cleanWarning(warning)
            guard !cleaned.isEmpty, !out.contains(cleaned) else { continue }
            let length = cleaned.unicodeScalars.count
            guard total + length <= warningBudget else { break }
            total += length
            out.append(cleaned)
        }
        return out
    }

    public static func cleanWarning(_ warning: String) -> String {
        if isAlreadyClean(warning) { return warning }
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in warning.unicodeScalars {
            if isControl(scalar) || scalar == " " {
                pendingSpace = !scalars.isEmpty
                continue
            }
            if pendingSpace {
                scalars.append(" ")
                pendingSpace = false
            }
            scalars.append(scalar)
        }
        if scalars.count > maxWarningLength {
            scalars = String.UnicodeScalarView(scalars.prefix(maxWarningLength - 1))
            scalars.append("…")
        }
        return String(scalars)
    }

    /// Whether cleaning would return `warning` unchanged, decided on its bytes without rebuilding it:
    /// printable ASCII, no space at either end or next to another, and short enough. tenantry's own
    /// warnings nearly always are.
    private static func isAlreadyClean(_ warning: String) -> Bool {
        let bytes = warning.utf8
        guard bytes.count <= maxWarningLength, bytes.first != UInt8(ascii: " "), bytes.last != UInt8(ascii: " ") else { return false }
        var previousWasSpace = false
        for byte in bytes {
            guard byte >= 0x20, byte < 0x7F else { return false }
            let isSpace = byte == UInt8(ascii: " ")
            if isSpace && previousWasSpace { return false }
            previousWasSpace = isSpace
        }
        return true
    }

    /// A key the API server accepts after prefixing `<webhook name>/`: no `/`, at most 63 characters,
    /// `[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?`.
    public static func isValidAuditAnnotationKey(_ key: String) -> Bool {
        // Every response checks its keys: read the bytes in place (a small string's from the stack)
        // rather than through the UTF-8 view, and without the copy `withUTF8` makes of a `var`.
        if let valid = key.utf8.withContiguousStorageIfAvailable(isValidAuditAnnotationKey(bytes:)) { return valid }
        var contiguous = key
        return contiguous.withUTF8(isValidAuditAnnotationKey(bytes:))
    }

    /// The same for a key's UTF-8 bytes.
    public static func isValidAuditAnnotationKey(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last, bytes.count <= 63 else { return false }
        guard isAlphanumeric(first), isAlphanumeric(last) else { return false }
        for byte in bytes where !isAlphanumeric(byte) {
            guard byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") else { return false }
        }
        return true
    }

    @inline(__always)
    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0)
    }
}
