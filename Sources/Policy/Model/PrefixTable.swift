/// Namespace prefixes to tenants, matched on the namespace's UTF-8 bytes, the longest prefix first.
///
/// The prefixes are grouped by length: a namespace is looked up once per distinct length (longest
/// first) by its first that-many bytes, so the cost follows the number of lengths, not of prefixes.
struct PrefixTable: Sendable {
    /// Distinct prefix lengths in bytes, longest first.
    private let lengths: [Int]
    private let tenants: NameTable<Int>

    /// `prefixes` in the order their claims are kept: for one prefix claimed twice, the first wins.
    init(_ prefixes: [(prefix: String, tenant: Int)]) {
        lengths = Set(prefixes.map { $0.prefix.utf8.count }).sorted(by: >)
        tenants = NameTable(prefixes.map { ($0.prefix, $0.tenant) })
    }

    var isEmpty: Bool { tenants.isEmpty }

    /// The tenant of the longest prefix that `name` starts with, byte for byte.
    func tenant(matching name: UnsafeRawBufferPointer) -> Int? {
        for length in lengths where length <= name.count {
            if let tenant = tenants.value(for: UnsafeRawBufferPointer(rebasing: name[0..<length])) { return tenant }
        }
        return nil
    }
}
