#include "returnsim/util/rng.hpp"

#include <cmath>

namespace returnsim {

std::uint64_t poisson(const EntityDraws& draws, Purpose purpose, double mean) noexcept {
  if (!(mean > 0.0)) return 0;
  if (mean > 64.0) {
    // Box-Muller normal approximation with continuity correction; error is negligible at this mean.
    const double u1 = 1.0 - draws.uniform(purpose, 0);  // (0, 1]
    const double u2 = draws.uniform(purpose, 1);
    const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
    const double x = std::floor(mean + std::sqrt(mean) * z + 0.5);
    return x < 0.0 ? 0 : static_cast<std::uint64_t>(x);
  }
  // Inversion: walk the cumulative distribution (at most ~ mean + 10 sqrt(mean) steps).
  const double u = draws.uniform(purpose, 0);
  double p = std::exp(-mean);
  double cumulative = p;
  std::uint64_t k = 0;
  while (u > cumulative && k < 1000) {
    ++k;
    p *= mean / static_cast<double>(k);
    cumulative += p;
  }
  return k;
}

}  // namespace returnsim
