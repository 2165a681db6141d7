// The CLI's commands (commands.hpp).
#include "commands.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <tbb/global_control.h>

#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>
#include <string_view>
#include <system_error>

#include "returnsim/engine/calibration_runner.hpp"
#include "returnsim/engine/mpi_session.hpp"
#include "returnsim/engine/run_plan.hpp"
#include "returnsim/engine/runner.hpp"
#include "returnsim/engine/sweep_plan.hpp"
#include "returnsim/io/calibration_loader.hpp"
#include "returnsim/io/calibration_output.hpp"
#include "returnsim/io/comparison.hpp"
#include "returnsim/io/h5_reader.hpp"
#include "returnsim/io/output_file.hpp"
#include "returnsim/io/progress.hpp"
#include "returnsim/io/summary.hpp"
#include "returnsim/io/sweep_loader.hpp"
#include "returnsim/io/yaml_loader.hpp"
#include "returnsim/io/output_docs.hpp"
#include "returnsim/scenario/parameters.hpp"
#include "returnsim/util/errors.hpp"
#include "returnsim/util/text.hpp"
#include "returnsim/util/version.hpp"

namespace returnsim::cli {
namespace {

/// The output path: given, or output/<name>.h5; its directory must exist.
std::string output_path(const std::string& given, const std::string& name) {
  std::string output = given.empty() ? "output/" + name + ".h5" : given;
  if (const auto parent = std::filesystem::path(output).parent_path();
      !parent.empty() && !std::filesystem::is_directory(parent)) {
    throw IoError("cannot write " + output + ": directory " + parent.string() + " does not exist");
  }
  return output;
}

/// Runs `plan` on `threads` threads (0: all) into `sink` with a progress line (and, on MPI rank 0,
/// the runs of the other ranks); returns seconds.
double run_with_progress(const RunOptions& o, engine::RunSink& sink, const std::vector<engine::RunInfo>& plan,
                         const engine::ScenarioForRun& scenario_for, std::int64_t months,
                         const engine::RemoteRuns* remote = nullptr,
                         engine::BurnIns burn_ins = engine::BurnIns::per_run) {
  std::optional<tbb::global_control> limit;
  if (o.threads > 0) limit.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(o.threads));
  io::ProgressLine progress(!o.quiet, months);
  const auto start = std::chrono::steady_clock::now();
  engine::execute_runs(scenario_for, months, plan, sink,
                       [&](std::int64_t done, std::int64_t total) { progress.update(done, total); }, remote, burn_ins);
  progress.finish();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Slurm's srun starts N copies; without an MPI environment (srun --mpi=pmix) each would run the
/// whole plan into one output, and all but one would be refused at its lock: say so at once.
void warn_srun_without_mpi(const engine::MpiSession& mpi) {
  const char* tasks = std::getenv("SLURM_STEP_NUM_TASKS");
  if (tasks == nullptr) tasks = std::getenv("SLURM_NTASKS");
  if (mpi.distributed() || tasks == nullptr || std::getenv("SLURM_PROCID") == nullptr || std::atoi(tasks) <= 1) return;
  spdlog::warn("started by srun as task {} of {} without an MPI environment: every task would run the whole plan; "
               "use `srun --mpi=pmix` (OpenMPI built with PMIx) or `mpirun`, or one task with --threads "
               "(docs/sweeps.md)",
               std::getenv("SLURM_PROCID"), tasks);
}

/// Rank 0 opens the output (`open` returns what it found); a failure becomes the outcome's
/// status and message. Every rank gets rank 0's outcome. Single process: failures are thrown as
/// they are.
engine::OpenOutcome open_on_rank_zero(const engine::MpiSession& mpi, const std::function<engine::OpenOutcome()>& open) {
  using Status = engine::OpenOutcome::Status;
  engine::OpenOutcome outcome;
  if (mpi.rank() == 0) {
    try {
      outcome = open();
    } catch (const UsageError& e) {
      if (!mpi.distributed()) throw;
      outcome = {Status::bad_input, e.what(), {}};
    } catch (const Error& e) {
      if (!mpi.distributed()) throw;
      outcome = {Status::failed, e.what(), {}};
    }
  }
  mpi.broadcast(outcome);
  return outcome;
}

/// The exit code of a failed open (printed once, by rank 0).
int open_failure(const engine::MpiSession& mpi, const engine::OpenOutcome& outcome) {
  if (mpi.rank() == 0) std::cerr << "error: " << outcome.message << "\n";
  return outcome.status == engine::OpenOutcome::Status::bad_input ? 2 : 1;
}

}  // namespace

int command_sweep(const RunOptions& o, const std::string& command_line, const engine::MpiSession& mpi) {
  warn_srun_without_mpi(mpi);
  const io::LoadedSweep loaded = io::load_sweep(o.scenario_path);
  const scenario::Sweep& sweep = loaded.sweep;
  const scenario::Scenario& base = loaded.base.scenario;
  const engine::Shard shard = o.shard ? engine::parse_shard(*o.shard) : engine::Shard{};
  const auto plan = engine::sweep_plan(sweep, loaded.samples);
  const io::OutputHeader header = io::make_sweep_header(loaded, plan, command_line, shard);

  // Rank 0 alone opens (or resumes) the output, then tells the other ranks which runs are done.
  std::unique_ptr<io::OutputFile> out;
  std::string output;
  const engine::OpenOutcome opened = open_on_rank_zero(mpi, [&] {
    output = output_path(o.output_path, sweep.name);
    out = std::make_unique<io::OutputFile>(output, header, io::OutputOptions{o.force, o.resume, true});
    return engine::OpenOutcome::opened(out->finished(), out->done());
  });
  if (!opened.ok()) return open_failure(mpi, opened);
  if (opened.status == engine::OpenOutcome::Status::finished) {
    if (mpi.rank() == 0) spdlog::info("{} is already finished; nothing to resume", output);
    return 0;
  }
  std::vector<engine::RunInfo> todo, mine;
  const std::vector<char> in_shard = shard.members(plan);
  for (const auto& run : plan) {
    if (in_shard[run.index] != 0 && opened.done.at(run.index) == 0) todo.push_back(run);
  }
  // Whole worlds-and-replications to a rank, so that their policies share one burn-in there
  // (engine::BurnIns::shared_by_policies), when there are enough of them for every rank; else
  // run by run. Every rank deals the same way.
  const std::vector<std::size_t> rank_of = engine::deal_runs(todo, static_cast<std::size_t>(mpi.size()));
  for (std::size_t j = 0; j < todo.size(); ++j) {
    if (static_cast<int>(rank_of[j]) == mpi.rank()) mine.push_back(todo[j]);
  }
  if (mpi.rank() == 0 && out->done_count() > 0) {
    spdlog::info("resuming {}: {} runs already done, {} to run", output, out->done_count(), todo.size());
  }
  const engine::ScenarioForRun scenario_for = io::sweep_scenarios(loaded);
  const std::int64_t months = engine::simulated_months(base);
  if (mpi.rank() != 0) {
    engine::SendToWriter sink(mpi);
    RunOptions worker = o;
    worker.quiet = true;
    run_with_progress(worker, sink, mine, scenario_for, months, nullptr, engine::BurnIns::shared_by_policies);
    return 0;
  }
  const engine::RemoteRuns remote{todo.size() - mine.size(), [&] { return mpi.try_receive_run(); }};
  double seconds = 0;
  try {
    seconds = run_with_progress(o, *out, mine, scenario_for, months, &remote, engine::BurnIns::shared_by_policies);
  } catch (const engine::RunsFailed& e) {
    // The other runs are durable in the journal: the file is left unfinished for --resume.
    std::cerr << "error: " << e.what() << "\n"
              << "the " << out->done_count() << " finished runs are kept; run the same command with --resume to run "
              << "the failed ones again\n";
    return 1;
  }
  out->commit();
  spdlog::info("wrote {} ({} policies x {} worlds x {} replications = {} runs{}{}; {} run in {:.2f} s, {:.1f} runs/s)",
               output, sweep.policies.size(), loaded.samples.size(), sweep.replications, plan.size(),
               shard.whole() ? "" : ", shard " + shard.label(),
               mpi.distributed() ? ", " + std::to_string(mpi.size()) + " MPI ranks" : "", todo.size(), seconds,
               static_cast<double>(todo.size()) / seconds);
  return 0;
}

/// ABC-SMC calibration (SPEC §9): generations of runs over TBB (and MPI ranks), a journal for
/// --resume, the posterior file at the end; prints the summary.
int command_calibrate(const RunOptions& o, const std::string& command_line, const engine::MpiSession& mpi) {
  warn_srun_without_mpi(mpi);
  const io::LoadedCalibration loaded = io::load_calibration(o.scenario_path);
  const scenario::Calibration& c = loaded.calibration;
  std::unique_ptr<io::CalibrationOutput> out;
  std::string output;
  const engine::OpenOutcome opened = open_on_rank_zero(mpi, [&] {
    output = output_path(o.output_path, c.name);
    out = std::make_unique<io::CalibrationOutput>(output, loaded, io::OutputOptions{o.force, o.resume, true});
    return engine::OpenOutcome::opened(out->finished());
  });
  if (!opened.ok()) return open_failure(mpi, opened);
  if (opened.status == engine::OpenOutcome::Status::finished) {
    if (mpi.rank() == 0) spdlog::info("{} is already finished; nothing to resume", output);
    return 0;
  }
  if (mpi.rank() == 0 && out->resumed_runs() > 0) {
    spdlog::info("resuming {}: {} runs already done", output, out->resumed_runs());
  }
  std::optional<tbb::global_control> limit;
  if (o.threads > 0) limit.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(o.threads));
  engine::AbcSmc abc(c);
  const engine::ScenarioForRun scenario_for = io::sweep_scenarios(loaded.runs);
  const std::int64_t months = engine::simulated_months(loaded.runs.base.scenario);
  std::optional<engine::CalibrationCluster> cluster;
  if (mpi.distributed()) {
    cluster = engine::CalibrationCluster{mpi.rank(), mpi.size(), [&](std::string& bytes) { mpi.broadcast(bytes); },
                                         [&](const engine::RunResult& run) { mpi.send_run(run); },
                                         [&] { return mpi.try_receive_run(); }};
  }
  const auto start = std::chrono::steady_clock::now();
  // In a batch log the generation lines below are the progress (no line per 5% of each generation).
  auto progress = std::make_unique<io::ProgressLine>(!o.quiet && mpi.rank() == 0, months, false);
  const auto on_generation = [&](const engine::AbcSmc& a) {
    progress->finish();
    progress = std::make_unique<io::ProgressLine>(!o.quiet && mpi.rank() == 0, months, false);
    const auto& g = a.generations().back();
    if (mpi.rank() == 0) {
      spdlog::info("generation {}: tolerance {:.4g} sd, acceptance rate {:.3g}, {} runs in all, {:.0f} s", g.generation,
                   g.tolerance, g.acceptance_rate, g.runs_total,
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
  };
  try {
    engine::run_abc(abc, c, scenario_for, months, out.get(),
                    on_generation, [&](std::int64_t done, std::int64_t total) { progress->update(done, total); },
                    cluster ? &*cluster : nullptr);
  } catch (const engine::RunsFailed& e) {
    std::cerr << "error: " << e.what() << "\n"
              << "the finished runs are kept; run the same command with --resume to run the failed ones again\n";
    return 1;
  }
  progress->finish();
  if (mpi.rank() != 0) return 0;
  out->commit(abc, command_line);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  spdlog::info("wrote {} ({} generations, {} runs in {:.0f} s, {:.2f} runs/s; stopped at {})", output,
               abc.generations().size(), abc.generations().back().runs_total, seconds,
               static_cast<double>(abc.generations().back().runs_total) / seconds, abc.stop_reason());
  if (!o.quiet) std::fputs(io::format_calibration_summary(io::read_calibration_file(output), output).c_str(), stdout);
  return 0;
}

int command_run(const RunOptions& o, const std::string& command_line) {
  std::vector<io::Override> overrides;
  if (o.replications) overrides.push_back({"simulation.replications", *o.replications});
  if (o.seed) overrides.push_back({"simulation.seed", *o.seed});
  if (o.months) overrides.push_back({"simulation.months", *o.months});
  for (const auto& setting : o.settings) {
    const auto equals = setting.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw UsageError("--set '" + setting + "': expected PATH=VALUE, e.g. --set behaviour.abscond_rate=0.03");
    }
    overrides.push_back({setting.substr(0, equals), setting.substr(equals + 1)});
  }
  const io::LoadedScenario loaded = io::load_scenario(o.scenario_path, overrides);
  const scenario::Scenario& s = loaded.scenario;

  const std::string output = output_path(o.output_path, s.info.name);
  const auto plan = engine::replication_plan(s.simulation.seed, s.simulation.replications, "baseline");
  io::OutputFile out(output, io::make_output_header(s, loaded.effective_yaml, plan, command_line),
                     io::OutputOptions{o.force, false, false});
  const double seconds = run_with_progress(o, out, plan, engine::same_scenario(s), engine::simulated_months(s));
  out.commit();
  spdlog::info("wrote {} ({} runs of {} months in {:.2f} s)", output, plan.size(), s.simulation.months, seconds);
  return 0;
}

/// Joins shard files of one sweep into the file one machine writes: every run is taken from the
/// shard that completed it, in plan order.
int command_merge(const std::vector<std::string>& inputs, const std::string& output_given, bool force,
                  const std::string& command_line) {
  const std::string output = output_path(output_given, "merged");
  std::vector<std::unique_ptr<io::OutputReader>> shards;
  for (const auto& path : inputs) {
    if (std::filesystem::exists(output) && std::filesystem::equivalent(path, output)) {
      throw UsageError("the output " + output + " is also an input");
    }
    try {
      shards.push_back(std::make_unique<io::OutputReader>(path));
    } catch (const IoError& e) {
      throw UsageError(std::string(e.what()) + " (expected a shard written by returnsim sweep --shard)");
    }
  }
  const io::OutputHeader& first = shards.front()->header();
  for (const auto& shard : shards) {
    const io::OutputHeader& h = shard->header();
    if (h.fingerprint.empty()) throw UsageError(shard->path() + " is not the output of a sweep");
    if (io::sweep_fingerprint(h.sweep_yaml, h.effective_yaml, h.fingerprint_build) != h.fingerprint) {
      throw UsageError(shard->path() + " is damaged: its sweep_yaml, scenario_yaml or sweep_build attribute "
                    "does not match its sweep_fingerprint");
    }
    if (h.fingerprint != first.fingerprint || h.runs.size() != first.runs.size()) {
      throw UsageError(shard->path() + " comes from a different sweep (or returnsim build) than " +
                       shards.front()->path());
    }
  }
  std::vector<const io::OutputReader*> owner(first.runs.size(), nullptr);
  for (std::size_t i = 0; i < owner.size(); ++i) {
    for (const auto& shard : shards) {
      if (shard->completed()[i] != 0) {
        owner[i] = shard.get();
        break;
      }
    }
    if (owner[i] == nullptr) {
      const auto& run = first.runs[i];
      const std::size_t n = first.shard.n;
      const std::size_t part = n > 1 ? engine::deal_runs(first.runs, n)[i] : 0;
      throw UsageError("run " + std::to_string(i) + " (policy " + run.policy + ", sample " +
                       std::to_string(run.sample) + ", replication " + std::to_string(run.replication) +
                       ") is completed in none of the files" +
                       (n > 1 ? "; is shard " + std::to_string(part + 1) + "/" + std::to_string(n) +
                                    " missing or unfinished?"
                              : ""));
    }
  }
  io::OutputFile out(output, io::make_merged_header(first, command_line), io::OutputOptions{force, false, false});
  for (std::size_t i = 0; i < owner.size(); ++i) out.write(owner[i]->read_run(i));
  out.commit();
  spdlog::info("wrote {} ({} runs from {} files)", output, owner.size(), shards.size());
  return 0;
}

int command_check(const std::string& path) {
  // Read once to tell what the file is; a file that cannot be read is reported by the scenario
  // loader below, with its problems.
  std::optional<io::YamlValue> tree;
  try {
    tree = io::parse_yaml_file(path);
  } catch (const ScenarioError&) {
  }
  if (tree && io::is_calibration(*tree)) {
    const io::LoadedCalibration loaded = io::load_calibration(path);
    const auto& c = loaded.calibration;
    std::printf("%s: OK (calibration %s: %zu parameters, %zu targets, %zu held-out checks; %d particles, at most %d "
                "runs of %d months on %s)\n",
                path.c_str(), c.name.c_str(), c.parameters.size(), c.targets.size(), c.held_out.size(),
                c.method.particles, c.method.max_simulations, loaded.runs.base.scenario.simulation.months,
                c.base_path.c_str());
    return 0;
  }
  if (tree && io::is_sweep(*tree)) {
    const io::LoadedSweep loaded = io::load_sweep(path);
    const auto& w = loaded.sweep;
    std::printf("%s: OK (sweep %s: %zu policies x %zu worlds x %d replications = %zu runs of %d months on %s)\n",
                path.c_str(), w.name.c_str(), w.policies.size(), loaded.samples.size(), w.replications,
                w.policies.size() * loaded.samples.size() * static_cast<std::size_t>(w.replications),
                loaded.base.scenario.simulation.months, w.base_path.c_str());
    return 0;
  }
  tree.reset();
  io::YamlValue merged = io::load_merged_tree(path);  // with the files it is based on
  const scenario::Scenario s = io::scenario_from_tree(merged);  // its YAML is not emitted: nothing writes it
  std::printf("%s: OK (scenario %s: %zu member states, %zu origin countries, %zu routes, %d months, %d replications)\n",
              path.c_str(), s.info.name.c_str(), s.member_states.size(), s.origin_countries.size(), s.routes.size(),
              s.simulation.months, s.simulation.replications);
  return 0;
}

/// `report`: the strategist's page (tools/report.py: charts and deciding factors around this
/// binary's `summary --format json`), written whole or not at all.
int command_report(const std::string& path, const std::string& output) {
  const std::string script = std::string(RETURNSIM_SOURCE_DIR) + "/tools/report.py";
  if (!std::filesystem::is_regular_file(script)) {
    throw IoError("the report needs " + script + " (from the source tree this binary was built from)");
  }
  if (io::is_calibration_output(path)) throw UsageError(path + " is a calibration file; report a sweep's output");
  (void)io::compare_policies(io::read_comparison_data(path));  // a sweep with policies to compare, or exit 2
  (void)io::regular_output(output);
  std::error_code ec;
  const std::string self = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  const std::vector<std::string> command = {"/usr/bin/python3", script, path, "-o", output, "--returnsim",
                                            ec ? std::string("returnsim") : self};
  std::vector<char*> argv;
  for (const auto& a : command) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::fflush(nullptr);
  const pid_t child = ::fork();
  if (child < 0) throw IoError("cannot start " + command[0]);
  if (child == 0) {
    ::execv(argv[0], argv.data());
    std::_Exit(127);
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw IoError("the report failed (" + command[0] + " " + script + " exited with " +
                  std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status)) + ")");
  }
  return 0;
}

