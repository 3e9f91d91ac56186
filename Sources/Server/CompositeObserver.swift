/// Tells several observers, in order (metrics and capture).
public struct CompositeObserver: AdmissionObserver {
    public let observers: [any AdmissionObserver]

    public init(_ observers: [any AdmissionObserver]) {
        self.observers = observers
    }

    /// `observers` as one observer, without the ones that observe nothing: a single observer is
    /// told directly, not through a composite (each request tells it once).
    public static func combining(_ observers: [any AdmissionObserver]) -> any AdmissionObserver {
        let observing = observers.filter { !($0 is NoAdmissionObserver) }
        switch observing.count {
        case 0: return NoAdmissionObserver()
        case 1: return observing[0]
        default: return CompositeObserver(observing)
        }
    }

    public func admissionCompleted(_ event: AdmissionEvent) {
        for observer in observers { observer.admissionCompleted(event) }
    }

    public func reloadCompleted(_ event: ReloadEvent) {
        for observer in observers { observer.reloadCompleted(event) }
    }
}
