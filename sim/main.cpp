// returnsim command line: parses arguments, calls the library, maps errors to exit codes
// (0 success, 2 bad usage or bad input, 1 runtime failure). Nothing else lives here.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <tbb/global_control.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include "returnsim/engine/run_plan.hpp"
#include "returnsim/engine/sweep_plan.hpp"
#include "returnsim/engine/runner.hpp"
#include "returnsim/io/h5_reader.hpp"
#include "returnsim/io/h5_writer.hpp"
#include "returnsim/io/progress.hpp"
#include "returnsim/io/summary.hpp"
#include "returnsim/io/sweep_loader.hpp"
#include "returnsim/io/yaml_loader.hpp"
#include "returnsim/scenario/parameters.hpp"
#include "returnsim/util/errors.hpp"
#include "returnsim/util/version.hpp"

namespace {

using namespace returnsim;

struct RunOptions {
  std::string scenario_path;
  std::string output_path;
  std::optional<std::string> replications, seed, months;
  int threads = 0;
  bool quiet = false;
  bool force = false;
};

std::string joined_command_line(int argc, char** argv) {
  std::string out;
  for (int i = 0; i < argc; ++i) {
    if (i > 0) out += ' ';
    out += argv[i];
  }
  return out;
}

/// The output path: given, or output/<name>.h5; its directory must exist.
std::string output_path(const std::string& given, const std::string& name) {
  std::string output = given.empty() ? "output/" + name + ".h5" : given;
  if (const auto parent = std::filesystem::path(output).parent_path();
      !parent.empty() && !std::filesystem::is_directory(parent)) {
    throw IoError("cannot write " + output + ": directory " + parent.string() + " does not exist");
  }
  return output;
}

/// Runs `plan` on `threads` threads (0: all) into `output`, with a progress line; returns seconds.
double run_into_file(const RunOptions& o, const std::string& output, const io::OutputHeader& header,
                     const std::vector<engine::RunInfo>& plan, const engine::ScenarioForRun& scenario_for, int months) {
  std::optional<tbb::global_control> limit;
  if (o.threads > 0) limit.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(o.threads));
  io::H5Writer writer(output, header, o.force);
  io::ProgressLine progress(!o.quiet, months);
  const auto start = std::chrono::steady_clock::now();
  engine::execute_runs(scenario_for, months, plan, writer,
                       [&](std::int64_t done, std::int64_t total) { progress.update(done, total); });
  progress.finish();
  writer.commit();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int command_sweep(const RunOptions& o, const std::string& command_line) {
  const io::LoadedSweep loaded = io::load_sweep(o.scenario_path);
  const scenario::Sweep& sweep = loaded.sweep;
  const scenario::Scenario& base = loaded.base.scenario;
  const std::string output = output_path(o.output_path, sweep.name);
  const auto plan = engine::sweep_plan(sweep, loaded.samples);
  io::OutputHeader header = io::make_output_header(base, loaded.base.effective_yaml, plan, command_line);
  header.scenario_name = sweep.name;
  header.sweep_yaml = loaded.effective_yaml;
  for (const auto& f : sweep.uncertainties.factors) header.factor_paths.push_back(f.path);
  // Each run builds its own scenario (policy overrides + its world's factor values): memory stays
  // bounded by the runs under way, whatever the size of the sweep.
  auto scenario_for = [&](const engine::RunInfo& run) {
    return std::make_shared<const scenario::Scenario>(
        io::sweep_scenario(loaded, static_cast<std::size_t>(run.policy_index), run.factors));
  };
  const double seconds = run_into_file(o, output, header, plan, scenario_for, base.simulation.months);
  spdlog::info("wrote {} ({} policies x {} worlds x {} replications = {} runs in {:.2f} s, {:.1f} runs/s)", output,
               sweep.policies.size(), loaded.samples.size(), sweep.replications, plan.size(), seconds,
               static_cast<double>(plan.size()) / seconds);
  return 0;
}

int command_run(const RunOptions& o, const std::string& command_line) {
  std::vector<io::Override> overrides;
  if (o.replications) overrides.push_back({"simulation.replications", *o.replications});
  if (o.seed) overrides.push_back({"simulation.seed", *o.seed});
  if (o.months) overrides.push_back({"simulation.months", *o.months});
  const io::LoadedScenario loaded = io::load_scenario(o.scenario_path, overrides);
  const scenario::Scenario& s = loaded.scenario;

  const std::string output = output_path(o.output_path, s.info.name);
  const auto plan = engine::replication_plan(s.simulation.seed, s.simulation.replications, "baseline");
  const double seconds = run_into_file(o, output, io::make_output_header(s, loaded.effective_yaml, plan, command_line),
                                       plan, engine::same_scenario(s), s.simulation.months);
  spdlog::info("wrote {} ({} runs of {} months in {:.2f} s)", output, plan.size(), s.simulation.months, seconds);
  return 0;
}

int command_check(const std::string& path) {
  if (io::is_sweep_file(path)) {
    const io::LoadedSweep loaded = io::load_sweep(path);
    const auto& w = loaded.sweep;
    std::printf("%s: OK (sweep %s: %zu policies x %zu worlds x %d replications = %zu runs of %d months on %s)\n",
                path.c_str(), w.name.c_str(), w.policies.size(), loaded.samples.size(), w.replications,
                w.policies.size() * loaded.samples.size() * static_cast<std::size_t>(w.replications),
                loaded.base.scenario.simulation.months, w.base_path.c_str());
    return 0;
  }
  const io::LoadedScenario loaded = io::load_scenario(path);
  const scenario::Scenario& s = loaded.scenario;
  std::printf("%s: OK (scenario %s: %zu member states, %zu origin countries, %zu routes, %d months, %d replications)\n",
              path.c_str(), s.info.name.c_str(), s.member_states.size(), s.origin_countries.size(), s.routes.size(),
              s.simulation.months, s.simulation.replications);
  return 0;
}

int command_summary(const std::string& path) {
  const io::KpiTable table = io::read_kpi_table(path);
  std::fputs(io::format_summary(table, path).c_str(), stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  auto logger = spdlog::stderr_color_mt("returnsim");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("returnsim: %v");

  CLI::App app{"returnsim: agent-based policy simulator of the return of people with no right to stay in the EU"};
  app.set_version_flag("--version", std::string(kVersion) + " (" + kSourceRevision + ")");
  app.require_subcommand(1);

  RunOptions run_options;
  CLI::App* run = app.add_subcommand("run", "Run one scenario (N replications) and write one HDF5 file");
  run->add_option("scenario", run_options.scenario_path, "scenario YAML file")->required();
  run->add_option("-o,--output", run_options.output_path, "output HDF5 file (default output/<scenario name>.h5)");
  run->add_option("--replications", run_options.replications, "number of replications (overrides simulation.replications)");
  run->add_option("--seed", run_options.seed, "base seed (overrides simulation.seed)");
  run->add_option("--months", run_options.months, "horizon in months (overrides simulation.months)");
  run->add_option("--threads", run_options.threads, "worker threads (default: all cores)")->check(CLI::Range(1, 4096));
  run->add_flag("--quiet", run_options.quiet, "no progress line and no log messages");
  run->add_flag("--force", run_options.force, "overwrite an existing output file");

  RunOptions sweep_options;
  CLI::App* sweep = app.add_subcommand(
      "sweep", "Run a sweep (policies x sampled worlds x replications, common random numbers) into one HDF5 file");
  sweep->add_option("sweep", sweep_options.scenario_path, "sweep YAML file")->required();
  sweep->add_option("-o,--output", sweep_options.output_path, "output HDF5 file (default output/<sweep name>.h5)");
  sweep->add_option("--threads", sweep_options.threads, "worker threads (default: all cores)")->check(CLI::Range(1, 4096));
  sweep->add_flag("--quiet", sweep_options.quiet, "no progress line and no log messages");
  sweep->add_flag("--force", sweep_options.force, "overwrite an existing output file");

  std::string check_path;
  CLI::App* check = app.add_subcommand("check", "Validate a scenario or sweep file; print every problem; run nothing");
  check->add_option("file", check_path, "scenario or sweep YAML file")->required();

  std::string summary_path;
  CLI::App* summary = app.add_subcommand("summary", "Print the KPI table of an output file");
  summary->add_option("file", summary_path, "returnsim HDF5 output file")->required();

  CLI::App* parameters = app.add_subcommand("parameters", "Print the parameter table as Markdown (docs/parameters.md)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  try {
    if (run->parsed()) {
      if (run_options.quiet) spdlog::set_level(spdlog::level::warn);
      return command_run(run_options, joined_command_line(argc, argv));
    }
    if (sweep->parsed()) {
      if (sweep_options.quiet) spdlog::set_level(spdlog::level::warn);
      return command_sweep(sweep_options, joined_command_line(argc, argv));
    }
    if (check->parsed()) return command_check(check_path);
    if (summary->parsed()) return command_summary(summary_path);
    if (parameters->parsed()) {
      std::fputs(scenario::parameters_markdown().c_str(), stdout);
      return 0;
    }
  } catch (const ScenarioError& e) {
    for (const auto& p : e.problems()) std::cerr << "error: " << p.to_string() << "\n";
    std::cerr << e.problems().size() << (e.problems().size() == 1 ? " problem" : " problems") << " found; nothing was run\n";
    return 2;
  } catch (const UsageError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  } catch (const Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "internal error: " << e.what() << "\n";
    return 1;
  }
  return 2;
}
