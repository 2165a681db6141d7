// Crash safety and distribution: the run codec, the journal (torn records, foreign sweeps, locks),
// resuming an interrupted output, and reading whole runs back for `merge`.
#include <catch2/catch.hpp>

#include "../support.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <tbb/global_control.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "returnsim/engine/run_codec.hpp"
#include "returnsim/engine/run_plan.hpp"
#include "returnsim/engine/runner.hpp"
#include "returnsim/io/h5_reader.hpp"
#include "returnsim/io/output_file.hpp"
#include "returnsim/io/run_journal.hpp"
#include "returnsim/io/yaml_loader.hpp"
#include "returnsim/util/errors.hpp"

using namespace returnsim;
namespace fs = std::filesystem;

namespace {

/// The leverage scenario (Art. 25a cycle on: runs carry policy events), 4 runs of 30 months.
struct Fixture {
  fs::path dir = test::unique_temp_dir("returnsim-resume-");
  io::LoadedScenario loaded = io::load_scenario(std::string(RETURNSIM_SOURCE_DIR) + "/tests/data/leverage.yaml",
                                                {{"simulation.months", "30"}});
  std::vector<engine::RunInfo> plan = engine::replication_plan(5, 4, "baseline");
  std::vector<engine::RunResult> runs;
  Fixture() {
    fs::create_directories(dir);
    for (const auto& info : plan) runs.push_back(engine::simulate_run(loaded.scenario, info));
  }
  ~Fixture() { fs::remove_all(dir); }
  io::OutputHeader header(const std::string& fingerprint = "00000000000000aa") const {
    io::OutputHeader h = io::make_output_header(loaded.scenario, loaded.effective_yaml, plan, "test");
    h.fingerprint = fingerprint;
    h.sweep_yaml = "sweep: {name: test}";
    h.design = "none";
    return h;
  }
  [[nodiscard]] std::string path(const std::string& name) const { return (dir / name).string(); }
};

std::size_t file_size(const std::string& path) { return static_cast<std::size_t>(fs::file_size(path)); }

}  // namespace

TEST_CASE("a run survives encoding byte for byte, damaged bytes are refused", "[resume][codec]") {
  Fixture f;
  const engine::RunResult& run = f.runs[2];
  REQUIRE_FALSE(run.events.empty());  // the policy events travel too
  const std::string bytes = engine::encode_run(run);
  const engine::RunResult back = engine::decode_run(bytes);
  CHECK(engine::encode_run(back) == bytes);
  CHECK(back.info.seed == run.info.seed);
  CHECK(back.pair_series == run.pair_series);
  CHECK(back.events.size() == run.events.size());
  CHECK(back.kpis.return_rate == run.kpis.return_rate);
  CHECK_THROWS_AS(engine::decode_run(std::string_view(bytes).substr(0, bytes.size() - 1)), IoError);
  CHECK_THROWS_AS(engine::decode_run(bytes + "x"), IoError);
  std::string bad_magic = bytes;
  bad_magic[0] ^= 0x55;
  CHECK_THROWS_AS(engine::decode_run(bad_magic), IoError);
  CHECK_THROWS_AS(engine::decode_run(""), IoError);
}

TEST_CASE("the journal replays every whole record and cuts a torn one", "[resume][journal]") {
  Fixture f;
  const std::string path = f.path("out.h5.journal");
  {
    auto journal = io::RunJournal::create(path, 42);
    for (std::size_t i = 0; i < 3; ++i) journal.append(f.runs[i]);
  }
  const std::size_t whole = file_size(path);
  // A crash in the middle of the fourth record: half of it reached the disk.
  {
    std::string record(16, '\0');
    engine::encode_run(f.runs[3], record);
    std::ofstream(path, std::ios::app | std::ios::binary).write(record.data(), static_cast<std::streamsize>(record.size() / 2));
  }
  REQUIRE(file_size(path) > whole);
  std::vector<std::size_t> replayed;
  {
    auto journal = io::RunJournal::reopen(path, 42, [&](engine::RunResult&& run) {
      CHECK(engine::encode_run(run) == engine::encode_run(f.runs[run.info.index]));
      replayed.push_back(run.info.index);
    });
    CHECK(replayed == std::vector<std::size_t>{0, 1, 2});
    CHECK(file_size(path) == whole);  // the torn tail is gone
    journal.append(f.runs[3]);        // and the next record follows the last whole one
  }
  replayed.clear();
  io::RunJournal::reopen(path, 42, [&](engine::RunResult&& run) { replayed.push_back(run.info.index); });
  CHECK(replayed == std::vector<std::size_t>{0, 1, 2, 3});

  SECTION("a corrupted record ends the replay there") {
    {
      std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
      file.seekp(static_cast<std::streamoff>(whole) - 10);
      file.put('\x7f');
    }
    replayed.clear();
    io::RunJournal::reopen(path, 42, [&](engine::RunResult&& run) { replayed.push_back(run.info.index); });
    CHECK(replayed == std::vector<std::size_t>{0, 1});
  }
  SECTION("another sweep's journal is refused") {
    CHECK_THROWS_AS(io::RunJournal::reopen(path, 43, [](engine::RunResult&&) {}), UsageError);
  }
  SECTION("a journal in use by another writer is refused, and not truncated") {
    auto holder = io::RunJournal::reopen(path, 42, [](engine::RunResult&&) {});
    const std::size_t before = file_size(path);
    CHECK_THROWS_AS(io::RunJournal::create(path, 42), UsageError);
    CHECK_THROWS_AS(io::RunJournal::reopen(path, 42, [](engine::RunResult&&) {}), UsageError);
    CHECK(file_size(path) == before);
  }
  SECTION("a file that is no journal is refused") {
    std::ofstream(path, std::ios::trunc) << "not a journal";
    CHECK_THROWS_AS(io::RunJournal::reopen(path, 42, [](engine::RunResult&&) {}), UsageError);
  }
}

