/// One `matchExpressions` requirement of a node selector term (`v1.NodeSelectorRequirement`).
public struct NodeSelectorRequirement: Sendable, Equatable, Hashable {
    /// Operators of `v1.NodeSelectorOperator`.
    public enum Operator: String, Sendable, Equatable, Hashable, CaseIterable {
        case `in` = "In"
        case notIn = "NotIn"
        case exists = "Exists"
        case doesNotExist = "DoesNotExist"
        case gt = "Gt"
        case lt = "Lt"
    }

    /// Label key.
    public var key: String
    /// Operator.
    public var `operator`: Operator
    /// Values (`In`/`NotIn`: any number; `Gt`/`Lt`: one integer; `Exists`/`DoesNotExist`: none).
    public var values: [String]

    /// Creates a requirement.
    public init(key: String, operator: Operator, values: [String] = []) {
        self.key = key
        self.operator = `operator`
        self.values = values
    }

    /// Whether a node's labels satisfy the requirement (`k8s.io/component-helpers/scheduling/corev1/nodeaffinity`).
    ///
    /// - Parameter labels: Node labels.
    /// - Returns: `true` when satisfied. `Gt`/`Lt` compare the label as an integer; a non-integer label fails.
    public func matches(_ labels: [String: String]) -> Bool {
        let value = labels[key]
        switch self.operator {
        case .in: return value.map { values.contains($0) } ?? false
        case .notIn: return value.map { !values.contains($0) } ?? true
        case .exists: return value != nil
        case .doesNotExist: return value == nil
        case .gt, .lt:
            guard let text = value, let label = Int64(text), let bound = values.first.flatMap({ Int64($0) }) else {
                return false
            }
            return self.operator == .gt ? label > bound : label < bound
        }
    }
}

/// A node selector term: all requirements must hold (an empty term matches nothing, as upstream).
public struct NodeSelectorTerm: Sendable, Equatable, Hashable {
    /// `matchExpressions`, ANDed.
    public var matchExpressions: [NodeSelectorRequirement]

    /// Creates a term.
    public init(matchExpressions: [NodeSelectorRequirement]) {
        self.matchExpressions = matchExpressions
    }

    /// Whether a node's labels satisfy every requirement.
    ///
    /// - Parameter labels: Node labels.
    /// - Returns: `true` when the term matches.
    public func matches(_ labels: [String: String]) -> Bool {
        !matchExpressions.isEmpty && matchExpressions.allSatisfy { $0.matches(labels) }
    }
}

/// `spec.affinity.nodeAffinity` of a pod.
public struct NodeAffinity: Sendable, Equatable, Hashable {
    /// A weighted preference (`preferredDuringSchedulingIgnoredDuringExecution`), weight 1...100.
    public struct Preference: Sendable, Equatable, Hashable {
        /// Weight 1...100.
        public var weight: Int64
        /// The term.
        public var term: NodeSelectorTerm

        /// Creates a preference.
        public init(weight: Int64, term: NodeSelectorTerm) {
            self.weight = weight
            self.term = term
        }
    }

    /// `requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`, ORed; empty = no requirement.
    public var required: [NodeSelectorTerm]
    /// Preferences; the NodeAffinity score of a node is the sum of the weights of the terms it matches,
    /// normalized to 0...100 over the feasible nodes (`DefaultNormalizeScore`).
    public var preferred: [Preference]

    /// Creates an affinity.
    public init(required: [NodeSelectorTerm] = [], preferred: [Preference] = []) {
        self.required = required
        self.preferred = preferred
    }

    /// Whether the required terms admit a node.
    ///
    /// - Parameter labels: Node labels.
    /// - Returns: `true` when there is no requirement or some term matches.
    public func admits(_ labels: [String: String]) -> Bool {
        required.isEmpty || required.contains { $0.matches(labels) }
    }

    /// Raw NodeAffinity score: sum of the weights of matching preferences.
    ///
    /// - Parameter labels: Node labels.
    /// - Returns: The sum (before normalization).
    public func preferenceScore(_ labels: [String: String]) -> Int64 {
        preferred.reduce(0) { $0 + ($1.term.matches(labels) ? $1.weight : 0) }
    }
}
