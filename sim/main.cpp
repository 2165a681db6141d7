// returnsim command line: parses arguments, calls the library, maps errors to exit codes
// (0 success, 2 bad usage or bad input, 1 runtime failure). Nothing else lives here.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <tbb/global_control.h>

#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <string_view>
#include <system_error>
#include <optional>

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

#include "cli/commands.hpp"

namespace {

using namespace returnsim;
using namespace returnsim::cli;

std::string joined_command_line(int argc, char** argv) {
  std::string out;
  for (int i = 0; i < argc; ++i) {
    if (i > 0) out += ' ';
    out += argv[i];
  }
  return out;
}

/// SIGINT, SIGTERM, SIGHUP: every run stops at the end of its month, what is finished is kept
/// (a sweep's journal) and temporary files are removed; a second signal kills at once.
void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = [](int) { engine::request_stop(); };
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) sigaction(signal, &action, nullptr);
}

int run_main(int argc, char** argv, const engine::MpiSession& mpi) {
  auto logger = spdlog::stderr_color_mt("returnsim");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("returnsim: %v");

  CLI::App app{"returnsim: agent-based policy simulator of the return of people with no right to stay in the EU"};
  app.set_version_flag("-V,--version", std::string(kVersion) + " (" + kSourceRevision + ")");
  app.require_subcommand(1);

  RunOptions run_options;
  CLI::App* run = app.add_subcommand("run", "Run one scenario (N replications) and write one HDF5 file");
  run->add_option("scenario", run_options.scenario_path, "scenario YAML file")->required();
  run->add_option("-o,--output", run_options.output_path, "output HDF5 file (default output/<scenario name>.h5)");
  // Kept as text (they become overrides the loader checks against the parameter table), typed here
  // for --help and early errors.
  run->add_option("--replications", run_options.replications, "number of replications (overrides simulation.replications)")
      ->type_name("INT")
      ->check(CLI::Range(1, 1000000));
  run->add_option("--seed", run_options.seed, "base seed (overrides simulation.seed)")
      ->type_name("UINT")
      ->check(CLI::NonNegativeNumber);
  run->add_option("--months", run_options.months, "reported horizon in months (overrides simulation.months)")
      ->type_name("INT")
      ->check(CLI::Range(1, 1200));
  run->add_option("--set", run_options.settings,
                  "PATH=VALUE: override one scenario value by dotted path, as a sweep policy does "
                  "(e.g. origin_countries.GM.cooperation=0.4); repeatable");
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
  sweep->add_option("--shard", sweep_options.shard,
                    "run only shard K of N of the plan (every N-th world-and-replication with all its policies, "
                    "from the K-th, which share their burn-in; every N-th run when there are fewer than N), e.g. "
                    "2/8; join the shard files with `returnsim merge`");
  CLI::Option* resume = sweep->add_flag(
      "--resume", sweep_options.resume,
      "finish an interrupted sweep from its journal (FILE.h5.journal); starts afresh when there is nothing to resume");
  sweep->add_flag("--force", sweep_options.force, "overwrite an existing output file and start over")->excludes(resume);

  RunOptions calibrate_options;
  CLI::App* calibrate = app.add_subcommand(
      "calibrate", "Calibrate parameters against published figures (ABC-SMC) into a posterior HDF5 file");
  calibrate->add_option("calibration", calibrate_options.scenario_path, "calibration YAML file")->required();
  calibrate->add_option("-o,--output", calibrate_options.output_path,
                        "output HDF5 file (default output/<calibration name>.h5)");
  calibrate->add_option("--threads", calibrate_options.threads, "worker threads (default: all cores)")
      ->check(CLI::Range(1, 4096));
  calibrate->add_flag("--quiet", calibrate_options.quiet, "no progress, no log messages, no summary");
  CLI::Option* calibrate_resume = calibrate->add_flag(
      "--resume", calibrate_options.resume,
      "finish an interrupted calibration from its journal (FILE.h5.journal); starts afresh when there is nothing to "
      "resume");
  calibrate->add_flag("--force", calibrate_options.force, "overwrite an existing output file and start over")
      ->excludes(calibrate_resume);

  std::string check_path;
  CLI::App* check = app.add_subcommand("check", "Validate a scenario, sweep or calibration file; print every problem; run nothing");
  check->add_option("file", check_path, "scenario, sweep or calibration YAML file")->required();

  std::string summary_path, summary_by, summary_format = "text";
  CLI::App* summary = app.add_subcommand(
      "summary", "Print the KPIs and the policy comparison of an output file, or a calibration's posterior");
  summary->add_option("file", summary_path, "returnsim HDF5 output or calibration file")->required();
  summary->add_option("--by", summary_by, "gains per origin or per member state")
      ->check(CLI::IsMember({"origin", "member_state"}));
  summary->add_option("--format", summary_format, "text (default), csv or json: the same numbers")
      ->check(CLI::IsMember({"text", "csv", "json"}));

  std::vector<std::string> merge_inputs;
  std::string merge_output;
  bool merge_force = false;
  CLI::App* merge = app.add_subcommand("merge", "Join the shard files of one sweep into the file one machine writes");
  merge->add_option("shards", merge_inputs, "shard HDF5 files (returnsim sweep --shard K/N)")->required()->check(
      CLI::ExistingFile);
  merge->add_option("-o,--output", merge_output, "merged HDF5 file")->required();
  merge->add_flag("--force", merge_force, "overwrite an existing output file");
  merge->add_flag("--quiet", [](std::int64_t) { spdlog::set_level(spdlog::level::warn); }, "no log messages");

  std::string report_path, report_output;
  CLI::App* report = app.add_subcommand(
      "report", "Write the strategist's report of a sweep: one self-contained HTML page (charts embedded)");
  report->add_option("file", report_path, "returnsim sweep output (HDF5)")->required()->check(CLI::ExistingFile);
  report->add_option("-o,--output", report_output, "HTML file to write")->required();

  CLI::App* parameters = app.add_subcommand("parameters", "Print the parameter table as Markdown (docs/parameters.md)");
  std::string variables_format = "markdown";
  CLI::App* variables = app.add_subcommand(
      "variables", "Print the output dictionary: Markdown (docs/output-format.md's tables) or JSON");
  variables->add_option("--format", variables_format, "markdown or json")
      ->check(CLI::IsMember({"markdown", "json"}))
      ->capture_default_str();

  // A first word that names no command: say which one was meant (CLI11 would only say that a
  // subcommand is required).
  if (argc > 1 && argv[1][0] != '-') {
    const std::string word = argv[1];
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
    if (std::find(names.begin(), names.end(), word) == names.end()) {
      if (mpi.rank() == 0) {
        std::string best, list;
        std::size_t best_distance = 3;
        for (const auto& name : names) {
          list += (list.empty() ? "" : ", ") + name;
          const std::size_t d = edit_distance(word, name);
          if (d < best_distance) {
            best_distance = d;
            best = name;
          }
        }
        std::cerr << "error: unknown command '" << word << "'" << (best.empty() ? "" : "; did you mean '" + best + "'?")
                  << " (commands: " << list << ")\n";
      }
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = mpi.rank() == 0 ? app.exit(e) : e.get_exit_code();
    return code == 0 ? 0 : 2;
  }
  // Errors every rank meets alike (bad input, bad usage) are printed once, by rank 0. A failure on
  // one rank after the ranks have started working ends them all: the others would wait forever.
  const bool speaks = mpi.rank() == 0;
  auto fail = [&](int code) {
    if (mpi.distributed() && code == 1) mpi.abort(code);
    return code;
  };
  if (mpi.distributed() && !sweep->parsed() && !calibrate->parsed()) {
    if (speaks) {
      std::cerr << "error: only `returnsim sweep` and `returnsim calibrate` run under MPI; start other commands "
                   "without mpirun\n";
    }
    return 2;
  }
  if (mpi.rank() != 0) spdlog::set_level(spdlog::level::warn);

  try {
    if (run->parsed()) {
      if (run_options.quiet) spdlog::set_level(spdlog::level::warn);
      return command_run(run_options, joined_command_line(argc, argv));
    }
    if (sweep->parsed()) {
      if (sweep_options.quiet) spdlog::set_level(spdlog::level::warn);
      return command_sweep(sweep_options, joined_command_line(argc, argv), mpi);
    }
    if (calibrate->parsed()) {
      if (calibrate_options.quiet) spdlog::set_level(spdlog::level::warn);
      return command_calibrate(calibrate_options, joined_command_line(argc, argv), mpi);
    }
    if (merge->parsed()) return command_merge(merge_inputs, merge_output, merge_force, joined_command_line(argc, argv));
    if (check->parsed()) return command_check(check_path);
    if (summary->parsed()) return command_summary(summary_path, summary_by, summary_format);
    if (report->parsed()) return command_report(report_path, report_output);
    if (parameters->parsed()) {
      std::fputs(scenario::parameters_markdown().c_str(), stdout);
      return 0;
    }
    if (variables->parsed()) {
      std::fputs((variables_format == "json" ? io::output_variables_json() : io::output_variables_markdown()).c_str(),
                 stdout);
      return 0;
    }
  } catch (const ScenarioError& e) {
    if (speaks) {
      for (const auto& p : e.problems()) std::cerr << "error: " << p.to_string() << "\n";
      const std::size_t found = e.problems().size() + e.omitted();
      if (e.omitted() > 0) std::cerr << "(and " << e.omitted() << " more like these, not listed)\n";
      std::cerr << found << (found == 1 ? " problem" : " problems") << " found; nothing was run\n";
    }
    return 2;
  } catch (const UsageError& e) {
    if (speaks) std::cerr << "error: " << e.what() << "\n";
    return 2;
  } catch (const engine::Interrupted&) {
    if (speaks) {
      std::cerr << (sweep->parsed() || calibrate->parsed() ? "interrupted; the finished runs are kept: resume with --resume\n"
                                    : "interrupted; nothing was written\n");
    }
    return fail(1);
  } catch (const std::bad_alloc&) {
    std::cerr << "error: out of memory (raise agent_scale, run fewer threads, or use a machine with more memory)\n";
    return fail(1);
  } catch (const Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return fail(1);
  } catch (const std::system_error& e) {
    // Threads or files the system would not give (a memory or process limit).
    std::cerr << "error: the system refused a resource: " << e.what()
              << " (out of memory, or a limit on threads or open files)\n";
    return fail(1);
  } catch (const std::exception& e) {
    // TBB reports a thread it could not start as a runtime_error (a memory or process limit).
    if (std::string_view(e.what()).find("pthread_create") != std::string_view::npos) {
      std::cerr << "error: the system refused a resource: " << e.what()
                << " (out of memory, or a limit on threads)\n";
      return fail(1);
    }
    std::cerr << "internal error: " << e.what() << "\n";
    return fail(1);
  }
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  install_stop_handlers();
  int code = 0;
  {
    const engine::MpiSession mpi(argc, argv);
    code = run_main(argc, argv, mpi);
  }
  // After a failure the HDF5 library's exit handlers may meet handles a failed write left in an
  // odd state (a full disk): files are closed or removed already, so leave without them.
  if (code == 1) {
    std::fflush(nullptr);
    std::_Exit(1);
  }
  return code;
}
