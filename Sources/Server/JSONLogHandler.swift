import JSON
import Logging
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// swift-log output as JSON Lines: one object per event with `ts` (RFC 3339, UTC, milliseconds),
/// `level`, `msg`, then the metadata flattened (`tls.subject` for `["tls": ["subject": …]]`), keys
/// sorted so lines diff well. Log collectors (Loki, Cloud Logging, Elastic) read this without any
/// parsing rules.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let sink: LogSink

    public init(level: Logger.Level = .info, sink: LogSink = .standardError, metadataProvider: Logger.MetadataProvider? = nil) {
        self.logLevel = level
        self.sink = sink
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let own = event.metadata { merged.merge(own) { $1 } }
        if let error = event.error { merged["error"] = .string(String(describing: error)) }
        sink.write(Self.line(level: event.level, message: event.message.description, metadata: merged, time: WallClock.now()))
    }

    /// The bytes of one line, newline included.
    static func line(level: Logger.Level, message: String, metadata: Logger.Metadata, time: WallClock.Time) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128 + message.utf8.count)
        out.append(contentsOf: #"{"ts":""#.utf8)
        time.writeRFC3339(into: &out)
        out.append(contentsOf: #"","level":""#.utf8)
        out.append(contentsOf: level.rawValue.utf8)
        out.append(contentsOf: #"","msg":"#.utf8)
        JSONWriter.writeString(message, into: &out)
        var flat: [(key: String, value: Logger.MetadataValue)] = []
        flatten(metadata, prefix: "", into: &flat)
        for (key, value) in flat.sorted(by: { $0.key < $1.key }) {
            out.append(UInt8(ascii: ","))
            // The three fixed members keep their meaning: metadata named like them is set apart.
            JSONWriter.writeString(reservedKeys.contains(key) ? "meta." + key : key, into: &out)
            out.append(UInt8(ascii: ":"))
            writeValue(value, into: &out)
        }
        out.append(contentsOf: "}\n".utf8)
        return out
    }

    private static let reservedKeys: Set<String> = ["ts", "level", "msg"]

    private static func flatten(_ metadata: Logger.Metadata, prefix: String, into flat: inout [(key: String, value: Logger.MetadataValue)]) {
        for (key, value) in metadata {
            if case .dictionary(let nested) = value, !nested.isEmpty {
                flatten(nested, prefix: prefix + key + ".", into: &flat)
            } else {
                flat.append((prefix + key, value))
            }
        }
    }

    /// Strings as strings, integers and booleans as JSON numbers and booleans, arrays and nested
    /// dictionaries (inside arrays) as JSON.
    private static func writeValue(_ value: Logger.MetadataValue, into out: inout [UInt8]) {
        switch value {
        case .string(let text):
            JSONWriter.writeString(text, into: &out)
        case .stringConvertible(let convertible):
            if convertible is any BinaryInteger || convertible is Bool {
                out.append(contentsOf: convertible.description.utf8)
            } else {
                JSONWriter.writeString(convertible.description, into: &out)
            }
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeValue(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .dictionary(let members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                writeValue(member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}

/// Where log lines go. Each call gets one whole line; lines from different threads never interleave.
public struct LogSink: Sendable {
    private let body: @Sendable ([UInt8]) -> Void

    public init(_ body: @escaping @Sendable ([UInt8]) -> Void) {
        self.body = body
    }

    public func write(_ line: [UInt8]) { body(line) }

    /// Standard error, unbuffered: each line is written (retrying partial writes) under one lock, so a
    /// crash loses no line that was logged before it.
    public static let standardError = LogSink { line in
        standardErrorLock.withLock {
            line.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return }
                var offset = 0
                while offset < raw.count {
                    let written = writeStandardError(base + offset, raw.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return
                    }
                    offset += written
                }
            }
        }
    }

    private static let standardErrorLock = NIOLock()
}

/// `write(2)` to standard error, named apart from `LogSink.write`.
private func writeStandardError(_ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(STDERR_FILENO, bytes, count)
}

/// The real-time clock, for log timestamps (never for measuring durations: it can jump).
enum WallClock {
    struct Time {
        var seconds: Int
        var nanoseconds: Int

        /// `2026-11-27T09:04:05.123Z`
        func writeRFC3339(into out: inout [UInt8]) {
            var time = time_t(seconds)
            var fields = tm()
            guard gmtime_r(&time, &fields) != nil else {
                out.append(contentsOf: "1970-01-01T00:00:00.000Z".utf8)
                return
            }
            func digits(_ value: Int, _ count: Int) {
                var divisor = 1
                for _ in 1..<count { divisor *= 10 }
                var value = max(0, value)
                while divisor > 0 {
                    out.append(UInt8(ascii: "0") + UInt8((value / divisor) % 10))
                    value %= divisor
                    divisor /= 10
                }
            }
            digits(Int(fields.tm_year) + 1900, 4)
            out.append(UInt8(ascii: "-"))
            digits(Int(fields.tm_mon) + 1, 2)
            out.append(UInt8(ascii: "-"))
            digits(Int(fields.tm_mday), 2)
            out.append(UInt8(ascii: "T"))
            digits(Int(fields.tm_hour), 2)
            out.append(UInt8(ascii: ":"))
            digits(Int(fields.tm_min), 2)
            out.append(UInt8(ascii: ":"))
            digits(Int(fields.tm_sec), 2)
            out.append(UInt8(ascii: "."))
            digits(nanoseconds / 1_000_000, 3)
            out.append(UInt8(ascii: "Z"))
        }
    }

    static func now() -> Time {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Time(seconds: Int(spec.tv_sec), nanoseconds: Int(spec.tv_nsec))
    }
}
