#pragma once
/// @file
/// Statistics of a run over a window of reported months, for the whole EU or restricted to one
/// origin's nationals and/or one member state: what calibration targets and held-out checks
/// compare with published figures (scenario/calibration.hpp). One table: each statistic is a sum
/// of per-pair series over the window, divided by another such sum (a rate or share) or by the
/// number of runs (people over the window: a mean over runs). Runs pool by summing numerators and
/// denominators, so a rate over replications is the rate of their totals, as Eurostat's are.
#include <cstddef>
#include <string_view>
#include <vector>

#include "returnsim/engine/run_result.hpp"

namespace returnsim::engine {

struct WindowStatistic {
  std::string_view name;
  std::string_view units;
  std::string_view description;
  std::vector<model::PairSeries> numerator;
  std::vector<model::PairSeries> denominator;  ///< empty: people over the window (mean over runs)
};

/// The rates and shares (return_rate, voluntary_share, absconded_share), the sums of returns
/// (returns, forced_returns, voluntary_returns), then every per-pair series of the output by its
/// own name (orders_to_leave, travel_documents_issued, ...).
[[nodiscard]] const std::vector<WindowStatistic>& window_statistics();
/// The statistic called `name`, or null.
[[nodiscard]] const WindowStatistic* find_window_statistic(std::string_view name);

/// The numerator and denominator of one run's statistic (the denominator of a sum is 1).
struct StatisticParts {
  double numerator = 0;
  double denominator = 0;
  StatisticParts& operator+=(const StatisticParts& other) {
    numerator += other.numerator;
    denominator += other.denominator;
    return *this;
  }
  /// numerator / denominator; NaN when the denominator is 0.
  [[nodiscard]] double value() const;
};

/// Where and when: reported months [first_month, last_month], origin and member state indices
/// (-1: all).
struct StatisticWindow {
  int first_month = 0, last_month = 0;
  std::ptrdiff_t origin = -1, member_state = -1;
};

/// `statistic` of `run` over `window`. The window must lie within the run's months.
[[nodiscard]] StatisticParts window_parts(const RunResult& run, const WindowStatistic& statistic,
                                          const StatisticWindow& window);

}  // namespace returnsim::engine
