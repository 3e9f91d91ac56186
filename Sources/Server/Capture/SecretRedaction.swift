import JSON

/// Secrets' values never reach a capture file: in a review of a core-group `Secret`, every value of
/// `data` and `stringData` in `object` and `oldObject` becomes "REDACTED" (keys kept, so a replay
/// still sees which keys were there; the rules never read the values).
public enum SecretRedaction {
    public static let placeholder: JSON = .string("REDACTED")

    /// The review with Secret values replaced; any other review unchanged.
    public static func redacted(_ review: JSON) -> JSON {
        guard case .object(var envelope) = review, case .object(var request)? = envelope["request"],
            isCoreSecret(request)
        else { return review }
        for side in ["object", "oldObject"] {
            guard case .object(var object)? = request[side] else { continue }
            for field in ["data", "stringData"] {
                guard case .object(let values)? = object[field] else { continue }
                object[field] = .object(JSONObject(values.members.map { .init(key: $0.key, value: placeholder) }))
            }
            request[side] = .object(object)
        }
        envelope["request"] = .object(request)
        return .object(envelope)
    }

    /// `request.kind` is the authority; a `Secret` object in the payload is checked too in case a
    /// review carries a kind the server does not expect (redacting too much is harmless).
    private static func isCoreSecret(_ request: JSONObject) -> Bool {
        if let kind = request["kind"], kind["kind"]?.stringValue == "Secret", (kind["group"]?.stringValue ?? "") == "" {
            return true
        }
        for side in ["object", "oldObject"] {
            if let object = request[side], object["kind"]?.stringValue == "Secret",
                (object["apiVersion"]?.stringValue ?? "v1") == "v1"
            {
                return true
            }
        }
        return false
    }
}
