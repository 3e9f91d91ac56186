import JSON

/// Writes each answered review and its response to the capture directory, for `tenantry replay`:
/// `{"time":…,"endpoint":…,"review":{…as received, Secret values redacted…},"response":{…}}`.
///
/// On the event loop only the timestamp is taken and the bytes handed over; parsing, redaction and
/// serialising happen on the writer's thread. Malformed requests are not captured: there is nothing
/// a replay could decide for them.
public struct CaptureObserver: AdmissionObserver {
    public let writer: CaptureWriter

    public init(writer: CaptureWriter) {
        self.writer = writer
    }

    public func admissionCompleted(_ event: AdmissionEvent) {
        if case .malformed = event.result { return }
        let time = WallClock.now()
        let endpoint = event.endpoint
        let request = event.requestBody
        let response = event.responseBody
        writer.enqueue { Self.record(time: time, endpoint: endpoint, request: request, response: response) }
    }

    /// One JSON Lines record (without its newline); nil when either body is not JSON.
    static func record(time: WallClock.Time, endpoint: AdmissionEndpoint, request: [UInt8], response: [UInt8]) -> [UInt8]? {
        guard let review = try? JSONReader.parse(request), let answer = try? JSONReader.parse(response) else { return nil }
        var timestamp: [UInt8] = []
        time.writeRFC3339(into: &timestamp)
        var record = JSONObject()
        record["time"] = .string(String(decoding: timestamp, as: UTF8.self))
        record["endpoint"] = .string(endpoint.rawValue)
        record["review"] = SecretRedaction.redacted(review)
        record["response"] = answer
        return JSONWriter.bytes(.object(record))
    }
}
