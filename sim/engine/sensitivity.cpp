#include "returnsim/engine/sensitivity.hpp"

#include <limits>
#include <stdexcept>

namespace returnsim::engine {

SobolIndices sobol_indices(const std::vector<double>& y, std::size_t k) {
  const std::size_t block = k + 2;
  if (y.empty() || y.size() % block != 0) {
    throw std::invalid_argument("sobol_indices: expected N blocks of factors + 2 outputs");
  }
  const std::size_t n = y.size() / block;
  auto a = [&](std::size_t j) { return y[j * block]; };
  auto b = [&](std::size_t j) { return y[j * block + k + 1]; };
  auto ab = [&](std::size_t j, std::size_t i) { return y[j * block + 1 + i]; };

  double mean = 0;
  for (std::size_t j = 0; j < n; ++j) mean += a(j) + b(j);
  mean /= static_cast<double>(2 * n);
  double variance = 0;
  for (std::size_t j = 0; j < n; ++j) variance += (a(j) - mean) * (a(j) - mean) + (b(j) - mean) * (b(j) - mean);
  variance /= static_cast<double>(2 * n - (n > 1 ? 1 : 0));

  SobolIndices out;
  out.variance = variance;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = 0; i < k; ++i) {
    double first = 0, total = 0;
    for (std::size_t j = 0; j < n; ++j) {
      // f(B) centred: the same expectation, far less noise when the mean is large against the spread.
      first += (b(j) - mean) * (ab(j, i) - a(j));
      total += (a(j) - ab(j, i)) * (a(j) - ab(j, i));
    }
    first /= static_cast<double>(n);
    total /= 2.0 * static_cast<double>(n);
    out.first_order.push_back(variance > 0 ? first / variance : nan);
    out.total.push_back(variance > 0 ? total / variance : nan);
  }
  return out;
}

}  // namespace returnsim::engine
