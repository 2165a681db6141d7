#include "returnsim/engine/runner.hpp"

#include <tbb/concurrent_queue.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <chrono>
#include <exception>
#include <optional>
#include <thread>

namespace returnsim::engine {

ScenarioForRun same_scenario(const scenario::Scenario& scenario) {
  const std::shared_ptr<const scenario::Scenario> shared(&scenario, [](const scenario::Scenario*) {});
  return [shared](const RunInfo&) { return RunScenarios{shared, nullptr}; };
}

void execute_runs(const scenario::Scenario& scenario, const std::vector<RunInfo>& plan, RunSink& sink,
                  const ProgressCallback& progress) {
  execute_runs(same_scenario(scenario), simulated_months(scenario), plan, sink, progress);
}

void execute_runs(const ScenarioForRun& scenario_for, std::int64_t months, const std::vector<RunInfo>& plan, RunSink& sink,
                  const ProgressCallback& progress, const RemoteRuns* remote) {
  using Item = std::optional<RunResult>;  // empty = a producer failed
  tbb::concurrent_bounded_queue<Item> finished;
  finished.set_capacity(2 * std::max(1, tbb::this_task_arena::max_concurrency()));
  std::atomic<std::int64_t> months_done{0};
  std::atomic<bool> cancelled{false};
  std::exception_ptr failure;  // written by the producer only, read after join()

  std::thread producer([&] {
    try {
      tbb::parallel_for(std::size_t{0}, plan.size(), [&](std::size_t i) {
        if (cancelled.load()) return;
        const RunScenarios scenarios = scenario_for(plan[i]);
        finished.push(Item(simulate_run(*scenarios.scenario, plan[i], &months_done, scenarios.burn_in_world.get())));
      });
    } catch (...) {
      failure = std::current_exception();
      finished.push(Item());
    }
  });

  const std::size_t expected_remote = remote != nullptr ? remote->expected : 0;
  const std::int64_t total_months = static_cast<std::int64_t>(plan.size() + expected_remote) * months;
  std::size_t written = 0, received = 0;
  bool local_failed = false;
  auto last_report = std::chrono::steady_clock::now();
  // Months done: local runs as they go, remote runs as they arrive.
  auto months_so_far = [&] { return months_done.load() + static_cast<std::int64_t>(received) * months; };
  std::exception_ptr sink_failure;
  auto write = [&](const RunResult& run) {
    try {
      sink.write(run);
    } catch (...) {
      sink_failure = std::current_exception();
      cancelled = true;  // no new runs start; those under way finish and are dropped
    }
  };
  while ((written < plan.size() || received < expected_remote) && !sink_failure && !local_failed) {
    bool idle = true;
    Item item;
    if (written < plan.size() && finished.try_pop(item)) {
      idle = false;
      if (!item.has_value()) {
        local_failed = true;  // a run failed; its exception is rethrown below
        continue;
      }
      write(*item);
      ++written;
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
  // Drain anything left (cancelled runs) while joining.
  std::atomic<bool> joined{false};
  std::thread drainer([&] {
    Item item;
    while (!joined.load()) {
      while (finished.try_pop(item)) {}
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  producer.join();
  joined = true;
  drainer.join();
  if (progress) progress(months_so_far(), total_months);
  if (sink_failure) std::rethrow_exception(sink_failure);
  if (failure) std::rethrow_exception(failure);
}

}  // namespace returnsim::engine
