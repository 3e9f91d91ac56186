/// Following a pointer's tokens through the tape, node by node, so a lookup several levels deep into
/// a parsed document builds nothing on the way: no array of the elements of every array it passes
/// through, no value but the one it ends at.
extension JSONTape {
    /// Where a walk through the tape ended.
    enum WalkEnd {
        /// Every token resolved; the value is node `node`.
        case found(node: Int)
        /// `tokens[depth]` names a member that the object reached through the tokens before it lacks.
        case missingMember(depth: Int)
        /// `tokens[depth]` names no element of the array reached before it (not an index, `-`, or past
        /// the end), or the value reached before it is a scalar.
        case unreachable(depth: Int)
    }

    /// Follows `tokens` from node `index` with the same rules as `JSON.value(at:)`.
    func walk(from index: Int, through tokens: ArraySlice<String>) -> WalkEnd {
        var node = index
        for (offset, token) in tokens.enumerated() {
            switch nodes[node].kind {
            case .object:
                guard let value = memberValue(token, inObject: node) else { return .missingMember(depth: offset) }
                node = value
            case .array:
                guard let position = JSONPointer.arrayIndex(token), position < Int(nodes[node].length) else {
                    return .unreachable(depth: offset)
                }
                var child = node + 1
                for _ in 0..<position { child = Int(nodes[child].end) }
                node = child
            case .null, .false, .true, .number, .string:
                return .unreachable(depth: offset)
            }
        }
        return .found(node: node)
    }
}
