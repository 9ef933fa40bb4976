import CapSimStore
import Foundation

/// Builds deterministic JSON text (sorted keys, pretty-printed) from plain Foundation values.
enum JSONText {
    /// Serializes a JSON object tree of dictionaries, arrays, strings, numbers and `NSNull`.
    ///
    /// JSON itself requires C0 controls in strings to be escaped (ESC becomes `\u001b`); DEL, the C1 controls,
    /// bidirectional formatting characters and line separators are valid raw in JSON, but would act on a terminal
    /// that the JSON is printed on, so they are written as `\uXXXX` escapes too. A parser reads back the same text.
    ///
    /// - Precondition: `object` holds only JSON-compatible values (a bug otherwise).
    static func render(_ object: Any) -> String {
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard JSONSerialization.isValidJSONObject(object),
            let data = try? JSONSerialization.data(withJSONObject: object, options: options)
        else {
            preconditionFailure("report built a value that is not valid JSON")
        }
        return escapingTerminalControls(String(decoding: data, as: UTF8.self))
    }

    /// JSON text with every character `TerminalText` escapes, but the pretty-printer's newlines, as `\uXXXX`.
    ///
    /// Outside strings, serialized JSON holds only ASCII punctuation, digits, letters, spaces and newlines, so
    /// every other such character sits inside a string, where a `\uXXXX` escape stands for the same character.
    private static func escapingTerminalControls(_ json: String) -> String {
        func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
            scalar != "\n" && TerminalText.needsEscape(scalar)
        }
        guard json.unicodeScalars.contains(where: needsEscape) else {
            return json
        }
        var result = ""
        result.reserveCapacity(json.utf8.count + 16)
        for scalar in json.unicodeScalars {
            if needsEscape(scalar) {
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
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
