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
  return [shared](const RunInfo&) { return shared; };
}

void execute_runs(const scenario::Scenario& scenario, const std::vector<RunInfo>& plan, RunSink& sink,
                  const ProgressCallback& progress) {
  execute_runs(same_scenario(scenario), scenario.simulation.months, plan, sink, progress);
}

void execute_runs(const ScenarioForRun& scenario_for, int months, const std::vector<RunInfo>& plan, RunSink& sink,
                  const ProgressCallback& progress) {
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
        const std::shared_ptr<const scenario::Scenario> scenario = scenario_for(plan[i]);
        finished.push(Item(simulate_run(*scenario, plan[i], &months_done)));
      });
    } catch (...) {
      failure = std::current_exception();
      finished.push(Item());
    }
  });

  const std::int64_t total_months = static_cast<std::int64_t>(plan.size()) * months;
  std::size_t written = 0;
  auto last_report = std::chrono::steady_clock::now();
  std::exception_ptr sink_failure;
  while (written < plan.size() && !sink_failure) {
    Item item;
    if (finished.try_pop(item)) {
      if (!item.has_value()) break;  // a run failed; its exception is rethrown below
      try {
        sink.write(*item);
      } catch (...) {
        sink_failure = std::current_exception();
        cancelled = true;  // no new runs start; those under way finish and are dropped
      }
      ++written;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const auto now = std::chrono::steady_clock::now();
    if (progress && now - last_report > std::chrono::milliseconds(200)) {
      progress(months_done.load(), total_months);
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
  if (progress) progress(months_done.load(), total_months);
  if (sink_failure) std::rethrow_exception(sink_failure);
  if (failure) std::rethrow_exception(failure);
}

}  // namespace returnsim::engine