TEST_CASE("an interrupted output resumes to the file an uninterrupted one is", "[resume][output]") {
  Fixture f;
  const io::OutputOptions sweep{false, false, true}, resume{false, true, true}, force{true, false, true};
  const std::string whole = f.path("whole.h5"), resumed = f.path("resumed.h5");
  {
    io::OutputFile out(whole, f.header(), sweep);
    for (const auto& run : f.runs) out.write(run);
    out.commit();
  }
  CHECK_FALSE(fs::exists(whole + ".journal"));
  CHECK_FALSE(fs::exists(whole + ".partial"));
  {
    io::OutputFile out(resumed, f.header(), sweep);
    out.write(f.runs[2]);
    out.write(f.runs[0]);
  }  // the process dies: no commit
  REQUIRE(fs::exists(resumed + ".journal"));
  CHECK_FALSE(fs::exists(resumed));
  CHECK_THROWS_AS(io::OutputFile(resumed, f.header(), sweep), UsageError);  // needs --resume or --force
  CHECK_THROWS_AS(io::OutputFile(resumed, f.header("00000000000000bb"), resume), UsageError);  // another sweep
  {
    io::OutputFile out(resumed, f.header(), resume);
    CHECK(out.done() == std::vector<std::uint8_t>{1, 0, 1, 0});
    CHECK(out.done_count() == 2);
    out.write(f.runs[3]);
    out.write(f.runs[1]);
    out.commit();
  }
  CHECK_FALSE(fs::exists(resumed + ".journal"));
  const io::OutputReader a(whole), b(resumed);
  CHECK(b.completed() == std::vector<int>{1, 1, 1, 1});
  for (std::size_t i = 0; i < f.runs.size(); ++i) {
    // The file's runs read back are the runs simulated, events in plan order included.
    CHECK(engine::encode_run(b.read_run(i)) == engine::encode_run(a.read_run(i)));
    CHECK(engine::encode_run(a.read_run(i)) == engine::encode_run(f.runs[i]));
  }
  {
    io::OutputFile again(resumed, f.header(), resume);  // resuming a finished output: nothing to do
    CHECK(again.finished());
    again.commit();
  }
  CHECK_THROWS_AS(io::OutputFile(resumed, f.header(), sweep), UsageError);  // exists: --force needed
  {
    io::OutputFile fresh(resumed, f.header(), force);
    CHECK(fresh.done_count() == 0);
  }
  CHECK(fs::exists(resumed));  // --force replaces the old file only when the new one is whole
}

TEST_CASE("a shard file holds its share, the reader gives its header back", "[resume][shard]") {
  Fixture f;
  const std::string path = f.path("shard.h5");
  io::OutputHeader header = f.header();
  header.shard = engine::parse_shard("2/3");
  {
    io::OutputFile out(path, header, io::OutputOptions{false, false, true});
    out.write(f.runs[1]);
    out.commit();
  }
  const io::OutputReader reader(path);
  CHECK(reader.completed() == std::vector<int>{0, 1, 0, 0});
  CHECK(reader.header().shard.label() == "2/3");
  CHECK(reader.header().fingerprint == header.fingerprint);
  CHECK(reader.header().runs.size() == 4);
  CHECK(reader.header().runs[3].seed == f.plan[3].seed);
  CHECK(reader.header().origin_ids == header.origin_ids);
  CHECK_THROWS_AS(reader.read_run(0), IoError);
  CHECK(engine::encode_run(reader.read_run(1)) == engine::encode_run(f.runs[1]));
}

