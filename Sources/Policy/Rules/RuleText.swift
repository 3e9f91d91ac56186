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
    static func isPlain(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in utf8 where !isPlain(byte) { return false }
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
