#include "returnsim/engine/abc.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>

#include "returnsim/util/errors.hpp"
#include "returnsim/util/rng.hpp"

namespace returnsim::engine {
namespace {

using scenario::CalibrationParameter;
using scenario::Prior;

constexpr double kInfinity = std::numeric_limits<double>::infinity();
/// Draw attempts before a truncated normal prior falls back to a uniform draw on its support.
constexpr std::uint32_t kMaxPriorTries = 1000;
/// Draw attempts for a move to land inside the prior's support before it keeps its ancestor.
constexpr std::uint32_t kMaxMoveTries = 10000;
/// Draws per kept particle that estimate the share of its kernel inside the support.
constexpr std::uint32_t kMassDraws = 4000;

/// The stream of generation `generation`'s particle `index`.
EntityDraws particle_draws(std::uint64_t seed, std::size_t generation, std::size_t index) {
  return EntityDraws(derive_run_seed(seed, 0xABC0000000000000ULL + generation), entity_id(EntitySpace::global, index),
                     static_cast<std::uint32_t>(generation));
}

/// A standard normal from two keyed uniforms (Box-Muller).
double standard_normal(const EntityDraws& draws, Purpose purpose, std::uint32_t k) {
  const double u1 = 1.0 - draws.uniform(purpose, 2 * k);  // (0, 1]
  const double u2 = draws.uniform(purpose, 2 * k + 1);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double standard_normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

double parameter_density(const CalibrationParameter& p, double x) {
  if (!(x >= p.low && x <= p.high)) return 0.0;
  switch (p.prior) {
    case Prior::uniform: return 1.0 / (p.high - p.low);
    case Prior::loguniform: return 1.0 / (x * std::log(p.high / p.low));
    case Prior::normal: {
      const double mass = standard_normal_cdf((p.high - p.mean) / p.sd) - standard_normal_cdf((p.low - p.mean) / p.sd);
      const double z = (x - p.mean) / p.sd;
      return std::exp(-0.5 * z * z) / (p.sd * std::sqrt(2.0 * std::numbers::pi) * mass);
    }
  }
  return 0.0;
}

double draw_from_prior(const CalibrationParameter& p, const EntityDraws& draws, std::uint32_t k) {
  // Each parameter k has its own block of counters.
  const std::uint32_t base = k * (2 * kMaxPriorTries + 2);
  const double u = draws.uniform(Purpose::abc_prior, base);
  switch (p.prior) {
    case Prior::uniform: return p.low + u * (p.high - p.low);
    case Prior::loguniform: return p.low * std::exp(u * std::log(p.high / p.low));
    case Prior::normal:
      for (std::uint32_t t = 0; t < kMaxPriorTries; ++t) {
        const double x = p.mean + p.sd * standard_normal(draws, Purpose::abc_prior, base / 2 + 1 + t);
        if (x >= p.low && x <= p.high) return x;
      }
      return p.low + u * (p.high - p.low);  // a support far in the tail: nearly flat there
  }
  return p.low;
}

/// Lower Cholesky factor of a symmetric matrix (row-major k x k); false when not positive definite.
bool cholesky(const std::vector<double>& a, std::size_t k, std::vector<double>& l) {
  l.assign(k * k, 0.0);
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t j = 0; j <= i; ++j) {
      double sum = a[i * k + j];
      for (std::size_t m = 0; m < j; ++m) sum -= l[i * k + m] * l[j * k + m];
      if (i == j) {
        if (!(sum > 0)) return false;
        l[i * k + i] = std::sqrt(sum);
      } else {
        l[i * k + j] = sum / l[j * k + j];
      }
    }
  }
  return true;
}

/// The perturbation kernel of a generation: N(0, Sigma) with Sigma = 2 x the weighted covariance.
struct Kernel {
  std::size_t k = 0;
  std::vector<double> lower;   ///< Cholesky factor of Sigma
  double log_normaliser = 0;   ///< log of 1 / sqrt((2 pi)^k |Sigma|)