TEST_CASE("shards: K/N parsed strictly, N shards split a plan without overlap, a world's policies together",
          "[resume][shard]") {
  CHECK(engine::parse_shard("3/8").k == 3);
  CHECK(engine::parse_shard("1/1").whole());
  for (const char* bad : {"0/3", "4/3", "3", "a/b", "1/0", "-1/3", "1/3/4", "", "/3", "2/"}) {
    CHECK_THROWS_AS(engine::parse_shard(bad), UsageError);
  }
  // A sweep's plan as engine::sweep_plan orders it: 3 policies x 5 worlds x 2 replications, the
  // seed a function of the world and the replication: 10 worlds-and-replications.
  std::vector<engine::RunInfo> plan;
  for (int p = 0; p < 3; ++p) {
    for (int k = 0; k < 5; ++k) {
      for (int r = 0; r < 2; ++r) {
        engine::RunInfo run;
        run.index = plan.size();
        run.policy_index = p;
        run.sample = k;
        run.replication = r;
        run.seed = 1000 + static_cast<std::uint64_t>(2 * k + r);
        plan.push_back(run);
      }
    }
  }
  for (const std::size_t n : {1, 2, 3, 4, 10, 11, 30, 31}) {
    INFO("N = " << n);
    std::vector<int> owners(plan.size(), 0);
    std::vector<std::size_t> shard_of(plan.size(), 0);
    std::size_t busy = 0;
    for (std::size_t k = 1; k <= n; ++k) {
      const std::vector<char> members = engine::Shard{k, n}.members(plan);
      REQUIRE(members.size() == plan.size());
      busy += std::count(members.begin(), members.end(), 1) > 0 ? 1 : 0;
      for (std::size_t i = 0; i < plan.size(); ++i) {
        owners[i] += members[i];
        if (members[i] != 0) shard_of[i] = k;
      }
    }
    CHECK(std::all_of(owners.begin(), owners.end(), [](int o) { return o == 1; }));  // each run once
    CHECK(busy == std::min<std::size_t>(n, plan.size()));                              // no shard idle that need not be
    // Up to 10 shards (the worlds-and-replications), a world's policies share one shard, so its
    // burn-in is done once; beyond, every shard gets single runs.
    const bool together = std::all_of(plan.begin(), plan.end(), [&](const engine::RunInfo& run) {
      return shard_of[run.index] == shard_of[static_cast<std::size_t>(run.sample * 2 + run.replication)];
    });
    CHECK(together == (n <= 10));
  }
}

TEST_CASE("a run that fails never changes its neighbours, and --resume redoes only it", "[resume][isolation]") {
  // Run 1 of 4 fails a little after the others have started (at 2 threads, the others are in the
  // middle of their months): before, its exception cancelled the sweep's loop and with it the
  // loops inside the runs beside it, which then "finished" with months of zeros.
  Fixture f;
  tbb::global_control two(tbb::global_control::max_allowed_parallelism, 2);
  const engine::ScenarioForRun normal = engine::same_scenario(f.loaded.scenario);
  const engine::ScenarioForRun failing = [&](const engine::RunInfo& run, engine::BurnInWorld burn_in_world) {
    if (run.index == 1) {
      std::this_thread::sleep_for(std::chrono::milliseconds(150));
      throw ModelError("injected failure");
    }
    return normal(run, burn_in_world);
  };
  const std::int64_t months = engine::simulated_months(f.loaded.scenario);
  const std::string path = f.path("isolated.h5");
  const io::OutputOptions sweep{false, false, true}, resume{false, true, true};
  {
    io::OutputFile out(path, f.header(), sweep);
    try {
      engine::execute_runs(failing, months, f.plan, out);
      FAIL("the failure was not reported");
    } catch (const engine::RunsFailed& e) {
      REQUIRE(e.failures().size() == 1);
      CHECK(e.failures()[0].info.index == 1);
      CHECK(std::string(e.what()).find("run 1 (policy baseline, sample 0, replication 1): injected failure") !=
            std::string::npos);
    }
    CHECK(out.done() == std::vector<std::uint8_t>{1, 0, 1, 1});  // the others written, the failed one not
  }  // not committed: the sweep exits 1 and keeps the journal
  {
    io::OutputFile out(path, f.header(), resume);
    REQUIRE(out.done() == std::vector<std::uint8_t>{1, 0, 1, 1});
    engine::execute_runs(normal, months, {f.plan[1]}, out);
    out.commit();
  }
  const io::OutputReader resumed(path);
  CHECK(resumed.completed() == std::vector<int>{1, 1, 1, 1});
  for (std::size_t i = 0; i < f.runs.size(); ++i) {
    CHECK(engine::encode_run(resumed.read_run(i)) == engine::encode_run(f.runs[i]));  // as if nothing had failed
  }
}
