#pragma once
/// @file
/// Monthly hazards as competing risks. The model's rates are hazards per month of continuous time.
/// When a person faces several events in one month, the chance that any happens is
/// 1 - exp(-sum of hazards), shared among the events in proportion to their hazards; so for every
/// allowed value of every rate the probabilities lie in [0, 1] and add up to at most 1.
#include <array>
#include <cmath>
#include <cstdint>
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

/// Marks a wait with no end: the event has probability 0.
inline constexpr std::uint32_t kNever = 0xffffffffu;

/// Months without the event before it happens, for an event of constant monthly probability `p`
/// (geometric: P(k) = (1 - p)^k p), from one uniform `u` in [0, 1); kNever when p is 0.
[[nodiscard]] inline std::uint32_t months_without_event(double p, double u) noexcept {
  if (!(p > 0)) return kNever;
  if (p >= 1) return 0;
  // 1 - u lies in (0, 1]: the logarithm is finite.
  const double failures = std::floor(std::log1p(-u) / std::log1p(-p));
  return failures >= 4.0e9 ? kNever : static_cast<std::uint32_t>(failures);
}

}  // namespace returnsim::model
