import JSON

/// Visits the containers of a pod spec in place: rules only read them, so unlike
/// `PodSpecView.containers` this builds no pointers and no array.
enum PodContainers {
    static let allLists: [ContainerList] = [.containers, .initContainers, .ephemeralContainers]

    static func forEach(in spec: JSON, lists: [ContainerList] = allLists, _ body: (ContainerList, Int, JSON) -> Void) {
        for list in lists {
            guard let items = spec[list.rawValue]?.arrayValue else { continue }
            for (index, container) in items.enumerated() { body(list, index, container) }
        }
    }
}
