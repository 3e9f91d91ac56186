extension JSONTape {
    /// Writes node `index`'s value as compact JSON, as `JSONWriter` writes the same value. Strings
    /// and numbers are copied from the input (a string with escapes is decoded and written again, so
    /// its escapes come out in `JSONWriter`'s one form).
    func write(_ index: Int, into out: inout JSONOutput) {
        bytes.withUnsafeBufferPointer { write(index, from: $0, into: &out) }
    }

    /// Writes member `keyNode` (its key and value) as `"key":value`.
    func writeMember(_ keyNode: Int, into out: inout JSONOutput) {
        bytes.withUnsafeBufferPointer { all in
            writeString(nodes[keyNode], from: all, into: &out)
            out.append(UInt8(ascii: ":"))
            write(keyNode + 1, from: all, into: &out)
        }
    }

    /// `all` is `bytes`, taken once for the whole subtree.
    private func write(_ index: Int, from all: UnsafeBufferPointer<UInt8>, into out: inout JSONOutput) {
        let node = nodes[index]
        switch node.kind {
        case .null: out.append(ascii: "null")
        case .false: out.append(ascii: "false")
        case .true: out.append(ascii: "true")
        case .number: out.append(text(of: node, in: all))
        case .string: writeString(node, from: all, into: &out)
        case .array:
            out.append(UInt8(ascii: "["))
            var child = index + 1
            for i in 0..<node.length {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(child, from: all, into: &out)
                child = Int(nodes[child].end)
            }
            out.append(UInt8(ascii: "]"))
        case .object:
            out.append(UInt8(ascii: "{"))
            var key = index + 1
            for i in 0..<node.length {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(nodes[key], from: all, into: &out)
                out.append(UInt8(ascii: ":"))
                write(key + 1, from: all, into: &out)
                key = Int(nodes[key + 1].end)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private func writeString(_ node: Node, from all: UnsafeBufferPointer<UInt8>, into out: inout JSONOutput) {
        guard node.escaped else {
            out.append(UInt8(ascii: "\""))
            out.append(text(of: node, in: all))
            out.append(UInt8(ascii: "\""))
            return
        }
        JSONWriter.writeString(string(node), into: &out)
    }

    @inline(__always)
    private func text(of node: Node, in all: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: all[Int(node.start)..<Int(node.start + node.length)])
    }
}