  /// Log density of the step d.
  [[nodiscard]] double log_density(const std::vector<double>& d) const {
    // Solve L y = d; the quadratic form is |y|^2.
    std::vector<double> y(k);
    double q = 0;
    for (std::size_t i = 0; i < k; ++i) {
      double sum = d[i];
      for (std::size_t m = 0; m < i; ++m) sum -= lower[i * k + m] * y[m];
      y[i] = sum / lower[i * k + i];
      q += y[i] * y[i];
    }
    return log_normaliser - 0.5 * q;
  }
};

/// theta + L z: a kernel step from `from` with standard normals z.
std::vector<double> step_from(const Kernel& kernel, const std::vector<double>& from, const std::vector<double>& z) {
  std::vector<double> out = from;
  const std::size_t k = kernel.k;
  for (std::size_t r = 0; r < k; ++r) {
    for (std::size_t c = 0; c <= r; ++c) out[r] += kernel.lower[r * k + c] * z[c];
  }
  return out;
}

bool inside(const std::vector<CalibrationParameter>& parameters, const std::vector<double>& theta) {
  for (std::size_t j = 0; j < theta.size(); ++j) {
    if (!(theta[j] >= parameters[j].low && theta[j] <= parameters[j].high)) return false;
  }
  return true;
}

/// For each kept particle, the share of its kernel that falls inside the prior's support, by
/// Monte Carlo from a keyed stream (the proposal is the kernel truncated to the support, so its
/// density is the kernel's divided by this mass).
std::vector<double> kernel_masses(const Kernel& kernel, const std::vector<AbcParticle>& population,
                                  const std::vector<CalibrationParameter>& parameters, std::uint64_t seed,
                                  std::size_t generation) {
  std::vector<double> masses;
  std::vector<double> z(kernel.k);
  for (std::size_t j = 0; j < population.size(); ++j) {
    const EntityDraws draws(derive_run_seed(seed, 0xABC1000000000000ULL + generation), entity_id(EntitySpace::global, j),
                            static_cast<std::uint32_t>(generation));
    std::uint32_t hits = 0;
    for (std::uint32_t m = 0; m < kMassDraws; ++m) {
      for (std::size_t i = 0; i < kernel.k; ++i) {
        z[i] = standard_normal(draws, Purpose::abc_step, m * static_cast<std::uint32_t>(kernel.k) + static_cast<std::uint32_t>(i));
      }
      if (inside(parameters, step_from(kernel, population[j].theta, z))) ++hits;
    }
    // At least one draw's worth: an ancestor whose kernel never lands inside is never drawn from.
    masses.push_back(std::max(1u, hits) / static_cast<double>(kMassDraws));
  }
  return masses;
}

Kernel make_kernel(const std::vector<AbcParticle>& population, const std::vector<CalibrationParameter>& parameters) {
  const std::size_t k = parameters.size();
  double total = 0, squares = 0;
  for (const auto& p : population) total += p.weight;
  std::vector<double> mean(k, 0.0);
  for (const auto& p : population) {
    const double w = p.weight / total;
    squares += w * w;
    for (std::size_t i = 0; i < k; ++i) mean[i] += w * p.theta[i];
  }
  std::vector<double> sigma(k * k, 0.0);
  for (const auto& p : population) {
    const double w = p.weight / total;
    for (std::size_t i = 0; i < k; ++i) {
      for (std::size_t j = 0; j < k; ++j) sigma[i * k + j] += w * (p.theta[i] - mean[i]) * (p.theta[j] - mean[j]);
    }
  }
  const double unbiased = squares < 1.0 ? 1.0 / (1.0 - squares) : 1.0;
  for (double& s : sigma) s *= 2.0 * unbiased;
  Kernel kernel;
  kernel.k = k;
  // A population collapsed in some direction (all particles equal there) gets a small step there
  // rather than none: 1e-10 of the prior's width, growing until Sigma is positive definite.
  double jitter = 0;
  while (!cholesky(sigma, k, kernel.lower)) {
    for (std::size_t i = 0; i < k; ++i) {
      const double width = parameters[i].high - parameters[i].low;
      const double add = (jitter == 0 ? 1e-10 : jitter * 9.0) * width * width;
      sigma[i * k + i] += add;
    }
    jitter = jitter == 0 ? 1e-10 : jitter * 10.0;
    if (jitter > 1.0) throw ModelError("calibration: the particles' covariance is not usable");
  }
  double log_det = 0;
  for (std::size_t i = 0; i < k; ++i) log_det += 2.0 * std::log(kernel.lower[i * k + i]);
  kernel.log_normaliser = -0.5 * (static_cast<double>(k) * std::log(2.0 * std::numbers::pi) + log_det);
  return kernel;
}

}  // namespace

