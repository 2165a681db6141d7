#include "returnsim/engine/sweep_plan.hpp"

#include "returnsim/engine/abc.hpp"

#include <algorithm>
#include <numeric>

#include "returnsim/engine/runner.hpp"
#include "returnsim/util/errors.hpp"
#include "returnsim/util/rng.hpp"

namespace returnsim::engine {

using scenario::Design;
using scenario::Factor;

std::size_t sample_count(const scenario::Uncertainties& u) {
  switch (u.design) {
    case Design::none: return 1;
    case Design::lhs: return static_cast<std::size_t>(u.samples);
    case Design::sobol: return static_cast<std::size_t>(u.samples) * (u.factors.size() + 2);
    case Design::posterior: return static_cast<std::size_t>(u.samples);
    case Design::grid: {
      std::size_t n = 1;
      for (const auto& f : u.factors) n *= f.continuous ? static_cast<std::size_t>(f.levels) : f.values.size();
      return n;
    }
  }
  return 1;
}

namespace {

/// The value of factor `f` at the point u in [0, 1).
double at_unit(const Factor& f, double u) {
  if (f.continuous) return f.low + u * (f.high - f.low);
  const auto n = f.values.size();
  return f.values[std::min(n - 1, static_cast<std::size_t>(u * static_cast<double>(n)))];
}

/// A Latin hypercube of n points in [0, 1)^k: each axis cut into n strata, each stratum hit once
/// (a uniform point inside it), strata permuted independently per axis. `stream` keeps the
/// hypercubes of one design apart.
std::vector<std::vector<double>> unit_hypercube(std::size_t n, std::size_t k, std::uint64_t seed, std::uint64_t stream) {
  std::vector<std::vector<double>> rows(n, std::vector<double>(k, 0.0));
  for (std::size_t j = 0; j < k; ++j) {
    // The design's own stream: axis j, never an agent, route or origin stream.
    const EntityDraws draws(seed, entity_id(EntitySpace::global, stream + j), 0);
    std::vector<std::size_t> stratum(n);
    std::iota(stratum.begin(), stratum.end(), std::size_t{0});
    for (std::size_t i = n; i-- > 1;) {  // Fisher-Yates
      const std::size_t pick = draws.bits(Purpose::design_sampling, static_cast<std::uint32_t>(i)) % (i + 1);
      std::swap(stratum[i], stratum[pick]);
    }
    for (std::size_t row = 0; row < n; ++row) {
      const double jitter = draws.uniform(Purpose::design_sampling, static_cast<std::uint32_t>(n + row));
      rows[row][j] = (static_cast<double>(stratum[row]) + jitter) / static_cast<double>(n);
    }
  }
  return rows;
}

}  // namespace

std::vector<std::vector<double>> sample_factors(const scenario::Uncertainties& u, std::uint64_t seed) {
  const std::size_t n = sample_count(u);
  const std::size_t k = u.design == Design::none ? 0 : u.factors.size();
  std::vector<std::vector<double>> rows(n, std::vector<double>(k, 0.0));
  if (u.design == Design::grid) {
    // Mixed-radix counting, the last factor varying fastest.
    for (std::size_t row = 0; row < n; ++row) {
      std::size_t rest = row;
      for (std::size_t j = k; j-- > 0;) {
        const Factor& f = u.factors[j];
        const std::size_t levels = f.continuous ? static_cast<std::size_t>(f.levels) : f.values.size();
        const std::size_t level = rest % levels;
        rest /= levels;
        if (f.continuous) {
          rows[row][j] = levels == 1 ? (f.low + f.high) / 2
                                     : f.low + (f.high - f.low) * static_cast<double>(level) / static_cast<double>(levels - 1);
        } else {
          rows[row][j] = f.values[level];
        }
      }
    }
  } else if (u.design == Design::lhs) {
    const auto unit = unit_hypercube(n, k, seed, 1000);
    for (std::size_t row = 0; row < n; ++row) {
      for (std::size_t j = 0; j < k; ++j) rows[row][j] = at_unit(u.factors[j], unit[row][j]);
    }
  } else if (u.design == Design::posterior) {
    // Whole particles, drawn by weight: the worlds keep the posterior's correlations.
    const auto drawn = resample_indices(u.posterior_weights, n, seed);
    for (std::size_t row = 0; row < n && !drawn.empty(); ++row) rows[row] = u.posterior_particles.at(drawn[row]);
  } else if (u.design == Design::sobol) {
    // Saltelli (2002, 2010): two independent base matrices A and B of N points; for each factor i
    // the matrix AB_i is A with column i taken from B. Block j holds A_j, AB_1j .. AB_kj, B_j.
    // A and B are Latin hypercubes (not a Sobol' sequence): the estimators are the same, the
    // convergence is that of stratified Monte Carlo.
    const auto base = static_cast<std::size_t>(u.samples);
    const auto a = unit_hypercube(base, k, seed, 1000), b = unit_hypercube(base, k, seed, 2000);
    for (std::size_t j = 0; j < base; ++j) {
      for (std::size_t block = 0; block < k + 2; ++block) {
        auto& row = rows[j * (k + 2) + block];
        for (std::size_t f = 0; f < k; ++f) {
          const bool from_b = block == k + 1 || (block >= 1 && block <= k && f == block - 1);
          row[f] = at_unit(u.factors[f], from_b ? b[j][f] : a[j][f]);
        }
      }
    }
  }
  return rows;
}

std::vector<RunInfo> sweep_plan(const scenario::Sweep& sweep, const std::vector<std::vector<double>>& samples) {
  std::vector<RunInfo> plan;
  const auto replications = static_cast<std::size_t>(sweep.replications);
  plan.reserve(sweep.policies.size() * samples.size() * replications);
  for (std::size_t p = 0; p < sweep.policies.size(); ++p) {
    for (std::size_t k = 0; k < samples.size(); ++k) {
      for (std::size_t r = 0; r < replications; ++r) {
        RunInfo info;
        info.index = plan.size();
        info.policy = sweep.policies[p].name;
        info.policy_index = static_cast<std::int64_t>(p);
        info.sample = static_cast<std::int64_t>(k);
        info.replication = static_cast<std::int64_t>(r);
        info.seed = derive_run_seed(sweep.seed, k * replications + r);
        info.factors = samples[k];
        plan.push_back(std::move(info));
      }
    }
  }
  return plan;
}

std::vector<char> Shard::members(const std::vector<RunInfo>& plan) const {
  const std::vector<std::size_t> part = deal_runs(plan, n);
  std::vector<char> in_shard(part.size());
  for (std::size_t i = 0; i < part.size(); ++i) in_shard[i] = part[i] == k - 1 ? 1 : 0;
  return in_shard;
}

Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  auto number = [&](const std::string& part) -> std::size_t {
    if (part.empty() || part.size() > 9 || part.find_first_not_of("0123456789") != std::string::npos) return 0;
    return static_cast<std::size_t>(std::stoul(part));
  };
  if (slash != std::string::npos) {
    const Shard shard{number(text.substr(0, slash)), number(text.substr(slash + 1))};
    if (shard.n >= 1 && shard.k >= 1 && shard.k <= shard.n) return shard;
  }
  throw UsageError("--shard " + text + ": expected K/N with 1 <= K <= N (shard K of N), e.g. 3/8");
}

}  // namespace returnsim::engine
