#pragma once

// Line charts as a standalone SVG file: a few panels stacked vertically, each with its own
// series, axes and legend.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace examples {

struct Series {
  std::string label;
  std::string color;
  std::vector<double> values;
};

struct Panel {
  std::string title;
  std::vector<Series> series;
  bool log_scale = false;
};

inline std::string render_svg(const std::vector<Panel>& panels) {
  const double width = 720, panel_height = 260, margin = 48;
  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\""
      << panel_height * static_cast<double>(panels.size())
      << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  for (size_t p = 0; p < panels.size(); ++p) {
    const Panel& panel = panels[p];
    const double top = panel_height * static_cast<double>(p);
    auto transform = [&](double v) { return panel.log_scale ? std::log10(std::max(v, 1e-12)) : v; };
    double lo = INFINITY, hi = -INFINITY;
    size_t longest = 1;
    for (const Series& s : panel.series) {
      for (double v : s.values) {
        lo = std::min(lo, transform(v));
        hi = std::max(hi, transform(v));
      }
      longest = std::max(longest, s.values.size());
    }
    if (!(hi > lo)) {
      lo -= 1;
      hi += 1;
    }
    const double x0 = margin, x1 = width - margin / 2, y0 = top + panel_height - margin,
                 y1 = top + margin / 1.5;
    svg << "<text x=\"" << x0 << "\" y=\"" << top + 20 << "\" font-size=\"14\">" << panel.title
        << "</text>\n";
    svg << "<line x1=\"" << x0 << "\" y1=\"" << y0 << "\" x2=\"" << x1 << "\" y2=\"" << y0
        << "\" stroke=\"#444\"/>\n";
    svg << "<line x1=\"" << x0 << "\" y1=\"" << y0 << "\" x2=\"" << x0 << "\" y2=\"" << y1
        << "\" stroke=\"#444\"/>\n";
    auto label = [&](double v) {
      std::ostringstream os;
      os.precision(3);
      os << (panel.log_scale ? std::pow(10.0, v) : v);
      return os.str();
    };
    svg << "<text x=\"4\" y=\"" << y0 << "\">" << label(lo) << "</text>\n";
    svg << "<text x=\"4\" y=\"" << y1 + 4 << "\">" << label(hi) << "</text>\n";
    for (size_t k = 0; k < panel.series.size(); ++k) {
      const Series& s = panel.series[k];
      svg << "<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"" << s.color << "\" points=\"";
      for (size_t i = 0; i < s.values.size(); ++i) {
        const double x = x0 + (x1 - x0) * static_cast<double>(i) /
                                  static_cast<double>(std::max<size_t>(longest - 1, 1));
        const double y = y0 - (y0 - y1) * (transform(s.values[i]) - lo) / (hi - lo);
        svg << x << ',' << y << ' ';
      }
      svg << "\"/>\n";
      // The legend sits on the title's line, right-aligned, one entry per series.
      const double legend_x = x1 - 110 * static_cast<double>(panel.series.size() - k);
      svg << "<text x=\"" << legend_x << "\" y=\"" << top + 20 << "\" fill=\"" << s.color
          << "\">&#9644; " << s.label << "</text>\n";
    }
  }
  svg << "</svg>\n";
  return svg.str();
}

inline bool write_svg(const std::string& path, const std::vector<Panel>& panels) {
  std::ofstream out(path);
  out << render_svg(panels);
  return static_cast<bool>(out);
}

}  // namespace examples
