/// Version strings recorded with every stored run.
public enum CapSimVersion {
    /// capsim release.
    public static let current = "0.1.0"
    /// The scheduling semantics a run follows; bumps whenever a placement decision could change.
    public static let schedulerSemantics = "kube-scheduler v1.36 subset (capsim semantics 1)"
}
