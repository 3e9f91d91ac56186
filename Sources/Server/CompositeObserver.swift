/// Tells several observers, in order (metrics and capture).
public struct CompositeObserver: AdmissionObserver {
    public let observers: [any AdmissionObserver]

    public init(_ observers: [any AdmissionObserver]) {
        self.observers = observers
    }

    public func admissionCompleted(_ event: AdmissionEvent) {
        for observer in observers { observer.admissionCompleted(event) }
    }

    public func reloadCompleted(_ event: ReloadEvent) {
        for observer in observers { observer.reloadCompleted(event) }
    }
}