/// `summary`: a calibration file's posterior; an output's KPIs and, with two or more policies,
/// the comparison (both intervals, cost per extra return, time to effect, robustness; per origin
/// or member state with --by), as text, CSV or JSON.
int command_summary(const std::string& path, const std::string& by, const std::string& format) {
  if (io::is_calibration_output(path)) {
    if (format != "text" || !by.empty()) throw UsageError(path + " is a calibration file: its summary is text only");
    std::fputs(io::format_calibration_summary(io::read_calibration_file(path), path).c_str(), stdout);
    return 0;
  }
  const io::ComparisonData data = io::read_comparison_data(path);
  if (data.policies.size() < 2) {
    if (!by.empty()) throw UsageError(path + " holds one policy: --by compares policies");
    const io::KpiTable table = io::read_kpi_table(path);
    if (format == "text") std::fputs(io::format_summary(table, path).c_str(), stdout);
    if (format == "csv") std::fputs(io::format_kpi_csv(table).c_str(), stdout);
    if (format == "json") std::fputs(io::format_kpi_json(table, path).c_str(), stdout);
    return 0;
  }
  const io::Comparison comparison = io::compare_policies(data, by);
  if (format == "text") {
    if (by.empty()) std::fputs(io::format_summary(io::read_kpi_table(path), path).c_str(), stdout);
    std::fputs(("\n" + io::format_comparison_text(comparison)).c_str(), stdout);
  }
  if (format == "csv") std::fputs(io::format_comparison_csv(comparison).c_str(), stdout);
  if (format == "json") std::fputs(io::format_comparison_json(comparison).c_str(), stdout);
  return 0;
}


}  // namespace returnsim::cli
