extension JSONView {
    /// Element `index` of an array; nil when out of range or when this is not an array. In the tape,
    /// the elements before it are stepped over by their subtree ends, without being read.
    public func element(at index: Int) -> JSONView? {
        guard index >= 0 else { return nil }
        switch place {
        case .tape(let tape, let node):
            let array = tape.nodes[node]
            guard array.kind == .array, index < Int(array.length) else { return nil }
            var child = node + 1
            for _ in 0..<index { child = Int(tape.nodes[child].end) }
            return JSONView(tape: tape, node: child)
        case .value(.array(let elements)):
            return elements.indices.contains(index) ? JSONView(elements[index]) : nil
        case .value:
            return nil
        }
    }
}
