import GRDB

extension StoreError {
    /// Converts any error raised while using the database at `path` to a `StoreError`.
    ///
    /// - Parameters:
    ///   - error: The error to convert; a `StoreError` is returned unchanged.
    ///   - path: Database file path, for the message.
    ///   - operation: What the store was doing, for example `save the run`.
    /// - Returns: The most specific `StoreError` for the failure.
    static func wrapping(_ error: any Error, path: String, operation: String) -> StoreError {
        if let storeError = error as? StoreError {
            return storeError
        }
        guard let databaseError = error as? DatabaseError else {
            return .database(path: path, operation: operation, detail: "\(error)")
        }
        let detail = databaseError.message ?? "\(databaseError.resultCode)"
        switch databaseError.resultCode {
        case .SQLITE_NOTADB:
            return .notADatabase(path: path)
        case .SQLITE_CORRUPT:
            return .corrupt(path: path, detail: detail)
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            return .cannotOpen(path: path, detail: detail)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .busy(path: path, timeoutSeconds: ResultStore.busyTimeoutSeconds)
        default:
            return .database(path: path, operation: operation, detail: detail)
        }
    }
}
