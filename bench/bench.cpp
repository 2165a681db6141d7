// returnsim benchmark (SPEC §7). Reports:
//  - migrant-months simulated per second per core on an EU-sized synthetic world (27 states,
//    40 origins, ~40,000 orders to leave a month, as Eurostat's 450-490k a year, with the Art. 25a
//    cycle and incentives at work), one thread;
//  - runs per second of scenarios/small.yaml replications at 1 thread and at all threads, and
//    the scaling efficiency;
//  - bytes of state per migrant agent; HDF5 bytes per run and the share of time spent writing;
//  - simulations per second inside a calibration (scenarios/calibration-2019-2024.yaml, two
//    generations, journal included), at all threads.
//  - on the shipped EU baseline (issue 16's figures, targets beside them): order-to-leave
//    agent-months per CPU-second at agent_scale 1, agent-months per CPU-second over all stored
//    agents, peak memory, and EU-baseline runs per CPU-second at agent_scale 5 (72 months after its
//    60-month burn-in; and the 72 reported months alone), one thread.
// Scaling figures compare all threads with one core; the sweep's also with one worker thread whose
// writer has another core to itself. On one core they are not measured.
// Usage: returnsim_bench [months]
#include <tbb/global_control.h>
#include <tbb/info.h>

#include <sched.h>
#include <sys/resource.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include "returnsim/engine/calibration_runner.hpp"
#include "returnsim/engine/run_plan.hpp"
#include "returnsim/engine/runner.hpp"
#include "returnsim/engine/simulation.hpp"
#include "returnsim/engine/sweep_plan.hpp"
#include "returnsim/io/calibration_output.hpp"
#include "returnsim/io/h5_writer.hpp"
#include "returnsim/io/output_file.hpp"
#include "returnsim/io/sweep_loader.hpp"
#include "returnsim/io/yaml_loader.hpp"

using namespace returnsim;
using Clock = std::chrono::steady_clock;

namespace {

std::string eu_sized_world(int months) {
  std::string y = "scenario: {name: bench-eu}\nsimulation: {months: " + std::to_string(months) +
                  ", seed: 1, replications: 1}\nmember_states:\n";
  for (int s = 0; s < 27; ++s) {
    y += "  - {id: S" + std::to_string(s) + ", name: State" + std::to_string(s) +
         ", removal_capacity: 400, casework_capacity: 1500, detention_capacity: 500}\n";
  }
  y += "origin_countries:\n";
  for (int o = 0; o < 40; ++o) {
    y += "  - {id: O" + std::to_string(o) + ", name: Origin" + std::to_string(o) + ", cooperation: " +
         std::to_string(0.1 + 0.02 * o) + ", id_capacity: 500}\n";
  }
  y += "routes:\n";
  for (int o = 0; o < 40; ++o) {
    for (int s = 0; s < 27; ++s) {
      // ~80,000 applications a month in all, 55% rejected: ~44,000 orders a month.
      y += "  - {origin: O" + std::to_string(o) + ", member_state: S" + std::to_string(s) +
           ", asylum_applications: 74, recognition_rate: 0.45, initial_stock: 1400}\n";
    }
  }
  // The levers at work: the Art. 25a cycle, an EU partnership, a state's sanction.
  y += "policies:\n  visa_leverage: {enabled: true, council_adoption_probability: 1}\n"
       "  incentives:\n    - {origin: O3, kind: partnership, intensity: 0.5, start_month: 6}\n"
       "    - {origin: O5, kind: trade_preferences, intensity: -0.5, by: S0, start_month: 12}\n";
  return y;
}

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }
/// CPU seconds of the whole process so far (all threads).
double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }
/// Peak resident memory of the process so far, MB.
double peak_resident_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

/// Keeps the calling thread, and the threads it starts (a sweep's writer), on one CPU while it
/// lives: a one-thread figure is then one core's, not one worker's with the writer on another core.
class OneCpu {
 public:
  OneCpu() {
    if (sched_getaffinity(0, sizeof(saved_), &saved_) != 0) return;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
      if (CPU_ISSET(cpu, &saved_)) {
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        pinned_ = sched_setaffinity(0, sizeof(one), &one) == 0;
        return;
      }
    }
  }
  ~OneCpu() {
    if (pinned_) sched_setaffinity(0, sizeof(saved_), &saved_);
  }
  OneCpu(const OneCpu&) = delete;
  OneCpu& operator=(const OneCpu&) = delete;

 private:
  cpu_set_t saved_{};
  bool pinned_ = false;
};

