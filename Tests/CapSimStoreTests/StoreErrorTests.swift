import CapSimStore
import CapSimTestSupport
import Foundation
import Testing

/// `StoreError.kind`: one kind per case, so callers need not match cases or messages.
@Suite struct StoreErrorTests {
    @Test("an unknown run is runNotFound, a foreign file unusableDatabase, a missing folder io")
    func kindsFromTheStore() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try ResultStore(path: scratch.path("capsim.sqlite"))
        let unknown = #expect(throws: StoreError.self) { try store.resolveRun("latest") }
        #expect(unknown?.kind == .runNotFound)

        let garbage = try scratch.write("garbage.sqlite", String(repeating: "not a database\n", count: 100))
        let foreign = #expect(throws: StoreError.self) { try ResultStore(path: garbage) }
        #expect(foreign?.kind == .unusableDatabase)

        let noFolder = #expect(throws: StoreError.self) { try ResultStore(path: scratch.path("none/capsim.sqlite")) }
        #expect(noFolder?.kind == .io)
    }

    @Test(
        "every case has its kind",
        arguments: [
            (StoreError.notADatabase(path: "p"), StoreError.Kind.unusableDatabase),
            (.corrupt(path: "p", detail: "d"), .unusableDatabase),
            (.notCapsimDatabase(path: "p", tables: ["t"]), .unusableDatabase),
            (.newerSchema(path: "p", unknownMigrations: ["m"]), .unusableDatabase),
            (.invalidStoredValue(path: "p", detail: "d"), .unusableDatabase),
            (.cannotOpen(path: "p", detail: "d"), .io),
            (.busy(path: "p", timeoutSeconds: 5), .io),
            (.database(path: "p", operation: "o", detail: "d"), .io),
            (.invalidResult(reason: "r"), .invalidResult),
            (.runNotFound(reference: "9", reason: "r"), .runNotFound),
        ])
    func kindPerCase(_ error: StoreError, _ kind: StoreError.Kind) {
        #expect(error.kind == kind)
    }
}
