#pragma once
/// @file
/// The validated description of a calibration (SPEC §9): a base scenario (a history
/// reconstruction), the uncertain parameters with their priors, the published figures to fit
/// (targets, each with its uncertainty and source), the figures only to predict (held-out
/// checks), and the settings of the ABC-SMC method (engine/abc.hpp). Knows nothing of YAML:
/// io/calibration_loader.hpp builds it.
#include <cstdint>
#include <string>
#include <vector>

#include "returnsim/scenario/sweep.hpp"

namespace returnsim::scenario {

/// Prior distributions over a parameter's support [low, high].
enum class Prior : std::uint8_t {
  uniform = 0,     ///< flat on [low, high]
  loguniform = 1,  ///< flat in log on [low, high], 0 < low
  normal = 2,      ///< normal(mean, sd) truncated to [low, high]
};

struct CalibrationParameter {
  std::string path;  ///< dotted path of a scenario value, as in sweep factors
  Prior prior = Prior::uniform;
  double low = 0, high = 0;   ///< support
  double mean = 0, sd = 0;    ///< normal only
};

/// A published figure the model should reproduce: a window statistic (engine/window_statistics.hpp)
/// of the runs, over reported months [first_month, last_month], optionally of one origin's
/// nationals and/or one member state.
struct CalibrationTarget {
  std::string name;
  std::string statistic;       ///< `kpi` in the file: return_rate, returns, a series name, ...
  std::string origin;          ///< origin id; "" all
  std::string member_state;    ///< member state id; "" all
  int first_month = 0, last_month = 0;  ///< reported months, inclusive
  double observed = 0;
  double sd = 0;               ///< its uncertainty (scales the distance)
  std::string source;
  std::ptrdiff_t origin_index = -1;  ///< filled by the loader, -1 all
  std::ptrdiff_t state_index = -1;   ///< filled by the loader, -1 all
};

/// Settings of Lenormand et al.'s adaptive population Monte Carlo ABC (engine/abc.hpp).
struct AbcMethod {
  int particles = 0;           ///< N: simulations of the first generation; the population keeps alpha x N
  double alpha = 0;            ///< share of particles kept: the tolerance is the alpha-quantile of distances
  double min_acceptance = 0;   ///< stop when a generation accepts fewer of its new particles than this share
  int generations = 0;         ///< stop after this many generations at most
  int max_simulations = 0;     ///< stop before a generation would exceed this many simulations
  int replications = 0;        ///< runs per particle (independent streams), pooled before the distance
};

struct Calibration {
  std::string name;
  std::string base_path;       ///< resolved path of the base scenario
  std::uint64_t seed = 1;
  int agent_scale = 0;         ///< > 0: replaces the base scenario's agent_scale (faster, noisier runs)
  std::vector<PathValue> set;  ///< fixed overrides of the base scenario
  std::vector<CalibrationParameter> parameters;
  std::vector<CalibrationTarget> targets;    ///< fitted: the distance is over these
  std::vector<CalibrationTarget> held_out;   ///< predicted only: never in the distance
  AbcMethod method;
};

[[nodiscard]] const char* prior_name(Prior prior);

}  // namespace returnsim::scenario