class NullSink final : public engine::RunSink {
 public:
  void write(const engine::RunResult&) override {}
};

/// CPU seconds of the calling thread so far.
double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

/// Passes runs on to `sink`, adding the CPU time its writes take (they run on the calling thread).
class TimedSink final : public engine::RunSink {
 public:
  explicit TimedSink(engine::RunSink& sink) : sink_(sink) {}
  void write(const engine::RunResult& run) override {
    const double t0 = thread_cpu_seconds();
    sink_.write(run);
    cpu_seconds_ += thread_cpu_seconds() - t0;
  }
  [[nodiscard]] double cpu_seconds() const noexcept { return cpu_seconds_; }

 private:
  engine::RunSink& sink_;
  double cpu_seconds_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  int months = 60;
  if (argc > 2 || (argc == 2 && (std::sscanf(argv[1], "%d", &months) != 1 || months < 1 || months > 1200))) {
    std::fprintf(stderr, "usage: returnsim_bench [months]  (months of the throughput runs, 1-1200; default 60)\n");
    return 2;
  }
  const int cores = tbb::info::default_concurrency();
  std::printf("returnsim benchmark, %d cores\n", cores);
  // Scaling needs two thread counts: on one core it is not measured.
  auto print_scaling = [&](const char* what, double rate1, double rate_all) {
    if (cores < 2) std::printf("  %s: not measured on one core (target >= 90%%)\n", what);
    else std::printf("  %s at %d threads: %.0f%% (target >= 90%%)\n", what, cores, 100.0 * rate_all / rate1 / cores);
  };

