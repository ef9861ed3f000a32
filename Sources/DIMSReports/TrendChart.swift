import DIMSCore
import Foundation

/// A metric's series as a small inline SVG chart: a polyline with its minimum and maximum labelled.
enum TrendChart {
    static let width = 240.0
    static let height = 64.0
    private static let plotLeft = 4.0, plotRight = 174.0, plotTop = 8.0, plotBottom = 56.0

    /// The chart's SVG element, or a note when the series has no numbers to draw.
    static func svg(_ series: [Point], label: String) -> String {
        let numeric = series.compactMap { point in point.value.number.map { (time: point.observed.seconds, value: $0) } }
        guard !numeric.isEmpty else { return "<span class=\"muted\">no numeric series</span>" }
        let values = numeric.map(\.value)
        let low = values.min()!, high = values.max()!
        let start = numeric.first!.time, end = numeric.last!.time
        let coordinates = numeric.enumerated().map { index, point in
            let xFraction: Double
            if numeric.count == 1 { xFraction = 0.5 }
            else if end > start { xFraction = (point.time - start) / (end - start) }
            else { xFraction = Double(index) / Double(numeric.count - 1) }
            let yFraction = high > low ? (point.value - low) / (high - low) : 0.5
            return (x: plotLeft + xFraction * (plotRight - plotLeft), y: plotBottom - yFraction * (plotBottom - plotTop))
        }
        let points = coordinates.map { "\(format($0.x)),\(format($0.y))" }.joined(separator: " ")
        let last = coordinates.last!
        let labelX = format(plotRight + 6)
        // Scales down with its column (the viewBox keeps the labels inside), never above its natural size.
        var svg = "<svg class=\"trend\" viewBox=\"0 0 \(format(width)) \(format(height))\" "
        svg += "style=\"width:100%;max-width:\(format(width))px;height:auto\" role=\"img\" aria-label=\"\(HTMLText.escape("Trend of " + label))\">"
        svg += "<title>\(HTMLText.escape("Trend of " + label))</title>"
        if coordinates.count > 1 {
            svg += "<polyline fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" points=\"\(points)\"/>"
        }
        svg += "<circle cx=\"\(format(last.x))\" cy=\"\(format(last.y))\" r=\"2.5\" fill=\"currentColor\"/>"
        svg += "<text class=\"max\" x=\"\(labelX)\" y=\"\(format(plotTop + 4))\">max \(HTMLText.escape(boundText(high, series)))</text>"
        svg += "<text class=\"min\" x=\"\(labelX)\" y=\"\(format(plotBottom + 4))\">min \(HTMLText.escape(boundText(low, series)))</text>"
        return svg + "</svg>"
    }

    /// A bound written like the series' values: grouped integers, or floats.
    private static func boundText(_ bound: Double, _ series: [Point]) -> String {
        let integral = series.allSatisfy { if case .float = $0.value { false } else { true } }
        if integral, abs(bound) < 9e18 { return NumberText.grouped(Int64(bound)) }
        return NumberText.grouped(bound)
    }

    private static func format(_ number: Double) -> String {
        String(format: "%.1f", number)
    }
}