AbcSmc::AbcSmc(const scenario::Calibration& calibration) : calibration_(calibration) {
  const auto& m = calibration.method;
  kept_ = static_cast<std::size_t>(std::lround(m.alpha * m.particles));
  if (kept_ < 2 || kept_ >= static_cast<std::size_t>(m.particles) || calibration.parameters.empty()) {
    throw ModelError("calibration: alpha x particles must keep at least 2 and fewer than all particles");
  }
}

double AbcSmc::prior_density(const std::vector<double>& theta) const {
  double density = 1.0;
  for (std::size_t i = 0; i < theta.size(); ++i) density *= parameter_density(calibration_.parameters[i], theta[i]);
  return density;
}

double AbcSmc::distance(const std::vector<double>& statistics) const {
  const auto& targets = calibration_.targets;
  if (targets.empty()) return 0.0;
  if (statistics.size() < targets.size()) return kInfinity;
  double sum = 0;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    const double z = (statistics[t] - targets[t].observed) / targets[t].sd;
    if (!std::isfinite(z)) return kInfinity;
    sum += z * z;
  }
  return std::sqrt(sum / static_cast<double>(targets.size()));
}

std::vector<AbcProposal> AbcSmc::propose() const {
  std::vector<AbcProposal> out;
  if (finished()) return out;
  const std::size_t generation = generations_.size();
  const auto& parameters = calibration_.parameters;
  const std::size_t k = parameters.size();
  const std::uint64_t seed = calibration_.seed;
  if (generation == 0) {
    out.resize(static_cast<std::size_t>(calibration_.method.particles));
    for (std::size_t i = 0; i < out.size(); ++i) {
      const EntityDraws draws = particle_draws(seed, 0, i);
      out[i].index = i;
      for (std::size_t j = 0; j < k; ++j) {
        out[i].theta.push_back(draw_from_prior(parameters[j], draws, static_cast<std::uint32_t>(j)));
      }
    }
    return out;
  }
  const Kernel kernel = make_kernel(population_, parameters);
  std::vector<double> cumulative;
  double total = 0;
  for (const auto& p : population_) cumulative.push_back(total += p.weight);
  out.resize(static_cast<std::size_t>(calibration_.method.particles) - kept_);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const EntityDraws draws = particle_draws(seed, generation, i);
    const double u = draws.uniform(Purpose::abc_ancestor) * total;
    const std::size_t ancestor = std::min<std::size_t>(
        static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin()),
        population_.size() - 1);
    AbcProposal& p = out[i];
    p.generation = generation;
    p.index = i;
    p.theta = population_[ancestor].theta;
    // The kernel truncated to the prior's support: steps that leave it are drawn again (in six
    // dimensions most untruncated steps of a wide population leave it).
    std::vector<double> z(k);
    for (std::uint32_t attempt = 0; attempt < kMaxMoveTries; ++attempt) {
      for (std::size_t j = 0; j < k; ++j) {
        z[j] = standard_normal(draws, Purpose::abc_step, attempt * static_cast<std::uint32_t>(k) + static_cast<std::uint32_t>(j));
      }
      std::vector<double> moved = step_from(kernel, population_[ancestor].theta, z);
      if (prior_density(moved) > 0) {
        p.theta = std::move(moved);
        break;
      }
    }
    p.in_support = prior_density(p.theta) > 0;
  }
  return out;
}

