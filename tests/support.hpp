#pragma once
// Helpers shared by the tests: tiny worlds from YAML text, and runs recorded month by month.
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "returnsim/engine/simulation.hpp"
#include "returnsim/io/yaml_loader.hpp"
#include "returnsim/scenario/sweep.hpp"

namespace returnsim::test {

/// A directory name no other test process uses at the same time: CTest runs the test cases as
/// separate processes in parallel, and each process's std::rand() starts from the same seed.
inline std::filesystem::path unique_temp_dir(const std::string& prefix) {
  static int counter = 0;
  return std::filesystem::temp_directory_path() /
         (prefix + std::to_string(::getpid()) + "-" + std::to_string(counter++));
}

/// A scenario from YAML text (validated like a file).
inline scenario::Scenario scenario_from(const std::string& yaml) {
  return io::build_scenario(io::parse_yaml_text(yaml, "<test>")).scenario;
}

/// "k1: v1, k2: v2" with `extra` (same form, may start with ", ") replacing or adding keys.
inline std::string flow_map(const std::string& defaults, const std::string& extra) {
  std::vector<std::pair<std::string, std::string>> entries;
  auto add = [&](const std::string& text) {
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find(',', start);
      if (end == std::string::npos) end = text.size();
      std::string item = text.substr(start, end - start);
      start = end + 1;
      const auto colon = item.find(':');
      if (colon == std::string::npos) continue;
      auto trim = [](std::string v) {
        v.erase(0, v.find_first_not_of(' '));
        v.erase(v.find_last_not_of(' ') + 1);
        return v;
      };
      const std::string key = trim(item.substr(0, colon)), value = trim(item.substr(colon + 1));
      bool replaced = false;
      for (auto& e : entries) {
        if (e.first == key) { e.second = value; replaced = true; }
      }
      if (!replaced) entries.emplace_back(key, value);
    }
  };
  add(defaults);
  add(extra);
  std::string out = "{";
  for (std::size_t i = 0; i < entries.size(); ++i) out += (i ? ", " : "") + entries[i].first + ": " + entries[i].second;
  return out + "}";
}

/// A one-state, one-origin world without burn-in in which every behaviour rate is zero unless
/// `behaviour` sets it (removals never fail; an undocumented person is identified like a
/// documented one; cooperation without noise or domestic-cost feedback), so a test can switch on
/// exactly the process it checks. The other arguments add or replace
/// keys of the origin, the state, the route and the cooperation section.
inline std::string tiny_world(const std::string& behaviour, const std::string& origin = "",
                              const std::string& state = "", const std::string& route = "",
                              const std::string& cooperation = "", int months = 12) {
  return "scenario: {name: tiny}\n"
         "simulation: {months: " + std::to_string(months) + ", burn_in_months: 0, seed: 11, replications: 1}\n"
         "member_states:\n  - " +
         flow_map("id: AA, name: Aland, removal_capacity: 0, casework_capacity: 0, detention_capacity: 0,"
                  " avrr_support_eur: 0, enforcement: 0", state) +
         "\norigin_countries:\n  - " + flow_map("id: OO, name: Oland, cooperation: 0.5, id_capacity: 0", origin) +
         "\nroutes:\n  - " +
         flow_map("origin: OO, member_state: AA, asylum_applications: 0, recognition_rate: 0, initial_stock: 0", route) +
         "\nbehaviour: " +
         flow_map("voluntary_departure_rate: 0, stick_behind_the_door: 0, support_effect_per_1000_eur: 0,"
                  " support_pull_per_1000_eur: 0, abscond_rate: 0, subsequent_application_rate: 0,"
                  " secondary_movement_rate: 0, apprehension_rate: 0, onward_departure_rate: 0,"
                  " regularisation_rate: 0, remigration_rate: 0, removal_failure_at_liberty: 0,"
                  " removal_failure_detained: 0, undocumented_factor: 1", behaviour) +
         "\ncooperation: " + flow_map("eura_effect: 0, informal_effect: 0, relations_effect: 0, noise_sd: 0, domestic_cost_effect: 0",
                                                  cooperation) + "\n";
}

/// Runs every month and calls `check(report, simulation)` after each.
class Recorder final : public engine::MonthObserver {
 public:
  explicit Recorder(std::function<void(const engine::MonthReport&)> f) : f_(std::move(f)) {}
  void on_month(const engine::MonthReport& report) override { f_(report); }

 private:
  std::function<void(const engine::MonthReport&)> f_;
};

/// Sum over pairs of one series in one month's report.
inline long total(const engine::MonthReport& r, model::PairSeries s) {
  long sum = 0;
  for (std::size_t p = 0; p < r.world.pair_count(); ++p) sum += r.counts.at(s, p);
  return sum;
}

/// Per-month totals of a series over a whole run.
inline std::vector<long> series(const scenario::Scenario& s, model::PairSeries which, std::uint64_t seed = 5) {
  std::vector<long> out;
  engine::Simulation sim(s, seed);
  Recorder rec([&](const engine::MonthReport& r) { out.push_back(total(r, which)); });
  sim.run(&rec);
  return out;
}

/// Binomial tolerance: 4.5 standard deviations (a false alarm about once in 300,000 runs).
/// A continuous sweep factor over [low, high] (its path is not read by the designs).
inline scenario::Factor factor_range(double low, double high) {
  scenario::Factor f;
  f.path = "x";
  f.low = low;
  f.high = high;
  return f;
}

inline double binomial_tolerance(double n, double p) { return 4.5 * std::sqrt(n * p * (1 - p)) + 1; }

}  // namespace returnsim::test
