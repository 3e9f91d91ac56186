/// Kubernetes' name syntaxes (apimachinery `validation.IsDNS1123Label` and friends), checked byte by byte.
/// Each returns nil when the text is valid, or the reason it is not, ready for an error message.
enum NameValidation {
    /// Namespace names and tenant names: at most 63 of `a-z 0-9 -`, starting and ending alphanumeric.
    static func dns1123Label(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        if bytes.isEmpty { return "must not be empty" }
        if bytes.count > 63 { return "must be at most 63 characters (is \(bytes.count))" }
        guard bytes.allSatisfy({ isLowerAlnum($0) || $0 == UInt8(ascii: "-") }) else {
            return "must consist of lower case letters, digits and '-' (a DNS-1123 label)"
        }
        guard let first = bytes.first, let last = bytes.last, isLowerAlnum(first), isLowerAlnum(last) else {
            return "must start and end with a letter or digit (a DNS-1123 label)"
        }
        return nil
    }

    /// Object names such as PriorityClasses: dot-separated DNS-1123 labels, at most 253 characters.
    static func dns1123Subdomain(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        if bytes.isEmpty { return "must not be empty" }
        if bytes.count > 253 { return "must be at most 253 characters (is \(bytes.count))" }
        for part in bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard let first = part.first, let last = part.last, isLowerAlnum(first), isLowerAlnum(last),
                part.allSatisfy({ isLowerAlnum($0) || $0 == UInt8(ascii: "-") })
            else {
                return "must be lower case letters, digits, '-' and '.', each '.'-separated part starting and ending with a letter or digit (a DNS-1123 subdomain)"
            }
        }
        return nil
    }

    /// A namespace prefix: the start of a DNS-1123 label, so it may end in `-` (`acme-`).
    static func namespacePrefix(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        if bytes.isEmpty { return "must not be empty (it would match every namespace)" }
        if bytes.count > 63 { return "must be at most 63 characters (is \(bytes.count)), a namespace name is no longer" }
        guard bytes.allSatisfy({ isLowerAlnum($0) || $0 == UInt8(ascii: "-") }) else {
            return "must consist of lower case letters, digits and '-', as namespace names do"
        }
        guard let first = bytes.first, isLowerAlnum(first) else {
            return "must start with a letter or digit, as namespace names do"
        }
        return nil
    }

    /// Label and annotation keys: `[prefix/]name`, the prefix a DNS subdomain, the name at most 63 of
    /// `A-Z a-z 0-9 - _ .` starting and ending alphanumeric.
    static func qualifiedName(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        let parts = bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return "must be a name with an optional prefix and one '/' (like example.com/name)" }
        if parts.count == 2 {
            if let reason = dns1123Subdomain(String(decoding: parts[0], as: UTF8.self)) {
                return "prefix " + reason
            }
        }
        guard let name = parts.last else { return "must not be empty" }
        if name.isEmpty { return "name part must not be empty" }
        if name.count > 63 { return "name part must be at most 63 characters (is \(name.count))" }
        return labelValueCharacters(Array(name)) ? nil
            : "name part must consist of letters, digits, '-', '_' and '.', starting and ending with a letter or digit"
    }

    /// Label values: empty, or at most 63 of `A-Z a-z 0-9 - _ .` starting and ending alphanumeric.
    static func labelValue(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        if bytes.isEmpty { return nil }
        if bytes.count > 63 { return "must be at most 63 characters (is \(bytes.count))" }
        return labelValueCharacters(bytes) ? nil
            : "must consist of letters, digits, '-', '_' and '.', starting and ending with a letter or digit (a label value)"
    }

    private static func labelValueCharacters(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.first, let last = bytes.last, isAlnum(first), isAlnum(last) else { return false }
        return bytes.allSatisfy {
            isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
    }

    private static func isLowerAlnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) }
    private static func isAlnum(_ b: UInt8) -> Bool { isLowerAlnum(b) || (b >= 0x41 && b <= 0x5a) }
}
