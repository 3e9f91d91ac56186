import JSON

/// The wording rules share, so every denial reads alike. Only called once a rule has fired: nothing
/// here runs on the allow path.
enum RuleText {
    /// `value` in double quotes, escaped (see `escaped`), so an attacker-chosen name can neither end
    /// the quote early nor break the message onto a second line.
    static func quoted(_ value: some StringProtocol) -> String {
        join("\"", escaped(value), "\"")
    }

    /// The pieces one after another, in one allocation.
    ///
    /// Messages are made of a dozen short pieces; a chain of `+` allocates and copies once per piece,
    /// which made building a denial message cost more than evaluating every rule.
    static func join(_ pieces: String...) -> String { join(pieces) }

    static func join(_ pieces: [String]) -> String {
        var count = 0
        for piece in pieces { count += piece.utf8.count }
        // One allocation and a copy per piece. (Appending to a `String` with reserved room measured
        // slower than even the `+` chain: each append re-checks the storage and grows.)
        return String(unsafeUninitializedCapacity: count) { buffer in
            var written = 0
            for piece in pieces {
                written += TextBytes.copy(piece, into: UnsafeMutableBufferPointer(rebasing: buffer[written...]))
            }
            return written
        }
    }

    /// `value` with quotes, backslashes and control characters (line separators included) escaped, for
    /// text from the object that is shown unquoted.
    static func escaped(_ value: some StringProtocol) -> String {
        // Most names are plain printable ASCII, which needs nothing escaped.
        if value.utf8.allSatisfy({ isPlain($0) }) { return String(value) }
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (scalar.value >= 0x80 && scalar.value < 0xA0)
                    || scalar.value == 0x2028 || scalar.value == 0x2029
                {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Whether `escaped` leaves these bytes as they are: printable ASCII but for quotes and backslashes.
    ///
    /// Eight bytes at a time (every name in a detail is checked, and a byte at a time cost ~13
    /// instructions a byte), the rest one by one.
    static func isPlain(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = utf8.baseAddress else { return true }
        let count = utf8.count
        var i = 0
        while i &+ 8 <= count {
            guard isPlain(word: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) else { return false }
            i &+= 8
        }
        while i < count {
            guard isPlain(base[i]) else { return false }
            i &+= 1
        }
        return true
    }

    /// `isPlain(_:)` of each of the eight bytes of `word`, by the tests of "Bit Twiddling Hacks" that
    /// tell whether any byte of a word is below a value or zero (exact as to whether any is).
    @inline(__always)
    static func isPlain(word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // Non-ASCII (0x80 and above).
        if word & highs != 0 { return false }
        // A control character (below 0x20). A byte borrows from the one above it only when it is
        // below 0x20 itself, so a borrow can mark a byte wrongly but never make the answer wrong.
        if (word &- 0x20 &* ones) & ~word & highs != 0 { return false }
        // DEL (0x7F): the only byte below 0x80 that adding one takes to 0x80 (and none carries).
        if (word &+ ones) & highs != 0 { return false }
        // A quote or a backslash: a zero byte once the word is xored with it.
        let quotes = word ^ (UInt64(UInt8(ascii: "\"")) &* ones)
        if (quotes &- ones) & ~quotes & highs != 0 { return false }
        let backslashes = word ^ (UInt64(UInt8(ascii: "\\")) &* ones)
        if (backslashes &- ones) & ~backslashes & highs != 0 { return false }
        return true
    }

    @inline(__always)
    static func isPlain(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
    }

    /// `(allowed: a, b)`, or `(allowed: none)` for an empty list.
    static func allowed(_ items: some Sequence<String>) -> String {
        return TextBuilder.withStackBuffer { text in
            allowed(items, into: &text)
            return text.text
        }
    }

    /// Appends `allowed(items)` to `text`.
    static func allowed(_ items: some Sequence<String>, into text: inout TextBuilder) {
        text.append("(allowed: ")
        var first = true
        for item in items {
            if !first { text.append(", ") }
            text.append(item)
            first = false
        }
        if first { text.append("none") }
        text.append(")")
    }

    /// ` is not allowed for tenant NAME (allowed: a, b)`: the end of a detail refusing a value the tenant's
    /// list does not name (priority class, ClusterRole, Service type, storage class).
    static func notAllowed(forTenant tenant: String, allowed items: some Sequence<String>) -> String {
        TextBuilder.withStackBuffer { text in
            notAllowed(forTenant: tenant, allowed: items, into: &text)
            return text.text
        }
    }

    /// Appends `notAllowed(forTenant:allowed:)` to `text`.
    static func notAllowed(forTenant tenant: String, allowed items: some Sequence<String>, into text: inout TextBuilder) {
        text.append(" is not allowed for tenant ")
        text.append(tenant)
        text.append(" ")
        allowed(items, into: &text)
    }

    /// How a container is named in a detail: `container "app"`, or its place in the pod spec when it has
    /// no name (`initContainers[1]`). `name` is the container's string `name`, nil when it has none or
    /// another type.
    static func container(_ list: ContainerList, _ index: Int, name: JSONStringView?) -> String {
        return TextBuilder.withStackBuffer { text in
            container(list, index, name: name, into: &text)
            return text.text
        }
    }

    static func container(_ list: ContainerList, _ index: Int, name: JSONStringView?, into text: inout TextBuilder) {
        if let name, !name.isEmpty {
            text.append("container ")
            text.appendQuoted(name)
        } else {
            text.append(list.rawValue)
            text.append("[")
            text.append(index)
            text.append("]")
        }
    }

    /// `container(_:_:name:into:)` for a container whose name, not empty, is the UTF-8 bytes `name`.
    static func container(named name: UnsafeBufferPointer<UInt8>, into text: inout TextBuilder) {
        text.append("container ")
        text.appendQuoted(utf8: name)
    }

    /// A JSON value shown where a string was expected: strings quoted, anything else by its type.
    static func describe(_ value: JSON) -> String {
        switch value {
        case .string(let s): return quoted(s)
        case .number(let n): return n.text
        case .bool(let b): return b ? "true" : "false"
        default: return "a JSON " + value.typeName
        }
    }
}
