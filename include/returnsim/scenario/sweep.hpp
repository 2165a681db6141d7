#pragma once
/// @file
/// The validated description of a sweep (SPEC §3): a base scenario, the policies to compare (each
/// a set of overrides by dotted path), the uncertain factors and how to sample them, and the
/// replications. Knows nothing of YAML: io/sweep_loader.hpp builds it.
#include <cstdint>
#include <string>
#include <vector>

namespace returnsim::scenario {

/// A scalar set at a dotted path of the base scenario ("origin_countries.GM.cooperation").
struct PathValue {
  std::string path;
  std::string value;
};

struct SweepPolicy {
  std::string name;
  std::vector<PathValue> set;  ///< applied to the base scenario in this order
};

/// How the uncertain factors are sampled. sobol: Saltelli's scheme for first-order and total
/// Sobol' indices (engine/sweep_plan.hpp); posterior: worlds drawn from a calibration's posterior.
enum class Design : std::uint8_t { none = 0, grid = 1, lhs = 2, sobol = 3, posterior = 4 };
[[nodiscard]] const char* design_name(Design design);

/// One uncertain factor: a continuous range or a list of values.
struct Factor {
  std::string path;
  bool continuous = true;
  double low = 0, high = 0;      ///< continuous: the range
  std::vector<double> values;    ///< discrete: the values
  int levels = 3;                ///< grid over a range: evenly spaced points including both ends
};

struct Uncertainties {
  Design design = Design::none;
  int samples = 1;               ///< lhs, posterior: sampled worlds; sobol: base samples N (N x (k + 2) worlds); else 1
  std::vector<Factor> factors;   ///< posterior: the calibration's parameters (range: the prior's support)
  std::string posterior_file;    ///< posterior: the calibration output (`returnsim calibrate`), resolved path
  std::string posterior_fingerprint;  ///< posterior: the file's calibration_fingerprint; given, the file must match
  std::vector<std::vector<double>> posterior_particles;  ///< posterior: [particle][factor], from the file
  std::vector<double> posterior_weights;                 ///< posterior: [particle]
};

struct Sweep {
  std::string name;
  std::string base_path;         ///< resolved path of the base scenario
  std::uint64_t seed = 1;
  int replications = 1;
  std::vector<SweepPolicy> policies;
  Uncertainties uncertainties;
};

}  // namespace returnsim::scenario
