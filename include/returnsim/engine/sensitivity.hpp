#pragma once
/// @file
/// Variance-based sensitivity from a Saltelli design (engine/sweep_plan.hpp, design sobol).
/// First-order index S_i (Saltelli et al. 2010, eq. b): mean((f(B) - m) (f(AB_i) - f(A))) / V,
/// with f(B) centred on m, the mean over A and B (as SALib does), to keep the estimator's variance low.
/// Total index ST_i (Jansen 1999): mean((f(A) - f(AB_i))^2) / 2 / V.
/// V is the variance of f over the rows of A and B together.
#include <cstddef>
#include <vector>

namespace returnsim::engine {

struct SobolIndices {
  std::vector<double> first_order;  ///< S_i per factor
  std::vector<double> total;        ///< ST_i per factor
  double variance = 0;              ///< V; indices are NaN when V is 0
};

/// `y` holds one output per sampled world in design order (N blocks of k + 2). Throws
/// std::invalid_argument when y's length is not a multiple of k + 2 or is empty.
[[nodiscard]] SobolIndices sobol_indices(const std::vector<double>& y, std::size_t factors);

}  // namespace returnsim::engine