  // 0. The shipped EU baseline, one thread (first, so that the peak memory is its own).
  const std::string eu_baseline = std::string(RETURNSIM_SOURCE_DIR) + "/scenarios/eu-baseline.yaml";
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    const auto s = io::load_scenario(eu_baseline, {{"simulation.agent_scale", "1"}, {"simulation.months", "72"}}).scenario;
    engine::Simulation sim(s, 1);
    double stored = 0, order_to_leave = 0;
    const double cpu0 = cpu_seconds();
    const auto total = engine::simulated_months(s);
    for (std::int64_t t = 0; t < total; ++t) {
      sim.step(nullptr);
      stored += static_cast<double>(sim.migrants().size());
      order_to_leave += static_cast<double>(sim.counts().status_count[static_cast<std::size_t>(model::Status::order_to_leave)]);
    }
    const double cpu = cpu_seconds() - cpu0;
    std::printf("EU baseline, agent_scale 1, %lld months (burn-in included), 1 thread: %zu agents stored at the end, "
                "%.2f CPU s\n",
                static_cast<long long>(total), sim.migrants().size(), cpu);
    std::printf("  order-to-leave agent-months per CPU-second: %.1f million (target >= 100)\n", order_to_leave / cpu / 1e6);
    std::printf("  agent-months per CPU-second over all stored agents: %.1f million\n", stored / cpu / 1e6);
    // The agents' arrays, and what the scheduling holds beside them: a pass entry for each agent
    // in the passes, a calendar entry for each asleep, the waiting room's lists and stay months.
    const double n = static_cast<double>(sim.migrants().size());
    const double bytes = static_cast<double>(model::Migrants::bytes_per_agent()) + static_cast<double>(sim.scheduling_bytes()) / n;
    std::printf("  at the end: %zu agents in the passes, %zu waiting out of them, %zu asleep until an event, the rest dormant\n",
                sim.active_agents(), sim.waiting_agents(), sim.sleeping_agents());
    std::printf("  peak resident memory: %.0f MB; state per stored agent: %.1f bytes (target <= 16)\n",
                peak_resident_mb(), bytes);
  }
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    const auto s = io::load_scenario(eu_baseline, {{"simulation.months", "72"}}).scenario;
    const int baseline_runs = 4;
    NullSink sink;
    const double cpu0 = cpu_seconds();
    engine::execute_runs(s, engine::replication_plan(1, baseline_runs, "baseline"), sink);
    const double cpu = cpu_seconds() - cpu0;
    std::printf("EU baseline, agent_scale %d, %d + 72 months, %d runs at 1 thread: %.2f runs per CPU-second (target >= 10)\n",
                s.simulation.agent_scale, s.simulation.burn_in_months, baseline_runs, baseline_runs / cpu);
    // The reported months alone, from a burn-in done before the clock starts: what the issue's
    // "today 1.25" measured (runs had no burn-in then), and what each further policy of a sweep
    // costs (its policies share the burn-in).
    double reported_cpu = 0;
    for (const auto& run : engine::replication_plan(1, baseline_runs, "baseline")) {
      engine::Simulation burnt_in(s, run.seed);
      burnt_in.burn_in();
      const double cpu1 = cpu_seconds();
      engine::Simulation sim(burnt_in, s);
      sim.run(nullptr);
      reported_cpu += cpu_seconds() - cpu1;
    }
    std::printf("  its 72 reported months alone, from a finished burn-in: %.2f runs per CPU-second\n",
                baseline_runs / reported_cpu);
  }

  // 1. Migrant-months per second per core: the synthetic EU-sized world (levers at work), and the
  // calibrated EU baseline at one agent per person.
  auto throughput = [&](const scenario::Scenario& s, const char* label) {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    engine::Simulation sim(s, 1);
    double agent_months = 0;
    const auto t0 = Clock::now();
    for (int t = 0; t < s.simulation.months; ++t) {
      agent_months += static_cast<double>(sim.migrants().size());
      sim.step(nullptr);
    }
    const double secs = seconds_since(t0);
    std::printf("%s: %zu agents at the end, %.0f migrant-months in %.2f s\n", label, sim.migrants().size(),
                agent_months, secs);
    std::printf("  migrant-months per second per core: %.1f million (target >= 50)\n", agent_months / secs / 1e6);
  };
  throughput(io::build_scenario(io::parse_yaml_text(eu_sized_world(months), "<bench>")).scenario, "EU-sized world");
  throughput(io::load_scenario(std::string(RETURNSIM_SOURCE_DIR) + "/scenarios/eu-baseline.yaml",
                               {{"simulation.agent_scale", "1"}, {"simulation.months", std::to_string(months)}})
                 .scenario,
             "EU baseline (scenarios/eu-baseline.yaml, agent_scale 1)");

  // 2. Runs per second at 1 and all threads; 3. HDF5 share and bytes per run.
  const auto loaded = io::load_scenario(std::string(RETURNSIM_SOURCE_DIR) + "/scenarios/small.yaml");
  const auto& small = loaded.scenario;
  const int runs = 32;
  const auto plan = engine::replication_plan(1, runs, "baseline");
  double rate1 = 0, rate_all = 0;
  for (int threads : {1, cores}) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    NullSink sink;
    const auto t0 = Clock::now();
    engine::execute_runs(small, plan, sink);
    const double rate = runs / seconds_since(t0);
    (threads == 1 ? rate1 : rate_all) = rate;
    std::printf("small.yaml, %d runs of %d months at %d thread(s): %.1f runs/s\n", runs, small.simulation.months,
                threads, rate);
  }
  print_scaling("scaling efficiency", rate1, rate_all);
  {
    const std::string path = (std::filesystem::temp_directory_path() / "returnsim-bench.h5").string();
    std::filesystem::remove(path);
    // The writing's CPU time (creating the file, each run's write, the commit: all on this thread)
    // over the CPU time of the whole run set: a share that does not depend on what else the
    // machine is doing, as the difference of two timings would.
    const double cpu0 = cpu_seconds();
    double writing = 0;
    {
      double t0 = thread_cpu_seconds();
      io::H5Writer writer(path, io::make_output_header(small, loaded.effective_yaml, plan, "bench"), true);
      writing += thread_cpu_seconds() - t0;
      TimedSink timed(writer);
      engine::execute_runs(small, plan, timed);
      writing += timed.cpu_seconds();
      t0 = thread_cpu_seconds();
      writer.commit();
      writing += thread_cpu_seconds() - t0;
    }
    const double all = cpu_seconds() - cpu0;
    const auto bytes = std::filesystem::file_size(path);
    std::printf("HDF5 writing: %.3f of the run set's %.2f CPU-seconds: %.1f%% (target < 10%%)\n", writing, all,
                100.0 * writing / all);
    std::printf("  output bytes per run: %.0f (%zu origins x %zu states x %d months)\n",
                static_cast<double>(bytes) / runs, small.origin_countries.size(), small.member_states.size(),
                small.simulation.months);
    std::filesystem::remove(path);
  }

  // 4. A sweep as `returnsim sweep` runs it (per-run scenarios, crash journal with fdatasync per
  // run, HDF5 file), at 1 and all threads: tests/data/sweep-leverage.yaml repeated to 96 runs.
  {
    io::LoadedSweep sweep = io::load_sweep(std::string(RETURNSIM_SOURCE_DIR) + "/tests/data/sweep-leverage.yaml");
    sweep.sweep.replications = 12;
    const auto sweep_runs = engine::sweep_plan(sweep.sweep, sweep.samples);
    const io::OutputHeader header = io::make_sweep_header(sweep, sweep_runs, "bench");
    const engine::ScenarioForRun scenario_for = io::sweep_scenarios(sweep);
    // One worker with its writer (the main thread) on one core, the same with the writer free to
    // use another core, then a worker a core: the scaling from one core is the target's.
    struct SweepCase {
      int threads;
      bool one_cpu;
      const char* label;
    };
    const SweepCase cases[] = {{1, true, "1 thread, writer on the same core"},
                               {1, false, "1 thread, writer on another core"},
                               {cores, false, "all threads"}};
    double rates[3] = {0, 0, 0};
    for (std::size_t c = 0; c < 3; ++c) {
      if (cores < 2 && c > 0) break;  // on one core the three are the same
      tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(cases[c].threads));
      std::optional<OneCpu> pinned;
      if (cases[c].one_cpu) pinned.emplace();
      const std::string path = (std::filesystem::temp_directory_path() / "returnsim-bench-sweep.h5").string();
      const auto t0 = Clock::now();
      io::OutputFile out(path, header, io::OutputOptions{true, false, true});
      engine::execute_runs(scenario_for, engine::simulated_months(sweep.base.scenario), sweep_runs, out, {}, nullptr,
                           engine::BurnIns::shared_by_policies);
      out.commit();
      rates[c] = static_cast<double>(sweep_runs.size()) / seconds_since(t0);
      std::printf("sweep-leverage.yaml, %zu runs of %d months, journal + HDF5, %d thread(s) (%s): %.1f runs/s\n",
                  sweep_runs.size(), sweep.base.scenario.simulation.months, cases[c].threads, cases[c].label, rates[c]);
      std::filesystem::remove(path);
    }
    print_scaling("sweep scaling efficiency from one core", rates[0], rates[2]);
    if (cores >= 2) {
      std::printf("  (from one thread with the writer on another core: %.0f%%)\n", 100.0 * rates[2] / rates[1] / cores);
    }
  }

  // 5. Simulations per second inside a calibration, as `returnsim calibrate` runs them (the shipped
  // calibration's history at its agent_scale, with its journal): two generations of 32 + 16.
  {
    io::LoadedCalibration calibration =
        io::load_calibration(std::string(RETURNSIM_SOURCE_DIR) + "/scenarios/calibration-2019-2024.yaml");
    calibration.calibration.method.particles = 32;
    calibration.calibration.method.generations = 2;
    const std::string path = (std::filesystem::temp_directory_path() / "returnsim-bench-calibration.h5").string();
    const auto t0 = Clock::now();
    io::CalibrationOutput out(path, calibration, io::OutputOptions{true, false, true});
    engine::AbcSmc abc(calibration.calibration);
    engine::run_abc(abc, calibration.calibration, io::sweep_scenarios(calibration.runs),
                    engine::simulated_months(calibration.runs.base.scenario), &out);
    const double secs = seconds_since(t0);
    const auto calibration_runs = abc.generations().back().runs_total;
    std::printf("calibration-2019-2024.yaml (agent_scale %d, %d + %d months), %zu runs at %d thread(s): %.2f "
                "simulations/s, %.2f per core\n",
                calibration.runs.base.scenario.simulation.agent_scale,
                calibration.runs.base.scenario.simulation.burn_in_months, calibration.runs.base.scenario.simulation.months,
                calibration_runs, cores, static_cast<double>(calibration_runs) / secs,
                static_cast<double>(calibration_runs) / secs / cores);
    std::filesystem::remove(path + ".journal");
  }
  return 0;
}
