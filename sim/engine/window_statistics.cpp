#include "returnsim/engine/window_statistics.hpp"

#include <limits>
#include <string>

namespace returnsim::engine {

const std::vector<WindowStatistic>& window_statistics() {
  using model::PairSeries;
  static const std::vector<WindowStatistic> table = [] {
    std::vector<WindowStatistic> t = {
        {"return_rate", "1", "returns (voluntary + forced) / orders to leave in the window",
         {PairSeries::returns_voluntary, PairSeries::returns_forced}, {PairSeries::orders_to_leave}},
        {"voluntary_share", "1", "voluntary returns / all returns in the window", {PairSeries::returns_voluntary},
         {PairSeries::returns_voluntary, PairSeries::returns_forced}},
        {"absconded_share", "1", "absconded / (absconded + returned) in the window: share of closed cases",
         {PairSeries::absconded}, {PairSeries::absconded, PairSeries::returns_voluntary, PairSeries::returns_forced}},
        {"returns", "people", "returns (voluntary + forced) over the window",
         {PairSeries::returns_voluntary, PairSeries::returns_forced}, {}},
        {"forced_returns", "people", "forced returns over the window", {PairSeries::returns_forced}, {}},
        {"voluntary_returns", "people", "voluntary returns over the window", {PairSeries::returns_voluntary}, {}},
    };
    for (const auto& variable : output_variables()) {
      if (const auto* series = std::get_if<PairSeries>(&variable.values)) {
        t.push_back({variable.name, "1", variable.description, {*series}, {}});
      }
    }
    return t;
  }();
  return table;
}

const WindowStatistic* find_window_statistic(std::string_view name) {
  for (const auto& s : window_statistics()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

double StatisticParts::value() const {
  return denominator != 0 ? numerator / denominator : std::numeric_limits<double>::quiet_NaN();
}

namespace {
double window_sum(const RunResult& run, const std::vector<model::PairSeries>& series, const StatisticWindow& w) {
  double sum = 0;
  const std::size_t pairs = run.origins * run.states;
  for (const auto s : series) {
    const std::vector<std::int32_t>& values = run.series(s);
    for (int t = w.first_month; t <= w.last_month; ++t) {
      const std::int32_t* month = values.data() + static_cast<std::size_t>(t) * pairs;
      for (std::size_t o = 0; o < run.origins; ++o) {
        if (w.origin >= 0 && static_cast<std::size_t>(w.origin) != o) continue;
        for (std::size_t st = 0; st < run.states; ++st) {
          if (w.member_state >= 0 && static_cast<std::size_t>(w.member_state) != st) continue;
          sum += month[o * run.states + st];
        }
      }
    }
  }
  return sum;
}
}  // namespace

StatisticParts window_parts(const RunResult& run, const WindowStatistic& statistic, const StatisticWindow& window) {
  if (window.first_month < 0 || window.last_month < window.first_month ||
      static_cast<std::size_t>(window.last_month) >= run.months) {
    throw ModelError("window of months " + std::to_string(window.first_month) + "-" + std::to_string(window.last_month) +
                     " outside the run's " + std::to_string(run.months) + " months");
  }
  StatisticParts parts;
  parts.numerator = window_sum(run, statistic.numerator, window);
  parts.denominator = statistic.denominator.empty() ? 1.0 : window_sum(run, statistic.denominator, window);
  return parts;
}

}  // namespace returnsim::engine