void AbcSmc::update(const std::vector<std::vector<double>>& statistics) {
  const std::vector<AbcProposal> proposals = propose();
  if (proposals.empty()) throw ModelError("calibration: update after the end");
  if (statistics.size() != proposals.size()) throw ModelError("calibration: one result per proposal expected");
  const std::size_t generation = generations_.size();
  const int replications = std::max(1, calibration_.method.replications);
  AbcGeneration summary;
  summary.generation = generation;
  summary.proposals = proposals.size();

  std::vector<AbcParticle> pool;
  if (generation == 0) {
    for (std::size_t i = 0; i < proposals.size(); ++i) {
      AbcParticle particle{proposals[i].theta, 1.0, distance(statistics[i]), statistics[i]};
      simulations_.push_back({generation, i, particle.theta, statistics[i], particle.distance, true});
      pool.push_back(std::move(particle));
      ++summary.simulated;
    }
  } else {
    const double tolerance = generations_.back().tolerance;
    const Kernel kernel = make_kernel(population_, calibration_.parameters);
    const std::vector<double> masses =
        kernel_masses(kernel, population_, calibration_.parameters, calibration_.seed, generation);
    double total = 0;
    for (const auto& p : population_) total += p.weight;
    pool = population_;
    std::size_t accepted = 0;
    for (std::size_t i = 0; i < proposals.size(); ++i) {
      if (!proposals[i].in_support) continue;
      ++summary.simulated;
      const double d = distance(statistics[i]);
      const bool accept = d <= tolerance;
      simulations_.push_back({generation, i, proposals[i].theta, statistics[i], d, accept});
      if (!accept) continue;
      ++accepted;
      // Importance weight: prior over the mixture of kernels around the previous population
      // (in logs, so that tiny kernels in many dimensions do not underflow).
      double log_max = -kInfinity;
      std::vector<double> logs;
      for (std::size_t a = 0; a < population_.size(); ++a) {
        const auto& q = population_[a];
        std::vector<double> step(proposals[i].theta.size());
        for (std::size_t j = 0; j < step.size(); ++j) step[j] = proposals[i].theta[j] - q.theta[j];
        logs.push_back(std::log(q.weight / total) + kernel.log_density(step) - std::log(masses[a]));
        log_max = std::max(log_max, logs.back());
      }
      double mixture = 0;
      for (double l : logs) mixture += std::exp(l - log_max);
      const double weight = prior_density(proposals[i].theta) / (std::exp(log_max) * mixture);
      pool.push_back({proposals[i].theta, weight, d, statistics[i]});
    }
    summary.acceptance_rate = static_cast<double>(accepted) / static_cast<double>(proposals.size());
  }
  // Keep the N_alpha best of the pool (stable: earlier particles first on ties).
  std::vector<std::size_t> order(pool.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return pool[a].distance < pool[b].distance; });
  const std::size_t keep = std::min(kept_, pool.size());
  std::vector<AbcParticle> next;
  for (std::size_t i = 0; i < keep; ++i) next.push_back(std::move(pool[order[i]]));
  population_ = std::move(next);
  summary.tolerance = population_.back().distance;
  runs_total_ += summary.simulated * static_cast<std::size_t>(replications);
  summary.runs_total = runs_total_;
  generations_.push_back(summary);

  const auto& m = calibration_.method;
  const std::size_t next_runs = (static_cast<std::size_t>(m.particles) - kept_) * static_cast<std::size_t>(replications);
  char reason[160];
  if (generation > 0 && summary.acceptance_rate <= m.min_acceptance) {
    std::snprintf(reason, sizeof reason, "acceptance rate %.3g at or below %.3g", summary.acceptance_rate, m.min_acceptance);
    stop_reason_ = reason;
  } else if (generations_.size() >= static_cast<std::size_t>(m.generations)) {
    stop_reason_ = "the last of " + std::to_string(m.generations) + " generations";
  } else if (runs_total_ + next_runs > static_cast<std::size_t>(m.max_simulations)) {
    stop_reason_ = "the simulation budget (" + std::to_string(m.max_simulations) + " runs)";
  } else if (!std::isfinite(summary.tolerance)) {
    stop_reason_ = "no particle reaches a finite distance (every simulation gave a missing statistic)";
  }
}

double weighted_quantile(std::vector<double> values, std::vector<double> weights, double q) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  double total = 0;
  for (double w : weights) total += w;
  double cumulative = 0;
  for (std::size_t i : order) {
    cumulative += weights[i] / total;
    if (cumulative >= q - 1e-12) return values[i];
  }
  return values[order.back()];
}

std::vector<std::size_t> resample_indices(const std::vector<double>& weights, std::size_t n, std::uint64_t seed) {
  std::vector<std::size_t> out;
  if (weights.empty() || n == 0) return out;
  double total = 0;
  for (double w : weights) total += w;
  const EntityDraws draws(derive_run_seed(seed, 0x9057E410ULL), entity_id(EntitySpace::global, 0), 0);
  const double start = draws.uniform(Purpose::posterior_draw) / static_cast<double>(n);
  double cumulative = weights[0] / total;
  std::size_t i = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const double u = start + static_cast<double>(k) / static_cast<double>(n);
    while (u > cumulative && i + 1 < weights.size()) cumulative += weights[++i] / total;
    out.push_back(i);
  }
  return out;
}

}  // namespace returnsim::engine
