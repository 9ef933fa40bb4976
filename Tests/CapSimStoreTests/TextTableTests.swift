import CapSimReport
import Testing

@Suite struct TextTableTests {
    @Test("a 2x2 table renders header, dashes and aligned cells without trailing spaces")
    func twoByTwo() {
        var table = TextTable(columns: [.init("name"), .init("value", alignment: .right)])
        table.append(["a", "1"])
        table.append(["bbbbbb", "22"])

        #expect(
            table.render() == """
                name    value
                ------  -----
                a           1
                bbbbbb     22
                """
        )
    }

    @Test("a short row is padded and the last left-aligned column leaves no trailing spaces")
    func shortRow() {
        var table = TextTable(columns: [.init("id", alignment: .right), .init("scenario")])
        table.append(["12", "a-long-scenario"])
        table.append(["3"])

        #expect(table.render() == "id  scenario\n--  ---------------\n12  a-long-scenario\n 3")
    }
}
