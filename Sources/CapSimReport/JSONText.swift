import CapSimStore
import Foundation

/// Builds deterministic JSON text (sorted keys, pretty-printed) from plain Foundation values.
enum JSONText {
    /// Serializes a JSON object tree of dictionaries, arrays, strings, numbers and `NSNull`.
    ///
    /// - Precondition: `object` holds only JSON-compatible values (a bug otherwise).
    static func render(_ object: Any) -> String {
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard JSONSerialization.isValidJSONObject(object),
            let data = try? JSONSerialization.data(withJSONObject: object, options: options)
        else {
            preconditionFailure("report built a value that is not valid JSON")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// A number, or `null` when missing or not finite (JSON has no NaN or infinity).
    static func number(_ value: Double?) -> Any {
        guard let value, value.isFinite else {
            return NSNull()
        }
        return value
    }

    /// Parses the stored parameters text; falls back to the raw string when it is not JSON.
    static func parameters(_ text: String) -> Any {
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        else {
            return text
        }
        return parsed
    }

    /// The metadata of a run as a JSON object with snake_case keys.
    static func run(_ metadata: RunMetadata, id: Int64?) -> [String: Any] {
        var object: [String: Any] = [
            "scenario": metadata.scenarioName,
            "scenario_description": metadata.scenarioDescription,
            "scenario_hash": metadata.scenarioHash,
            "scenario_path": metadata.scenarioPath,
            "seed": metadata.seed,
            "capsim_version": metadata.capsimVersion,
            "scheduler_semantics": metadata.schedulerSemantics,
            "mode": metadata.mode,
            "wall_time_seconds": number(metadata.wallTimeSeconds),
            "created_at": ValueFormat.iso8601(metadata.createdAt),
            "parameters": parameters(metadata.parameters),
        ]
        object["id"] = id.map { $0 as Any } ?? NSNull()
        return object
    }
}
