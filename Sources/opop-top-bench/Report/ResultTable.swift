/// Prints the machine and the figures as one plain-text table.
func printTable(_ figures: [Figure], machine: Machine) {
    print("machine: \(machine.cpuModel), \(machine.cores) cores")
    print("swift:   \(machine.swiftVersion)")
    print("build:   \(machine.buildConfiguration)")
    print("date:    \(machine.date)")
    print("")

    let header = ["case", "figure", "value", "unit", "target", "result", "detail"]
    let rows = figures.map { figure in
        [
            figure.caseName, figure.name, figure.value.map(formatFigure) ?? "-", figure.unit,
            figure.target?.text ?? "", figure.verdict, figure.detail,
        ]
    }
    var widths = header.map(\.count)
    for row in rows {
        for column in 0..<(row.count - 1) {
            widths[column] = max(widths[column], row[column].count)
        }
    }

    func line(_ cells: [String]) -> String {
        var text = ""
        for (column, cell) in cells.enumerated() {
            if column == cells.count - 1 {
                text += cell
            } else {
                text += cell + String(repeating: " ", count: widths[column] - cell.count + 2)
            }
        }
        return text
    }

    print(line(header))
    for row in rows {
        print(line(row))
    }
}
