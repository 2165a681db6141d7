#pragma once
// Runs of the calibrated EU baseline (scenarios/eu-baseline.yaml) for the validation suite, and the
// sums the checks read. Every check uses the validation seed (kValidationSeed), not the seed the
// calibration ran with, and replications with the same streams whatever the variant (paired).
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "../support.hpp"
#include "returnsim/engine/run_result.hpp"
#include "returnsim/io/yaml_loader.hpp"
#include "returnsim/util/rng.hpp"

namespace returnsim::validation {

using model::PairSeries;

inline const std::string kBaseline = std::string(RETURNSIM_SOURCE_DIR) + "/scenarios/eu-baseline.yaml";
/// Not the baseline's seed (2025), which tools/calibrate_baseline.py fits with.
inline constexpr std::uint64_t kValidationSeed = 31;

struct Runs {
  scenario::Scenario scenario;
  std::vector<engine::RunResult> runs;
};

/// `replications` runs of `s` with the validation streams (the same for every variant: paired).
inline Runs runs_of(scenario::Scenario s, int replications = 3) {
  Runs out{std::move(s), {}};
  for (int r = 0; r < replications; ++r) {
    engine::RunInfo info;
    info.index = static_cast<std::size_t>(r);
    info.replication = r;
    info.seed = derive_run_seed(kValidationSeed, static_cast<std::uint64_t>(r));
    out.runs.push_back(engine::simulate_run(out.scenario, info));
  }
  return out;
}

/// The baseline for `months` reported months, with `overrides` (dotted paths) and `yaml` added as
/// a scenario that extends it (for lists, such as policies.incentives or schedules).
inline scenario::Scenario baseline_scenario(int months, std::vector<io::Override> overrides = {},
                                            const std::string& yaml = "") {
  overrides.push_back({"simulation.months", std::to_string(months)});
  if (yaml.empty()) return io::load_scenario(kBaseline, overrides).scenario;
  const auto path = test::unique_temp_dir("returnsim-validation-").string() + ".yaml";
  std::ofstream(path) << "extends: " << kBaseline << "\n" << yaml;
  scenario::Scenario s = io::load_scenario(path, overrides).scenario;
  std::filesystem::remove(path);
  return s;
}

inline std::size_t origin_index(const scenario::Scenario& s, const std::string& id) {
  for (std::size_t o = 0; o < s.origin_countries.size(); ++o) {
    if (s.origin_countries[o].id == id) return o;
  }
  FAIL("no origin " << id);
  return 0;
}

inline std::size_t state_index(const scenario::Scenario& s, const std::string& id) {
  for (std::size_t st = 0; st < s.member_states.size(); ++st) {
    if (s.member_states[st].id == id) return st;
  }
  FAIL("no member state " << id);
  return 0;
}

using Keep = std::function<bool(std::size_t origin, std::size_t state)>;
inline const Keep everything = [](std::size_t, std::size_t) { return true; };
inline Keep origin_is(std::size_t origin) {
  return [origin](std::size_t o, std::size_t) { return o == origin; };
}
inline Keep state_is(std::size_t state) {
  return [state](std::size_t, std::size_t s) { return s == state; };
}
inline Keep pair_is(std::size_t origin, std::size_t state) {
  return [origin, state](std::size_t o, std::size_t s) { return o == origin && s == state; };
}

/// A window of reported months [first, last).
struct Window {
  std::size_t first = 0, last = 0;
};
/// The last 24 months of a run set.
inline Window last_two_years(const Runs& b) { return {b.runs[0].months - 24, b.runs[0].months}; }

/// Sum of a series over the runs, the window, and the pairs `keep` accepts (people).
inline double total(const Runs& b, PairSeries which, const Keep& keep, Window w) {
  double sum = 0;
  for (const auto& r : b.runs) {
    for (std::size_t t = w.first; t < w.last; ++t) {
      for (std::size_t o = 0; o < r.origins; ++o) {
        for (std::size_t s = 0; s < r.states; ++s) {
          if (keep(o, s)) sum += r.series(which)[(t * r.origins + o) * r.states + s];
        }
      }
    }
  }
  return sum;
}

inline double returns(const Runs& b, const Keep& keep, Window w) {
  return total(b, PairSeries::returns_voluntary, keep, w) + total(b, PairSeries::returns_forced, keep, w);
}

/// Eurostat's return rate: returns in the window / orders to leave in the window.
inline double return_rate(const Runs& b, const Keep& keep, Window w) {
  return returns(b, keep, w) / total(b, PairSeries::orders_to_leave, keep, w);
}
inline double return_rate(const Runs& b, const Keep& keep) { return return_rate(b, keep, last_two_years(b)); }

/// Mean cooperation index of an origin over the runs at month t.
inline double cooperation_index(const Runs& b, std::size_t origin, std::size_t t) {
  double sum = 0;
  for (const auto& r : b.runs) sum += r.cooperation_index[t * r.origins + origin];
  return sum / static_cast<double>(b.runs.size());
}

}  // namespace returnsim::validation
