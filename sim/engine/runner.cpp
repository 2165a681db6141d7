#include "returnsim/engine/runner.hpp"

#include <tbb/concurrent_queue.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <chrono>
#include <exception>
#include <map>
#include <optional>
#include <tuple>
#include <thread>
#include <variant>

namespace returnsim::engine {

ScenarioForRun same_scenario(const scenario::Scenario& scenario) {
  const std::shared_ptr<const scenario::Scenario> shared(&scenario, [](const scenario::Scenario*) {});
  return [shared](const RunInfo&, BurnInWorld) { return RunScenarios{shared, nullptr}; };
}

void execute_runs(const scenario::Scenario& scenario, const std::vector<RunInfo>& plan, RunSink& sink,
                  const ProgressCallback& progress) {
  execute_runs(same_scenario(scenario), simulated_months(scenario), plan, sink, progress);
}

namespace {
std::string failures_message(const std::vector<RunFailure>& failures) {
  std::string out = std::to_string(failures.size()) + (failures.size() == 1 ? " run" : " runs") + " failed";
  for (std::size_t k = 0; k < failures.size() && k < 10; ++k) {
    const RunInfo& run = failures[k].info;
    out += "; run " + std::to_string(run.index) + " (policy " + run.policy + ", sample " + std::to_string(run.sample) +
           ", replication " + std::to_string(run.replication) + "): " + failures[k].reason;
  }
  if (failures.size() > 10) out += "; ...";
  return out;
}
}  // namespace

RunsFailed::RunsFailed(std::vector<RunFailure> failures)
    : Error(failures_message(failures)), failures_(std::move(failures)) {}

std::vector<std::size_t> burn_in_group_of(const std::vector<RunInfo>& plan) {
  std::map<std::tuple<std::int64_t, std::int64_t, std::uint64_t>, std::size_t> number;
  std::vector<std::size_t> group(plan.size());
  for (std::size_t i = 0; i < plan.size(); ++i) {
    group[i] = number.try_emplace({plan[i].sample, plan[i].replication, plan[i].seed}, number.size()).first->second;
  }
  return group;
}

std::vector<std::size_t> deal_runs(const std::vector<RunInfo>& runs, std::size_t parts) {
  std::vector<std::size_t> part = burn_in_group_of(runs);
  const bool by_group = !part.empty() && *std::max_element(part.begin(), part.end()) + 1 >= parts;
  for (std::size_t j = 0; j < part.size(); ++j) part[j] = (by_group ? part[j] : j) % parts;
  return part;
}

namespace {
/// Positions in `plan` by the runs that share a burn-in (burn_in_group_of), each group in plan
/// order, the groups in the order of their first run; one run per group with BurnIns::per_run.
std::vector<std::vector<std::size_t>> burn_in_groups(const std::vector<RunInfo>& plan, BurnIns burn_ins) {
  std::vector<std::vector<std::size_t>> groups;
  if (burn_ins == BurnIns::per_run) {
    for (std::size_t i = 0; i < plan.size(); ++i) groups.push_back({i});
    return groups;
  }
  const std::vector<std::size_t> group_of = burn_in_group_of(plan);
  for (std::size_t i = 0; i < plan.size(); ++i) {
    if (group_of[i] == groups.size()) groups.emplace_back();
    groups[group_of[i]].push_back(i);
  }
  return groups;
}
}  // namespace

void execute_runs(const ScenarioForRun& scenario_for, std::int64_t months, const std::vector<RunInfo>& plan, RunSink& sink,
                  const ProgressCallback& progress, const RemoteRuns* remote, BurnIns burn_ins) {
  // A finished run, or why it failed, with its position in the plan.
  struct Item {
    std::size_t position = 0;
    std::variant<RunResult, RunFailure> outcome;
  };
  tbb::concurrent_bounded_queue<Item> finished;
  finished.set_capacity(2 * std::max(1, tbb::this_task_arena::max_concurrency()));
  std::atomic<std::int64_t> months_done{0};
  std::atomic<bool> cancelled{false};
  std::atomic<bool> producer_done{false};
  std::exception_ptr producer_failure;  // outside any run: TBB itself out of memory

  const std::vector<std::vector<std::size_t>> groups = burn_in_groups(plan, burn_ins);
  std::thread producer([&] {
    try {
      // Every run catches its own failure, so that the loop is never cancelled by one: a
      // cancelled loop would stop its neighbours (their loops are isolated too:
      // engine/simulation.cpp).
      auto report_failure = [&](std::size_t i, const char* reason) {
        try {
          finished.push(Item{i, RunFailure{plan[i], reason}});
        } catch (...) {
          // No memory even for the report: the run is missing at the end and counted as failed.
        }
      };
      // Runs `run()` (its RunResult) for plan position i, reporting what it throws as the run's failure.
      auto attempt = [&](std::size_t i, auto&& run) {
        if (cancelled.load() || stop_requested()) return report_failure(i, "not started: the sweep stopped");
        try {
          finished.push(Item{i, run()});
        } catch (const std::bad_alloc&) {
          report_failure(i, "out of memory");
        } catch (const std::exception& e) {
          try {
            finished.push(Item{i, RunFailure{plan[i], e.what()}});
          } catch (...) {
            report_failure(i, "out of memory");
          }
        }
      };
      tbb::parallel_for(std::size_t{0}, groups.size(), [&](std::size_t g) {
        const std::vector<std::size_t>& group = groups[g];
        if (group.size() == 1) {
          const std::size_t i = group.front();
          return attempt(i, [&] {
            const RunScenarios scenarios = scenario_for(plan[i], BurnInWorld::needed);
            return simulate_run(*scenarios.scenario, plan[i], &months_done, scenarios.burn_in_world.get());
          });
        }
        // One burn-in for the group, in the first run's burn-in world; each run from a copy.
        auto fail_group = [&](const char* reason) {
          for (const std::size_t i : group) report_failure(i, reason);
        };
        if (cancelled.load() || stop_requested()) return fail_group("not started: the sweep stopped");
        std::optional<Simulation> burnt_in;
        RunScenarios first;
        try {
          first = scenario_for(plan[group.front()], BurnInWorld::needed);
          burnt_in.emplace(*first.scenario, plan[group.front()].seed, first.burn_in_world.get());
          burnt_in->burn_in();
          months_done += static_cast<std::int64_t>(group.size()) * first.scenario->simulation.burn_in_months;
        } catch (const std::bad_alloc&) {
          return fail_group("out of memory");
        } catch (const std::exception& e) {
          return fail_group((std::string("its shared burn-in failed: ") + e.what()).c_str());
        }
        tbb::parallel_for(std::size_t{0}, group.size(), [&](std::size_t k) {
          const std::size_t i = group[k];
          attempt(i, [&] {
            const RunScenarios scenarios = k == 0 ? first : scenario_for(plan[i], BurnInWorld::not_needed);
            return simulate_run_from(*burnt_in, *scenarios.scenario, plan[i], &months_done);
          });
        });
      });
    } catch (...) {
      producer_failure = std::current_exception();
    }
    producer_done = true;
  });
  // Whatever happens on this thread, the producer is stopped and joined before leaving: its runs
  // are dropped (cancelled) and the queue drained so that no push blocks.
  auto stop_producer = [&] {
    cancelled = true;
    Item item;
    while (!producer_done.load()) {
      while (finished.try_pop(item)) {}
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    producer.join();
  };

  const std::size_t expected_remote = remote != nullptr ? remote->expected : 0;
  const std::int64_t total_months = static_cast<std::int64_t>(plan.size() + expected_remote) * months;
  std::size_t local_done = 0, received = 0;
  std::vector<char> accounted(plan.size(), 0);  // by position in the plan: written or failed
  std::vector<RunFailure> failures;
  std::exception_ptr sink_failure;
  try {
    auto last_report = std::chrono::steady_clock::now();
    // Months done: local runs as they go, remote runs as they arrive.
    auto months_so_far = [&] { return months_done.load() + static_cast<std::int64_t>(received) * months; };
    auto write = [&](const RunResult& run) {
      try {
        sink.write(run);
      } catch (...) {
        sink_failure = std::current_exception();
        cancelled = true;  // no new runs start; those under way finish and are dropped
      }
    };
    // The local runs are over when every one was reported, or when the producer ended and its
    // queue is empty (a report lost for want of memory).
    auto local_pending = [&] { return local_done < plan.size() && !(producer_done.load() && finished.empty()); };
    while ((local_pending() || (received < expected_remote && !stop_requested())) && !sink_failure) {
      bool idle = true;
      Item item;
      if (local_done < plan.size() && finished.try_pop(item)) {
        idle = false;
        ++local_done;
        accounted[item.position] = 1;
        if (auto* run = std::get_if<RunResult>(&item.outcome)) {
          write(*run);
        } else {
          failures.push_back(std::get<RunFailure>(std::move(item.outcome)));
        }
      }
      if (received < expected_remote && !sink_failure) {
        std::optional<RunResult> run;
        try {
          run = remote->try_receive();
        } catch (...) {
          sink_failure = std::current_exception();
          cancelled = true;
        }
        if (run) {
          idle = false;
          write(*run);
          ++received;
        }
      }
      // TBB's bounded queue has no timed pop: a short sleep keeps this thread off the cores.
      if (idle) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      const auto now = std::chrono::steady_clock::now();
      if (progress && now - last_report > std::chrono::milliseconds(200)) {
        progress(months_so_far(), total_months);
        last_report = now;
      }
    }
    if (progress) progress(months_so_far(), total_months);
  } catch (...) {
    stop_producer();
    throw;
  }
  stop_producer();
  if (sink_failure) std::rethrow_exception(sink_failure);
  if (producer_failure) std::rethrow_exception(producer_failure);
  if (!stop_requested()) {
    for (std::size_t i = 0; i < plan.size(); ++i) {
      if (accounted[i] == 0) failures.push_back(RunFailure{plan[i], "out of memory"});
    }
  }
  if (stop_requested()) throw Interrupted();  // the runs written so far are kept
  if (!failures.empty()) throw RunsFailed(std::move(failures));
}

}  // namespace returnsim::engine
