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

/// Waits for an event of constant monthly probability `p`: the months without the event before it
/// happens (geometric: P(k) = (1 - p)^k p), from one uniform `u` in [0, 1) each; kNever when p is
/// 0. log(1 - p) is taken once, for all the waits drawn with it.
class GeometricWaits {
 public:
  GeometricWaits() = default;
  explicit GeometricWaits(double p) noexcept : p_(p), log_no_event_(p > 0 && p < 1 ? std::log1p(-p) : 0.0) {}
  [[nodiscard]] std::uint32_t months(double u) const noexcept {
    if (!(p_ > 0)) return kNever;
    if (p_ >= 1) return 0;
    // 1 - u lies in (0, 1] and is exact (u has 53 bits): the logarithm is finite, and log is
    // cheaper than log1p.
    const double failures = std::floor(std::log(1.0 - u) / log_no_event_);
    return failures >= 4.0e9 ? kNever : static_cast<std::uint32_t>(failures);
  }

 private:
  double p_ = 0;
  double log_no_event_ = 0;
};

/// One wait for an event of constant monthly probability `p` (GeometricWaits).
[[nodiscard]] inline std::uint32_t months_without_event(double p, double u) noexcept { return GeometricWaits(p).months(u); }

}  // namespace returnsim::model
