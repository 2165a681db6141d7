#include <catch2/catch.hpp>
#include <hdf5.h>

#include "../support.hpp"
#include <algorithm>
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

TEST_CASE("a large sweep's file: a run's scalars share bounded chunks, its series have chunks of their own", "[h5]") {
  // Each batch of `completed` flags flushes the chunks it touched: a chunk along `run` that held
  // the whole sweep would be compressed again for every batch, ever longer as the sweep grows.
  Fixture f;
  const std::string path = (f.dir / "large.h5").string();
  const std::size_t runs = 3 * io::H5Writer::kRunsPerChunk;
  f.plan = engine::replication_plan(1, static_cast<int>(runs), "baseline");
  {
    io::OutputHeader header = f.header();
    header.shard = engine::Shard{1, runs};  // this file receives run 0 only
    io::H5Writer writer(path, header, false);
    writer.write(engine::simulate_run(f.loaded.scenario, f.plan[0]));
    writer.commit();
  }
  auto chunk_of = [&](const char* name) {
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    const hid_t ds = H5Dopen2(file, name, H5P_DEFAULT);
    const hid_t dcpl = H5Dget_create_plist(ds);
    std::vector<hsize_t> chunk(4, 0);
    chunk.resize(static_cast<std::size_t>(H5Pget_chunk(dcpl, 4, chunk.data())));
    H5Pclose(dcpl);
    H5Dclose(ds);
    H5Fclose(file);
    return chunk;
  };
  CHECK(chunk_of("return_rate") == std::vector<hsize_t>{io::H5Writer::kRunsPerChunk});
  CHECK(chunk_of("completed") == std::vector<hsize_t>{io::H5Writer::kRunsPerChunk});
  const auto series = chunk_of("returns_forced");
  REQUIRE(series.size() == 4);
  CHECK(series[0] == 1);
  const auto table = io::read_kpi_table(path);
  REQUIRE(table.completed.size() == runs);
  CHECK(table.completed[0] == 1);
  CHECK(std::count(table.completed.begin(), table.completed.end(), 1) == 1);
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
