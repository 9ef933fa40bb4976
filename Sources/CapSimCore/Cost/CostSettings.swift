/// Prices and labor figures of the cost model (`cost:` in a scenario), all in USD.
///
/// Every default names its source; defaults marked *assumption* have no public figure behind them and are the first
/// numbers to replace with an organization's own. `docs/scenario-reference.md` ("cost") lists the same table.
public struct CostSettings: Sendable, Equatable, Codable {
    /// Fully loaded cost of one engineer-hour, USD/h.
    ///
    /// Default 90: BLS median wage of software developers, May 2023 (132,270 USD/year = 63.59 USD/h), divided by
    /// the wage share of employer cost (70.4 %, BLS ECEC December 2023), 63.59 × 1.42 ≈ 90
    /// (defaults-and-sources §9).
    public var engineerHourlyRateUSD: Double
    /// Fixed platform work per month (control plane, add-ons such as Kubeflow, CI for the platform), engineer-h.
    ///
    /// Default 40 (one engineer-week a month): *assumption*; no public ratio was found (defaults-and-sources §9,
    /// "engineers per N nodes or per cluster: unconfirmed").
    public var platformHoursPerMonth: Double
    /// Routine work per node per month (OS and driver patches, hardware tickets), engineer-h.
    ///
    /// Default 1: *assumption* (no public figure, defaults-and-sources §9).
    public var hoursPerNodePerMonth: Double
    /// Work per node-failure incident (root cause, fix, postmortem), engineer-h.
    ///
    /// Default 6: Google, *Site Reliability Engineering*, ch. 11 "Being On-Call" (~6 h per on-call incident;
    /// defaults-and-sources §9).
    public var hoursPerNodeFailure: Double
    /// Work per cluster upgrade round (planning, API deprecations, add-on compatibility, watching the roll-out),
    /// engineer-h.
    ///
    /// Default 50: *assumption*, near the low end of an anecdotal 4–6 engineer-weeks for a three-region EKS estate
    /// (CNCF blog, May 2026, defaults-and-sources §9), that is about 53–80 h per cluster.
    public var hoursPerUpgrade: Double
    /// Managed control-plane fee, USD per cluster-hour.
    ///
    /// Default 0.10: EKS standard support and the GKE cluster management fee (defaults-and-sources §5.2, §8.2).
    /// Use 0.60 for EKS/GKE extended support or AKS Premium, 0 for AKS Free or a self-managed control plane.
    public var controlPlanePerHourUSD: Double
    /// Price of one GPU-hour of lost work or of capacity out of service, USD/GPU-h; `nil` derives it from the
    /// cluster: Σ pool node-hour prices ÷ Σ pool GPUs over the pools that have GPUs (0 without GPU pools).
    public var gpuHourRateUSD: Double?
    /// Unit prices whose ratio splits a node's price into CPU, memory and GPU (OpenCost spec Appendix A).
    ///
    /// Default: OpenCost `configs/default.json` (0.031611 USD/vCPU-h, 0.004237 USD/GiB-h, 0.95 USD/GPU-h).
    public var baseUnitPrices: CostModel.UnitPrices

    /// Creates settings; every argument defaults to the documented value.
    public init(
        engineerHourlyRateUSD: Double = 90, platformHoursPerMonth: Double = 40, hoursPerNodePerMonth: Double = 1,
        hoursPerNodeFailure: Double = 6, hoursPerUpgrade: Double = 50, controlPlanePerHourUSD: Double = 0.10,
        gpuHourRateUSD: Double? = nil, baseUnitPrices: CostModel.UnitPrices = .openCostDefaults
    ) {
        self.engineerHourlyRateUSD = engineerHourlyRateUSD
        self.platformHoursPerMonth = platformHoursPerMonth
        self.hoursPerNodePerMonth = hoursPerNodePerMonth
        self.hoursPerNodeFailure = hoursPerNodeFailure
        self.hoursPerUpgrade = hoursPerUpgrade
        self.controlPlanePerHourUSD = controlPlanePerHourUSD
        self.gpuHourRateUSD = gpuHourRateUSD
        self.baseUnitPrices = baseUnitPrices
    }
}
