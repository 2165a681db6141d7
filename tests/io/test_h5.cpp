#include <catch2/catch.hpp>

#include "../support.hpp"
#include <filesystem>

#include "returnsim/engine/run_plan.hpp"
#include "returnsim/io/h5_reader.hpp"
#include "returnsim/io/h5_writer.hpp"
#include "returnsim/io/summary.hpp"
#include "returnsim/io/yaml_loader.hpp"
#include "returnsim/util/errors.hpp"

using namespace returnsim;
namespace fs = std::filesystem;

namespace {
struct Fixture {
  fs::path dir = test::unique_temp_dir("returnsim-h5-");
  io::LoadedScenario loaded =
      io::load_scenario(std::string(RETURNSIM_SOURCE_DIR) + "/scenarios/small.yaml", {{"simulation.months", "6"}});
  std::vector<engine::RunInfo> plan = engine::replication_plan(1, 3, "baseline");
  Fixture() { fs::create_directories(dir); }
  ~Fixture() { fs::remove_all(dir); }
  io::OutputHeader header() const { return io::make_output_header(loaded.scenario, loaded.effective_yaml, plan, "test"); }
};
}  // namespace

TEST_CASE("runs written and read back, completed only for written runs", "[h5]") {
  Fixture f;
  const std::string path = (f.dir / "out.h5").string();
  {
    io::OutputHeader header = f.header();
    header.shard = engine::Shard{2, 3};  // this file receives run 1 only
    io::H5Writer writer(path, header, false);
    writer.write(engine::simulate_run(f.loaded.scenario, f.plan[1]));
    CHECK_FALSE(fs::exists(path));  // still under its temporary name
    writer.commit();
  }
  REQUIRE(fs::exists(path));
  const auto table = io::read_kpi_table(path);
  REQUIRE(table.completed.size() == 3);
  CHECK(table.completed == std::vector<int>{0, 1, 0});
  CHECK(table.kpi[0][1] > 0.0);  // return_rate of the written run
  CHECK(table.scenario_name == "small");
  const std::string text = io::format_summary(table, path);
  CHECK(text.find("1 of 3 runs completed") != std::string::npos);
}

TEST_CASE("no overwrite without force, unwritable path is an IoError, failures leave no file", "[h5]") {
  Fixture f;
  const std::string path = (f.dir / "out.h5").string();
  {
    io::H5Writer writer(path, f.header(), false);
    CHECK_THROWS_AS(writer.commit(), IoError);  // its runs were never written: it must not look finished
    CHECK_FALSE(fs::exists(path));
  }
  {
    io::OutputHeader header = f.header();
    header.runs.clear();
    io::H5Writer writer(path, header, false);
    writer.commit();
  }
  CHECK_THROWS_AS(io::H5Writer(path, f.header(), false), UsageError);
  CHECK_NOTHROW(io::H5Writer(path, f.header(), true));  // destroyed uncommitted: old file stays
  CHECK(fs::exists(path));
  CHECK_THROWS_AS(io::H5Writer((f.dir / "missing-dir" / "x.h5").string(), f.header(), false), IoError);
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(f.dir)) ++files;
  CHECK(files == 1);  // no temporary file left behind
}

TEST_CASE("quantiles interpolate linearly", "[summary]") {
  CHECK(io::quantile({1, 2, 3, 4, 5}, 0.5) == 3);
  CHECK(io::quantile({1, 2, 3, 4, 5}, 0.05) == Approx(1.2));
  CHECK(io::quantile({10}, 0.95) == 10);
}
