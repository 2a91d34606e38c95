import Foundation

/// Small server-drawn SVG charts (no script, no library to ship to the browser), for the
/// web workplace's pages, the printed 周例会 paper and the reports' HTML. Every text placed
/// in them is escaped here; numbers are formatted by the caller.
public enum SVGChart {
    /// One horizontal bar: its label on the left, `text` (the value as shown) on the right.
    public struct Bar: Sendable {
        public var label: String
        public var value: Double
        public var text: String
        public var color: String

        public init(label: String, value: Double, text: String, color: String) {
            self.label = label
            self.value = value
            self.text = text
            self.color = color
        }
    }

    /// Horizontal bars, one per row, labelled on the left and with their value on the right.
    /// Bars are scaled to `maximum` when given (100 for percentages), else to the largest;
    /// `right` is the room left for the longest value text.
    public static func bars(_ bars: [Bar], title: String, width: Int = 560, right: Int = 90,
                            maximum: Double? = nil) -> String {
        let row = 30, left = 110
        let height = bars.count * row + 10
        let largest = max(maximum ?? bars.map(\.value).max() ?? 1, 1)
        var svg = open(width: width, height: height, title: title)
        for (index, bar) in bars.enumerated() {
            let y = index * row + 6
            let length = Int(Double(width - left - right) * min(bar.value, largest) / largest)
            svg += text(x: left - 8, y: y + 16, bar.label, anchor: "end")
            svg += "<rect x=\"\(left)\" y=\"\(y)\" width=\"\(max(length, bar.value > 0 ? 2 : 0))\" height=\"20\" rx=\"3\" fill=\"\(bar.color)\"/>"
            svg += text(x: left + length + 6, y: y + 16, bar.text, anchor: "start")
        }
        return svg + "</svg>"
    }

    /// Two horizontal bars per row (期初 above, 期末 below, say), each with its value text,
    /// and a legend naming the two; all bars share one scale.
    public static func pairs(_ rows: [(label: String, first: Double, firstText: String, second: Double, secondText: String)],
                             names: (String, String), colors: (String, String), title: String,
                             width: Int = 560, right: Int = 110) -> String {
        let row = 44, left = 110, top = 26
        let height = top + rows.count * row + 6
        let largest = max(rows.map { max($0.first, $0.second) }.max() ?? 1, 1)
        func length(_ value: Double) -> Int { Int(Double(width - left - right) * min(value, largest) / largest) }
        var svg = open(width: width, height: height, title: title)
        svg += "<rect x=\"\(left)\" y=\"4\" width=\"12\" height=\"12\" fill=\"\(colors.0)\"/>"
        svg += text(x: left + 18, y: 15, names.0, anchor: "start")
        svg += "<rect x=\"\(left + 90)\" y=\"4\" width=\"12\" height=\"12\" fill=\"\(colors.1)\"/>"
        svg += text(x: left + 108, y: 15, names.1, anchor: "start")
        for (index, item) in rows.enumerated() {
            let y = top + index * row
            svg += text(x: left - 8, y: y + 24, item.label, anchor: "end")
            for (offset, value, shown, color) in [(0, item.first, item.firstText, colors.0),
                                                  (19, item.second, item.secondText, colors.1)] {
                let bar = length(value)
                svg += "<rect x=\"\(left)\" y=\"\(y + offset)\" width=\"\(max(bar, value > 0 ? 2 : 0))\" height=\"16\" "
                    + "rx=\"2\" fill=\"\(color)\"/>"
                svg += text(x: left + bar + 6, y: y + offset + 13, shown, anchor: "start")
            }
        }
        return svg + "</svg>"
    }

    /// A line over weeks with a dot and a value at each point; the vertical scale runs
    /// from 0 to `maximum` when given (100 for percentages), else to the largest value.
    /// With more than 16 points only every n-th label and value is written, so they
    /// never overlap; every point keeps its dot.
    public static func line(_ points: [(label: String, value: Double, text: String)], title: String, color: String,
                            width: Int = 560, height: Int = 200, maximum: Double? = nil) -> String {
        let left = 30, right = 30, top = 24, bottom = 36
        let largest = max(maximum ?? points.map(\.value).max() ?? 1, 1)
        let step = points.count > 1 ? Double(width - left - right) / Double(points.count - 1) : 0
        let every = max(1, (points.count + 15) / 16)
        func x(_ index: Int) -> Int { left + Int(step * Double(index)) }
        func y(_ value: Double) -> Int { top + Int(Double(height - top - bottom) * (1 - min(value, largest) / largest)) }
        var svg = open(width: width, height: height, title: title)
        svg += "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - right)\" y2=\"\(height - bottom)\" stroke=\"#8a94a3\"/>"
        let path = points.enumerated().map { "\(x($0.offset)),\(y($0.element.value))" }.joined(separator: " ")
        svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2.5\"/>"
        for (index, point) in points.enumerated() {
            svg += "<circle cx=\"\(x(index))\" cy=\"\(y(point.value))\" r=\"4\" fill=\"\(color)\"/>"
            guard index % every == 0 || index == points.count - 1 else { continue }
            svg += text(x: x(index), y: y(point.value) - 9, point.text, anchor: "middle")
            svg += text(x: x(index), y: height - bottom + 18, point.label, anchor: "middle")
        }
        return svg + "</svg>"
    }

    private static func open(width: Int, height: Int, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" "
            + "aria-label=\"\(escape(title))\" class=\"chart\"><title>\(escape(title))</title>"
    }

    private static func text(x: Int, y: Int, _ content: String, anchor: String) -> String {
        "<text x=\"\(x)\" y=\"\(y)\" text-anchor=\"\(anchor)\" font-size=\"13\" fill=\"#1f2329\">\(escape(content))</text>"
    }

    static func escape(_ text: String) -> String { WeeklyReport.escape(text) }
}
