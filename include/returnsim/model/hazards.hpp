#pragma once
/// @file
/// Monthly hazards as competing risks. The model's rates are hazards per month of continuous time.
/// When a person faces several events in one month, the chance that any happens is
/// 1 - exp(-sum of hazards), shared among the events in proportion to their hazards; so for every
/// allowed value of every rate the probabilities lie in [0, 1] and add up to at most 1.
#include <array>
#include <cmath>
#include <cstddef>

namespace returnsim::model {

/// The probability of at least one event in a month at hazard `rate` (per month).
[[nodiscard]] inline double monthly_probability(double rate) noexcept { return rate > 0 ? -std::expm1(-rate) : 0.0; }

/// Cumulative thresholds for one uniform number u in [0, 1): event k happens when
/// threshold[k-1] <= u < threshold[k] (threshold[-1] = 0); none when u >= threshold[K-1].
template <std::size_t K>
[[nodiscard]] std::array<double, K> competing_thresholds(const std::array<double, K>& hazards) noexcept {
  double total = 0;
  for (double h : hazards) total += h;
  std::array<double, K> cumulative{};
  const double any = monthly_probability(total);
  double running = 0;
  for (std::size_t k = 0; k < K; ++k) {
    running += hazards[k];
    cumulative[k] = total > 0 ? any * (running / total) : 0.0;
  }
  return cumulative;
}

}  // namespace returnsim::model
