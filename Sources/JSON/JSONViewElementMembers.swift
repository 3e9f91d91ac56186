extension JSONView {
    /// Calls `body` with each element of an array that is an object holding member `name` with a value
    /// other than null: the element's index, the element, and that value. Nothing when this is not an
    /// array; elements that are not objects, or lack the member, are passed over.
    ///
    /// For readers of one member of each element (a container port's `hostPort`, a volume's `hostPath`),
    /// which most elements lack: in the tape, an element costs a scan of its names, and becomes a view
    /// only when it has the member, where `forEachElement` and a lookup made a view of each element and
    /// called a closure for it.
    public func forEachElement(withMember name: StaticString, _ body: (_ index: Int, _ element: JSONView, _ member: JSONView) -> Void) {
        switch place {
        case .tape(let tape, let node):
            let array = tape.nodes[node]
            guard array.kind == .array else { return }
            let document = JSONTapeDocument(tape: tape)
            var child = node &+ 1
            for index in 0..<Int(array.length) {
                if let member = document.member(name, of: JSONTapeNode(child)), tape.nodes[member.index].kind != .null {
                    body(index, JSONView(tape: tape, node: child), JSONView(tape: tape, node: member.index))
                }
                child = Int(tape.nodes[child].end)
            }
        case .value:
            let key = name.description
            forEachElement { index, element in
                guard let member = element[key], !member.isNull else { return }
                body(index, element, member)
            }
        }
    }
}
