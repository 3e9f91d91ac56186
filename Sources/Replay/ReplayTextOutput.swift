import Admission
import Policy

/// The human output: one aligned line per review, then the summary.
///
///     DENY   CREATE  pods        tenant-acme/web      alice     acme  [priority-class] Pod tenant-acme/web: …
///     ALLOW  CREATE  pods        tenant-acme/api      alice     acme  patched: tenant-label, node-selector
///
/// Every row is kept until the end (a column is as wide as its widest cell), so rows are kept small:
/// each cell's printable bytes go into one buffer shared by all rows, with its length and width beside
/// it, where an array of `String`s per row cost a dozen allocations a review and ~2 KB of memory each.
public struct ReplayTextOutput {
    /// Every cell of every row, escaped (`PrintableText`), back to back.
    private var bytes: [UInt8] = []
    /// Per row, its `columns` cells in order.
    private var cells: [Cell] = []
    /// The widest cell of each column but the last (which is not padded), in `Character`s.
    private var widths = [Int](repeating: 0, count: ReplayTextOutput.columns - 1)
    /// Where the cell being written starts in `bytes`.
    private var cellStart = 0

    private static let columns = 8

    private struct Cell {
        /// The offset in `bytes` just past the cell's last byte.
        var end: Int
        /// Its width in `Character`s, as the alignment counts it.
        var width: Int
        /// Whether its bytes are all ASCII: then each byte is one `Character`.
        var isASCII: Bool
    }

    public init() {}

    public mutating func add(_ verdict: ReplayVerdict) {
        let r = verdict.request
        let d = verdict.decision
        cell(d.allowed ? (d.warnings.isEmpty ? "ALLOW" : "WARN") : "DENY")
        cell(r.operation.rawValue)
        let resource = r.resource.resource, subResource = r.subResource
        write(resource)
        if !subResource.isEmpty {
            write("/")
            write(subResource)
        }
        endCell()
        cell(ObjectIdentity.qualifiedName(r))
        let username = r.userInfo.username
        cell(username.isEmpty ? "-" : username)
        cell(d.tenant ?? "-")
        cell(verdict.source)
        // The notes, joined by " | ": escaping works scalar by scalar, so each piece is escaped as it
        // is written, as the joined text was.
        var notes = 0
        func note(_ label: String) {
            if notes > 0 { write(" | ") }
            write(label)
            notes += 1
        }
        if let message = d.message { note(message) }
        for warning in d.warnings {
            note("warning: ")
            write(warning)
        }
        var audited = 0
        for fired in d.fired where fired.action == .audit {
            if audited == 0 { note("audit: ") } else { write(", ") }
            write(fired.rule.rawValue)
            audited += 1
        }
        for (i, mutation) in verdict.mutation.applied.enumerated() {
            if i == 0 { note("patched: ") } else { write(", ") }
            write(mutation.rawValue)
        }
        endCell()
    }

    public mutating func addFailure(_ error: ReplayInputError) {
        for word in ["ERROR", "-", "-", "-", "-", "-"] { cell(word) }
        cell(error.source)
        cell(error.reason)
    }

    /// The aligned lines. The last column (notes) is not padded.
    public func render() -> String {
        var text: [UInt8] = []
        render { text.append(contentsOf: $0) }
        return String(decoding: text, as: UTF8.self)
    }

    /// The aligned lines of `render()`, handed to `write` in pieces of about 128 KB.
    public func render(_ write: (UnsafeBufferPointer<UInt8>) -> Void) {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 17 + 4096)
        bytes.withUnsafeBufferPointer { all in
            var row = 0
            var start = 0
            while row < cells.count {
                let rowCells = cells[row..<row + Self.columns]
                if rowCells.allSatisfy(\.isASCII) {
                    appendASCIILine(rowCells, from: start, of: all, to: &out)
                } else {
                    appendLine(rowCells, from: start, of: all, to: &out)
                }
                start = cells[row + Self.columns - 1].end
                row += Self.columns
                if out.count >= 1 << 17 {
                    out.withUnsafeBufferPointer(write)
                    out.removeAll(keepingCapacity: true)
                }
            }
        }
        if !out.isEmpty { out.withUnsafeBufferPointer(write) }
    }

    /// A row of ASCII cells, where a byte is a `Character`: the cells and their padding copied as
    /// bytes, then the trailing spaces dropped.
    private func appendASCIILine(_ row: ArraySlice<Cell>, from start: Int, of all: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var start = start
        for (i, cell) in zip(0..., row) {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: all[start..<cell.end]))
            if i < Self.columns - 1 { out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: widths[i] - cell.width + 2)) }
            start = cell.end
        }
        while out.last == UInt8(ascii: " ") { out.removeLast() }
        out.append(UInt8(ascii: "\n"))
    }

    /// Any other row, as `String`s, whose trailing spaces are `Character`s (a space can end a larger
    /// one, after a prepended mark).
    private func appendLine(_ row: ArraySlice<Cell>, from start: Int, of all: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var line = ""
        var start = start
        for (i, cell) in zip(0..., row) {
            line += String(decoding: UnsafeBufferPointer(rebasing: all[start..<cell.end]), as: UTF8.self)
            if i < Self.columns - 1 { line += String(repeating: " ", count: widths[i] - cell.width + 2) }
            start = cell.end
        }
        while line.hasSuffix(" ") { line.removeLast() }
        out.append(contentsOf: line.utf8)
        out.append(UInt8(ascii: "\n"))
    }

    // MARK: Cells

    private mutating func cell(_ text: String) {
        write(text)
        endCell()
    }

    /// Appends `text` to the cell being written, escaped for a terminal (`PrintableText`).
    private mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            // A control character is below 0x20, 0x7F, or C1 (0xC2 0x80-0x9F): these bytes say one may
            // be there, and the exact escaping decides.
            if utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }) {
                bytes.append(contentsOf: PrintableText.escape(String(decoding: utf8, as: UTF8.self)).utf8)
            } else {
                bytes.append(contentsOf: utf8)
            }
        }
    }

    /// Ends the cell being written: its width counted, its column widened when it is the widest.
    private mutating func endCell() {
        let cellBytes = bytes[cellStart...]
        let isASCII = cellBytes.allSatisfy { $0 < 0x80 }
        let width = isASCII ? cellBytes.count : String(decoding: cellBytes, as: UTF8.self).count
        let column = cells.count % Self.columns
        if column < Self.columns - 1 { widths[column] = max(widths[column], width) }
        cells.append(Cell(end: bytes.count, width: width, isASCII: isASCII))
        cellStart = bytes.count
    }
}
