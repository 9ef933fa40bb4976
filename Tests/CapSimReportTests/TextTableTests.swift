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

@Suite struct DisplayWidthTests {
    @Test(
        "display width: ASCII 1, CJK and fullwidth 2, combining marks 0, emoji 2",
        arguments: [
            ("abc", 3), ("", 0), ("日本語", 6), ("한국어", 6), ("ｆｕｌｌ", 8), ("カナ", 4), ("e\u{301}", 1),
            ("Ünïcödé", 7), ("a\u{200B}b", 2), ("🚀", 2), ("❤️", 2), ("x-测试-1", 8), ("Ωμέγα", 5),
        ])
    func width(_ text: String, _ expected: Int) {
        #expect(DisplayWidth.of(text) == expected, "\(text)")
    }

    @Test("a table with CJK cells pads by display width, so columns line up on screen")
    func cjkColumns() {
        var table = TextTable(columns: [.init("id", alignment: .right), .init("scenario"), .init("seed")])
        table.append(["1", "训练集群", "42"])
        table.append(["2", "quickstart", "7"])
        table.append(["3", "e\u{301}te\u{301}", "1"])

        let lines = table.render().split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "id  scenario    seed",
                "--  ----------  ----",
                " 1  训练集群    42",
                " 2  quickstart  7",
                " 3  e\u{301}te\u{301}         1",
            ])
        // The seed column starts at the same screen column (16) on every line.
        for line in lines {
            let seed = line.split(separator: " ").last ?? ""
            #expect(DisplayWidth.of(String(line.dropLast(seed.count))) == 16, "\(line)")
        }
    }

    @Test(
        "truncated(_:toColumns:) keeps what fits and ends in …, counting display columns",
        arguments: [
            ("scenario", 8, "scenario"), ("scenario", 7, "scenar…"), ("scenario", 1, "…"), ("scenario", 0, ""),
            ("scenario", -3, ""), ("训练集群", 8, "训练集群"), ("训练集群", 7, "训练集…"), ("训练集群", 6, "训练…"),
            ("e\u{301}te\u{301}", 2, "e\u{301}…"), ("", 0, ""),
        ])
    func truncated(_ text: String, _ columns: Int, _ expected: String) {
        let result = DisplayWidth.truncated(text, toColumns: columns)
        #expect(result == expected)
        #expect(DisplayWidth.of(result) <= max(columns, 0))
    }
}
