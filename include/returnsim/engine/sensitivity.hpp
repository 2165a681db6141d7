#pragma once
/// @file
/// Variance-based sensitivity from a Saltelli design (engine/sweep_plan.hpp, design sobol), with
/// the conventions of SALib's `sobol.analyze(..., calc_second_order=False)` (src/SALib/analyze/
/// sobol.py, read at v1.5.2; unchanged since 1.3), so that the numbers compare with SALib's:
/// - First-order index, Saltelli et al. 2010, Table 2 (b):
///   S1_i = mean(f(B) (f(AB_i) - f(A))) / V.
/// - Total index, Jansen 1999 (Saltelli et al. 2010, Table 2 (f)):
///   ST_i = mean((f(A) - f(AB_i))^2) / 2 / V.
/// - V = variance (ddof 0) of f over the 2N rows of A and B together.
/// - f is first centred on the mean of *all* N (k + 2) outputs: SALib normalises Y to
///   (Y - mean(Y)) / std(Y) before estimating. The division by std(Y) cancels in every ratio; the
///   centring changes S1 in a finite sample (it keeps the estimator's variance low when the mean
///   is large against the spread), so it is done here too.
/// - Confidence: `resamples` bootstrap resamples of the N base rows (with replacement; the same
///   drawn rows for A, every AB_i and B), each giving S1_i and ST_i with its own V (f stays centred
///   on the full sample's mean, as in SALib); the half-width of the interval is
///   S1_conf = z * sd(resamples, ddof 1), z = Phi^-1(0.5 + confidence_level / 2) (1.96 at 0.95).
///   The interval is S1 +- S1_conf (a normal approximation, not percentiles).
/// Deviations from SALib, both for degenerate outputs: when f(A) and f(B) are all equal, SALib
/// returns 0 with a warning, here the indices and intervals are NaN (nothing to share out); a
/// resample whose drawn A and B rows are all equal (V = 0; possible at tiny N) is left out of the
/// standard deviation instead of making it NaN.
/// The resamples are drawn from the project's keyed counter-based stream (util/rng.hpp: key
/// kSobolBootstrapKey, Purpose::sobol_bootstrap, resample b = entity, base row = counter), so the
/// same outputs give the same intervals on every machine and at any thread count; they are not
/// SALib's numpy draws, so intervals agree with SALib's only within Monte Carlo error.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace returnsim::engine {

/// SALib's defaults.
inline constexpr int kSobolResamples = 100;
inline constexpr double kSobolConfidenceLevel = 0.95;
/// The run seed of the bootstrap's stream (fixed: part of the output's definition).
inline constexpr std::uint64_t kSobolBootstrapKey = 0x50B01B0075ULL;

struct SobolIndices {
  std::vector<double> first_order;       ///< S1_i per factor
  std::vector<double> first_order_conf;  ///< S1_conf_i: half-width of the confidence interval
  std::vector<double> total;             ///< ST_i per factor
  std::vector<double> total_conf;        ///< ST_conf_i
  double variance = 0;                   ///< V (ddof 0); indices are NaN when f(A), f(B) are all equal
  std::size_t base_samples = 0;          ///< N
  int resamples = 0;
  double confidence_level = 0;
};

/// `y` holds one output per sampled world in design order (N blocks of k + 2: A_j, AB_1j, ...,
/// AB_kj, B_j). Throws std::invalid_argument when y is empty or its length is not a multiple of
/// k + 2, when resamples < 2 or when confidence_level is not in (0, 1).
[[nodiscard]] SobolIndices sobol_indices(const std::vector<double>& y, std::size_t factors,
                                         int resamples = kSobolResamples,
                                         double confidence_level = kSobolConfidenceLevel);

/// Phi^-1(p), the standard normal quantile (scipy.stats.norm.ppf), p in (0, 1), to about 1e-15.
[[nodiscard]] double standard_normal_quantile(double p);

}  // namespace returnsim::engine
