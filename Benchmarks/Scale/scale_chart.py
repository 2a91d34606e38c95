"""Draws the scaling curve from a scale_reads.py result as an SVG: each read's median
time (left) and peak memory (right) against the number of instances, both axes
logarithmic, with `agency --version` as the baseline and the 100 MiB line.

    scale_chart.py scale.json Docs/performance/scaling.svg

Plain SVG written by hand (no plotting library to install); Docs/performance.md shows it.
"""
import json
import math
import sys
from xml.sax.saxutils import escape

COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
          "#bcbd22", "#17becf", "#393b79", "#637939"]
PANEL_W, PANEL_H, MARGIN_L, MARGIN_T, MARGIN_B, GAP, LEGEND_W = 380, 300, 60, 40, 45, 70, 190


def log_ticks(low, high):
    """Powers of ten (and 2, 5 between them when the range is short) covering [low, high]."""
    ticks = []
    exponent = math.floor(math.log10(low))
    while 10 ** exponent <= high * 1.0001:
        for step in (1, 2, 5) if math.log10(high / low) < 3 else (1,):
            value = step * 10 ** exponent
            if low <= value <= high * 1.0001:
                ticks.append(value)
        exponent += 1
    return ticks


def label(value, unit):
    if unit == "s":
        return f"{value:g} s" if value >= 1 else f"{value * 1000:g} ms"
    if unit == "MiB":
        return f"{value:g} MiB"
    return f"{value:,.0f}"


def panel(left, title, series, unit, sizes, extra_line=None):
    values = [v for _, points in series for v in points if v > 0] + ([extra_line[0]] if extra_line else [])
    low = 10 ** math.floor(math.log10(min(values)))
    high = 10 ** math.ceil(math.log10(max(values)))
    x_low, x_high = min(sizes), max(sizes)

    def x(size):
        return left + PANEL_W * (math.log10(size) - math.log10(x_low)) / (math.log10(x_high) - math.log10(x_low))

    def y(value):
        return MARGIN_T + PANEL_H * (1 - (math.log10(value) - math.log10(low)) / (math.log10(high) - math.log10(low)))

    parts = [f'<text x="{left + PANEL_W / 2}" y="{MARGIN_T - 15}" text-anchor="middle" font-weight="bold">'
             f'{escape(title)}</text>',
             f'<rect x="{left}" y="{MARGIN_T}" width="{PANEL_W}" height="{PANEL_H}" fill="none" stroke="#999"/>']
    for tick in log_ticks(low, high):
        parts.append(f'<line x1="{left}" x2="{left + PANEL_W}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#eee"/>')
        parts.append(f'<text x="{left - 5}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="11">'
                     f'{label(tick, unit)}</text>')
    for size in sizes:
        parts.append(f'<line x1="{x(size):.1f}" x2="{x(size):.1f}" y1="{MARGIN_T}" y2="{MARGIN_T + PANEL_H}" stroke="#eee"/>')
        parts.append(f'<text x="{x(size):.1f}" y="{MARGIN_T + PANEL_H + 16}" text-anchor="middle" font-size="11">'
                     f'{size:,}</text>')
    parts.append(f'<text x="{left + PANEL_W / 2}" y="{MARGIN_T + PANEL_H + 34}" text-anchor="middle" font-size="11">'
                 f'instances in the store (log scale)</text>')
    if extra_line:
        value, text = extra_line
        parts.append(f'<line x1="{left}" x2="{left + PANEL_W}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                     f'stroke="#d62728" stroke-dasharray="6 4"/>')
        parts.append(f'<text x="{left + 4}" y="{y(value) - 4:.1f}" text-anchor="start" font-size="11" '
                     f'fill="#d62728">{escape(text)}</text>')
    for index, (name, points) in enumerate(series):
        color = COLORS[index % len(COLORS)]
        dash = ' stroke-dasharray="3 3"' if name == "--version" else ""
        path = " ".join(f"{x(s):.1f},{y(max(v, low)):.1f}" for s, v in zip(sizes, points))
        parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"{dash}/>')
        for s, v in zip(sizes, points):
            parts.append(f'<circle cx="{x(s):.1f}" cy="{y(max(v, low)):.1f}" r="3" fill="{color}"/>')
    return parts


def main():
    source, target = sys.argv[1], sys.argv[2]
    with open(source, encoding="utf-8") as handle:
        results = json.load(handle)["sizes"]
    sizes = [entry["instances"] for entry in results]
    names = list(results[0]["reads"].keys())
    times = [(name, [entry["reads"][name]["seconds"] for entry in results]) for name in names]
    memory = [(name, [entry["reads"][name]["rss"] / 1024 / 1024 for entry in results]) for name in names]
    width = MARGIN_L + PANEL_W + GAP + MARGIN_L + PANEL_W + 20 + LEGEND_W
    height = MARGIN_T + PANEL_H + MARGIN_B + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="white"/>']
    parts += panel(MARGIN_L, "median wall time, agency as a process", times, "s", sizes)
    parts += panel(MARGIN_L + PANEL_W + GAP + MARGIN_L, "peak resident memory", memory, "MiB", sizes,
                   extra_line=(100, "100 MiB target"))
    legend_x = 2 * MARGIN_L + 2 * PANEL_W + GAP + 30
    for index, name in enumerate(names):
        color = COLORS[index % len(COLORS)]
        row = MARGIN_T + 10 + index * 20
        dash = ' stroke-dasharray="3 3"' if name == "--version" else ""
        parts.append(f'<line x1="{legend_x}" x2="{legend_x + 22}" y1="{row}" y2="{row}" stroke="{color}" '
                     f'stroke-width="2"{dash}/>')
        parts.append(f'<text x="{legend_x + 28}" y="{row + 4}">{escape(name)}</text>')
    parts.append("</svg>")
    with open(target, "w", encoding="utf-8") as handle:
        handle.write("\n".join(parts) + "\n")


if __name__ == "__main__":
    main()
