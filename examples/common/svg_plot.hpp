#pragma once

// Line charts as a standalone SVG file: a few panels stacked vertically, each with its own
// series, a legend, and both axes labelled and ticked.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace examples {

struct Series {
  std::string label;
  std::string color;
  std::vector<double> values;
  // The x of each value; empty: 1, 2, 3, ... (e.g. training steps).
  std::vector<double> xs = {};
};

struct Panel {
  std::string title;
  std::string x_label;
  std::string y_label;
  std::vector<Series> series;
  bool log_scale = false;  // of the y axis
};

namespace detail {

// The multiples of `step` in [lo, hi].
inline std::vector<double> ticks_every(double lo, double hi, double step) {
  std::vector<double> ticks;
  for (double t = std::ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step)
    ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
  return ticks;
}

// About `count` round values (1, 2 or 5 times a power of ten apart) covering [lo, hi], and at
// least three: a narrow range gets finer steps.
inline std::vector<double> nice_ticks(double lo, double hi, int count) {
  const double raw = (hi - lo) / std::max(count, 1);
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double mantissas[] = {1.0, 2.0, 5.0};
  int m = 0;
  while (mantissas[m] * magnitude < raw) {
    if (++m == 3) {
      m = 0;
      magnitude *= 10;
    }
  }
  std::vector<double> ticks = ticks_every(lo, hi, mantissas[m] * magnitude);
  for (int finer = 0; ticks.size() < 3 && finer < 6; ++finer) {
    if (--m < 0) {
      m = 2;
      magnitude /= 10;
    }
    ticks = ticks_every(lo, hi, mantissas[m] * magnitude);
  }
  return ticks;
}

// Ticks of a log10 axis spanning [lo, hi] (in log10 units), returned in log10 units: 1, 2, 5
// times the powers of ten, or plain round values when the axis spans less than a few of those.
inline std::vector<double> log_ticks(double lo, double hi) {
  std::vector<double> ticks;
  for (double e = std::floor(lo); e <= std::ceil(hi); ++e)
    for (double m : {1.0, 2.0, 5.0}) {
      const double t = e + std::log10(m);
      if (t >= lo - 1e-9 && t <= hi + 1e-9) ticks.push_back(t);
    }
  if (ticks.size() >= 3) return ticks;
  ticks.clear();
  for (double v : nice_ticks(std::pow(10.0, lo), std::pow(10.0, hi), 4))
    if (v > 0) ticks.push_back(std::log10(v));
  return ticks;
}

inline std::string number_text(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", v);
  return text;
}

}  // namespace detail

inline std::string render_svg(const std::vector<Panel>& panels) {
  const double width = 760, panel_height = 300, left = 72, right = 24, top_gap = 36,
               bottom_gap = 52;
  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\""
      << panel_height * static_cast<double>(panels.size())
      << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  for (size_t p = 0; p < panels.size(); ++p) {
    const Panel& panel = panels[p];
    const double top = panel_height * static_cast<double>(p);
    auto transform = [&](double v) { return panel.log_scale ? std::log10(std::max(v, 1e-12)) : v; };
    auto x_of = [](const Series& s, size_t i) {
      return s.xs.empty() ? static_cast<double>(i + 1) : s.xs[i];
    };
    double lo = INFINITY, hi = -INFINITY, x_lo = INFINITY, x_hi = -INFINITY;
    for (const Series& s : panel.series) {
      for (size_t i = 0; i < s.values.size(); ++i) {
        lo = std::min(lo, transform(s.values[i]));
        hi = std::max(hi, transform(s.values[i]));
        x_lo = std::min(x_lo, x_of(s, i));
        x_hi = std::max(x_hi, x_of(s, i));
      }
    }
    if (!(hi > lo)) {
      lo = std::isfinite(lo) ? lo - 1 : 0;
      hi = lo + 2;
    }
    if (!(x_hi > x_lo)) {
      x_lo = std::isfinite(x_lo) ? x_lo - 1 : 0;
      x_hi = x_lo + 2;
    }
    const double x0 = left, x1 = width - right, y0 = top + panel_height - bottom_gap,
                 y1 = top + top_gap;
    auto px = [&](double x) { return x0 + (x1 - x0) * (x - x_lo) / (x_hi - x_lo); };
    auto py = [&](double y) { return y0 - (y0 - y1) * (y - lo) / (hi - lo); };

    svg << "<text x=\"" << x0 << "\" y=\"" << top + 20 << "\" font-size=\"14\">" << panel.title
        << "</text>\n";
    svg << "<rect x=\"" << x0 << "\" y=\"" << y1 << "\" width=\"" << x1 - x0 << "\" height=\""
        << y0 - y1 << "\" fill=\"none\" stroke=\"#444\"/>\n";
    for (double t : detail::nice_ticks(x_lo, x_hi, 6)) {
      svg << "<line x1=\"" << px(t) << "\" y1=\"" << y0 << "\" x2=\"" << px(t) << "\" y2=\""
          << y0 + 5 << "\" stroke=\"#444\"/>\n"
          << "<text x=\"" << px(t) << "\" y=\"" << y0 + 18 << "\" text-anchor=\"middle\">"
          << detail::number_text(t) << "</text>\n";
    }
    const std::vector<double> y_ticks =
        panel.log_scale ? detail::log_ticks(lo, hi) : detail::nice_ticks(lo, hi, 5);
    for (double t : y_ticks) {
      svg << "<line x1=\"" << x0 - 5 << "\" y1=\"" << py(t) << "\" x2=\"" << x1 << "\" y2=\""
          << py(t) << "\" stroke=\"#ddd\"/>\n"
          << "<text x=\"" << x0 - 8 << "\" y=\"" << py(t) + 4 << "\" text-anchor=\"end\">"
          << detail::number_text(panel.log_scale ? std::pow(10.0, t) : t) << "</text>\n";
    }
    svg << "<text x=\"" << (x0 + x1) / 2 << "\" y=\"" << y0 + 38 << "\" text-anchor=\"middle\">"
        << panel.x_label << "</text>\n";
    svg << "<text transform=\"translate(16," << (y0 + y1) / 2
        << ") rotate(-90)\" text-anchor=\"middle\">" << panel.y_label
        << (panel.log_scale ? " (log scale)" : "") << "</text>\n";
    for (size_t k = 0; k < panel.series.size(); ++k) {
      const Series& s = panel.series[k];
      svg << "<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"" << s.color << "\" points=\"";
      for (size_t i = 0; i < s.values.size(); ++i)
        svg << px(x_of(s, i)) << ',' << py(transform(s.values[i])) << ' ';
      svg << "\"/>\n";
      // The legend sits on the title's line, right-aligned, one entry per series.
      const double legend_x = x1 - 120 * static_cast<double>(panel.series.size() - k);
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
