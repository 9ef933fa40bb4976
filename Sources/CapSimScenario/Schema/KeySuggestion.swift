/// "Did you mean" suggestions for misspelt keys and words, by Levenshtein distance.
enum KeySuggestion {
    /// The allowed word nearest to `word`, when it is close enough to be a plausible typo.
    ///
    /// A candidate that equals the word ignoring case, or ends with `/<word>` (`gpu` → `nvidia.com/gpu`), wins.
    /// Otherwise a candidate qualifies when its edit distance (compared case-insensitively) is at most
    /// `max(2, word.count / 3)`; the nearest wins and ties go to the earlier candidate.
    ///
    /// - Parameters:
    ///   - word: The unknown word.
    ///   - candidates: Allowed words.
    /// - Returns: The nearest allowed word, or `nil`.
    static func nearest(to word: String, in candidates: [String]) -> String? {
        let lower = word.lowercased()
        if let qualified = candidates.first(where: {
            $0.lowercased() == lower || $0.lowercased().hasSuffix("/\(lower)")
        }) {
            return qualified
        }
        let limit = max(2, word.count / 3)
        var best: (word: String, distance: Int)?
        for candidate in candidates {
            let distance = levenshtein(word.lowercased(), candidate.lowercased())
            if distance <= limit, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.word
    }

    /// The message for an unknown mapping key: the suggestion, if any, then the allowed keys.
    static func unknownKeyMessage(_ key: String, allowed: [String]) -> String {
        var message = "unknown key `\(key)`"
        if let near = nearest(to: key, in: allowed) { message += "; did you mean `\(near)`?" }
        return message + (message.hasSuffix("?") ? " " : ". ") + "Allowed keys here: \(allowed.joined(separator: ", "))"
    }

    /// Edit distance (insertions, deletions, substitutions) between two strings, over characters.
    ///
    /// - Complexity: O(*m* × *n*) time, O(*n*) space.
    static func levenshtein(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
