#pragma once
/// @file
/// Approximate Bayesian computation by sequential Monte Carlo: the adaptive population Monte
/// Carlo algorithm (APMC) of Lenormand, Jabot and Deffuant (2013), "Adaptive approximate Bayesian
/// computation for complex models", Computational Statistics 28:2777-2796, as in their reference
/// implementation (github.com/maximelenormand/APMC) and OpenMOLE:
///
/// 1. Draw N particles from the prior, simulate each, compute its distance to the targets. The
///    tolerance eps_1 is the distance of the round(alpha N)-th best; keep those N_alpha particles,
///    weight 1.
/// 2. Generation t: Sigma = 2 x the weighted covariance of the kept particles (unbiased weights).
///    Draw N - N_alpha new particles: an ancestor by weight, moved by a normal step N(0, Sigma)
///    truncated to the prior's support (a step that leaves it is drawn again). Each is simulated;
///    it is accepted when its distance is at most eps_{t-1}, with the importance weight
///        w = prior(theta) / sum_j (w_j / sum w) N(theta; theta_j, Sigma) / Z_j,
///    Z_j the mass of ancestor j's kernel inside the support (estimated from 4,000 keyed draws).
///    Departure from the reference implementation, which rejects a step outside the support
///    without a simulation: with six parameters most untruncated steps of a wide population
///    leave the support, and the acceptance rate (over all proposals) then stops the algorithm
///    long before the tolerance has shrunk.
///    The acceptance rate is accepted / (N - N_alpha). The kept particles and the accepted new
///    ones are pooled; eps_t is the N_alpha-th smallest distance of the pool, and the N_alpha best
///    are kept (ties: the earlier first).
/// 3. Stop when the acceptance rate falls to min_acceptance or below (the particles barely move:
///    the posterior is reached at this tolerance), after `generations` generations, or before a
///    generation would take the simulations over max_simulations.
///
/// The distance is the root mean square of (simulated - observed) / sd over the targets: one unit
/// is one target's stated uncertainty. Held-out statistics are carried with every particle and
/// never enter it.
///
/// Deterministic: every draw comes from a stream keyed by (calibration seed, generation,
/// particle, purpose), so the proposals depend only on the seed and on earlier generations'
/// results, whatever the order in which simulations finish. This is what lets an interrupted
/// calibration resume into the file an uninterrupted one writes.
#include <cstdint>
#include <string>
#include <vector>

#include "returnsim/scenario/calibration.hpp"

namespace returnsim::engine {

/// A proposed parameter vector of a generation.
struct AbcProposal {
  std::size_t generation = 0;
  std::size_t index = 0;         ///< position among the generation's proposals
  std::vector<double> theta;     ///< in calibration.parameters order
  bool in_support = true;        ///< false: no step landed inside the support (not simulated)
};

/// A simulated proposal: its statistics (targets, then held-out checks) and distance.
struct AbcSimulation {
  std::size_t generation = 0;
  std::size_t index = 0;
  std::vector<double> theta;
  std::vector<double> statistics;
  double distance = 0;
  bool accepted = false;          ///< entered the pool (generation 0: every simulation)
};

struct AbcParticle {
  std::vector<double> theta;
  double weight = 1;
  double distance = 0;
  std::vector<double> statistics;  ///< targets, then held-out checks
};

struct AbcGeneration {
  std::size_t generation = 0;
  double tolerance = 0;            ///< eps_t after the generation
  double acceptance_rate = 1;      ///< generation 0: 1
  std::size_t proposals = 0;       ///< drawn (in or out of support)
  std::size_t simulated = 0;       ///< particles simulated (each `replications` runs)
  std::size_t runs_total = 0;      ///< runs so far, this generation included
};

class AbcSmc {
 public:
  explicit AbcSmc(const scenario::Calibration& calibration);

  /// The next generation's proposals; empty once finished.
  [[nodiscard]] std::vector<AbcProposal> propose() const;
  /// The statistics of every proposal of the generation propose() gave, in its order (an empty
  /// vector for a proposal outside the support; NaN statistics give an infinite distance).
  void update(const std::vector<std::vector<double>>& statistics);

  [[nodiscard]] bool finished() const { return !stop_reason_.empty(); }
  /// Why it stopped: "acceptance rate ...", "generations", "simulation budget".
  [[nodiscard]] const std::string& stop_reason() const { return stop_reason_; }
  [[nodiscard]] const std::vector<AbcParticle>& population() const { return population_; }
  [[nodiscard]] const std::vector<AbcGeneration>& generations() const { return generations_; }
  [[nodiscard]] const std::vector<AbcSimulation>& simulations() const { return simulations_; }

  /// Root mean square of (statistic - observed) / sd over the targets; +inf when one is NaN.
  [[nodiscard]] double distance(const std::vector<double>& statistics) const;
  /// The prior's density at theta (0 outside the support).
  [[nodiscard]] double prior_density(const std::vector<double>& theta) const;
  /// Particles kept per generation: round(alpha x N).
  [[nodiscard]] std::size_t kept() const { return kept_; }

 private:
  const scenario::Calibration& calibration_;
  std::size_t kept_ = 0;
  std::vector<AbcParticle> population_;
  std::vector<AbcGeneration> generations_;
  std::vector<AbcSimulation> simulations_;
  std::size_t runs_total_ = 0;
  std::string stop_reason_;
};

/// Weighted quantile (q in [0, 1]) of values: the smallest value whose cumulative normalised
/// weight reaches q.
[[nodiscard]] double weighted_quantile(std::vector<double> values, std::vector<double> weights, double q);

/// `n` indices drawn from `weights` (systematic resampling with one keyed uniform), sorted.
[[nodiscard]] std::vector<std::size_t> resample_indices(const std::vector<double>& weights, std::size_t n,
                                                        std::uint64_t seed);

}  // namespace returnsim::engine
