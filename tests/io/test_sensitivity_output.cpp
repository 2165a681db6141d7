#include <catch2/catch.hpp>

#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "../support.hpp"
#include "returnsim/engine/run_plan.hpp"
#include "returnsim/engine/sweep_plan.hpp"
#include "returnsim/io/h5_reader.hpp"
#include "returnsim/io/h5_writer.hpp"
#include "returnsim/io/sensitivity_output.hpp"
#include "returnsim/io/summary.hpp"
#include "returnsim/io/yaml_loader.hpp"

// The `sensitivity` group of a sobol sweep's output (io/sensitivity_output.hpp), written into a
// committed file, as H5Writer::commit will do it. The runs carry KPIs set from their factors, so
// the indices are known.

using namespace returnsim;
namespace fs = std::filesystem;

namespace {

/// A float64 dataset of the group, read whole, with its shape.
std::vector<double> read_doubles(hid_t group, const char* name, std::vector<hsize_t>& shape) {
  const hid_t ds = H5Dopen2(group, name, H5P_DEFAULT);
  REQUIRE(ds >= 0);
  const hid_t space = H5Dget_space(ds);
  shape.assign(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space)), 0);
  H5Sget_simple_extent_dims(space, shape.data(), nullptr);
  std::vector<double> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  REQUIRE(H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) >= 0);
  H5Sclose(space);
  H5Dclose(ds);
  return values;
}

std::vector<std::string> read_texts(hid_t group, const char* name) {
  const hid_t ds = H5Dopen2(group, name, H5P_DEFAULT);
  REQUIRE(ds >= 0);
  const hid_t space = H5Dget_space(ds);
  std::vector<char*> pointers(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  REQUIRE(H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) >= 0);
  std::vector<std::string> out(pointers.begin(), pointers.end());
  for (char* p : pointers) H5free_memory(p);
  H5Tclose(type);
  H5Sclose(space);
  H5Dclose(ds);
  return out;
}

double number_attribute(hid_t object, const char* name) {
  double value = std::numeric_limits<double>::quiet_NaN();
  const hid_t attribute = H5Aopen(object, name, H5P_DEFAULT);
  REQUIRE(attribute >= 0);
  H5Aread(attribute, H5T_NATIVE_DOUBLE, &value);
  H5Aclose(attribute);
  return value;
}

}  // namespace

TEST_CASE("a sobol sweep's file gets a sensitivity group with the summary's indices", "[sobol][h5]") {
  const fs::path dir = test::unique_temp_dir("returnsim-sensitivity-");
  fs::create_directories(dir);
  const std::string path = (dir / "sobol.h5").string();
  const auto loaded =
      io::load_scenario(std::string(RETURNSIM_SOURCE_DIR) + "/scenarios/small.yaml", {{"simulation.months", "3"}});

  scenario::Sweep sweep;
  sweep.seed = 11;
  sweep.replications = 2;
  sweep.policies = {{"status-quo", {}}, {"lever", {}}};
  auto& u = sweep.uncertainties;
  u.design = scenario::Design::sobol;
  u.samples = 64;
  for (const char* name : {"x1", "x2"}) {
    scenario::Factor f;
    f.path = name;
    f.low = 0;
    f.high = 1;
    u.factors.push_back(f);
  }
  const auto plan = engine::sweep_plan(sweep, engine::sample_factors(u, sweep.seed));
  io::OutputHeader header = io::make_output_header(loaded.scenario, loaded.effective_yaml, plan, "test");
  header.design = "sobol";
  header.factor_paths = {"x1", "x2"};
  {
    // One simulated run gives the series; every run gets its own identity and KPIs.
    const engine::RunResult simulated = engine::simulate_run(loaded.scenario, plan.front());
    io::H5Writer writer(path, header, false);
    for (const auto& info : plan) {
      engine::RunResult r = simulated;
      r.info = info;
      const double x1 = info.factors[0], x2 = info.factors[1];
      const bool lever = info.policy == "lever";
      // status-quo: additive, S = ST = (1/5, 4/5); lever: x1 alone, S = ST = (1, 0).
      r.kpis.return_rate = lever ? 3 * x1 : x1 + 2 * x2;
      r.kpis.forced_returns = 40;  // no variance: NaN
      // Undefined in one sampled world of `lever`: its indices are NaN, status-quo's are not.
      r.kpis.cost_per_return_eur = lever && info.sample == 5 ? std::nan("") : 1000 * x2;
      writer.write(r);
    }
    writer.commit();
  }
  io::write_sensitivity_group(path);
  io::write_sensitivity_group(path);  // again: the group is replaced, not duplicated

  const io::KpiTable table = io::read_kpi_table(path);  // the file still reads as before
  REQUIRE(table.policy.size() == plan.size());
  const auto expected = io::kpi_sensitivity(table, table.kpi_names);
  REQUIRE(expected.has_value());

  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  const hid_t group = H5Gopen2(file, "sensitivity", H5P_DEFAULT);
  REQUIRE(group >= 0);
  CHECK(read_texts(group, "policy") == std::vector<std::string>{"status-quo", "lever"});
  CHECK(read_texts(group, "kpi") == table.kpi_names);
  CHECK(read_texts(group, "factor") == std::vector<std::string>{"x1", "x2"});
  CHECK(number_attribute(group, "resamples") == 100);
  CHECK(number_attribute(group, "confidence_level") == 0.95);
  CHECK(number_attribute(group, "base_samples") == 64);

  const std::size_t kpis = table.kpi_names.size();
  auto at = [&](std::size_t policy, const std::string& kpi, std::size_t factor) {
    const auto k = static_cast<std::size_t>(std::find(table.kpi_names.begin(), table.kpi_names.end(), kpi) -
                                            table.kpi_names.begin());
    return (policy * kpis + k) * 2 + factor;
  };
  std::map<std::string, std::vector<double>> read;
  for (const char* name : {"S1", "S1_conf", "ST", "ST_conf"}) {
    INFO(name);
    std::vector<hsize_t> shape;
    const auto values = read_doubles(group, name, shape);
    CHECK(shape == std::vector<hsize_t>{2, kpis, 2});
    const hid_t ds = H5Dopen2(group, name, H5P_DEFAULT);
    for (unsigned d = 0; d < 3; ++d) CHECK(H5DSget_num_scales(ds, d) == 1);
    CHECK(H5Aexists(ds, "long_name") > 0);
    CHECK(H5Aexists(ds, "units") > 0);
    CHECK(H5Aexists(ds, "description") > 0);
    H5Dclose(ds);
    // Exactly the numbers the summary computes from the same table.
    for (std::size_t p = 0; p < 2; ++p) {
      for (std::size_t k = 0; k < kpis; ++k) {
        const auto& s = expected->cells[p][k].indices;
        const auto& per_factor = std::string(name) == "S1"        ? s.first_order
                                 : std::string(name) == "S1_conf" ? s.first_order_conf
                                 : std::string(name) == "ST"      ? s.total
                                                                  : s.total_conf;
        for (std::size_t f = 0; f < 2; ++f) {
          const double v = values[(p * kpis + k) * 2 + f];
          CHECK(((std::isnan(v) && std::isnan(per_factor[f])) || v == per_factor[f]));
        }
      }
    }
    read[name] = values;
  }
  // The known indices, within the intervals the file gives them.
  auto within = [&](const char* index, std::size_t policy, const std::string& kpi, std::size_t factor, double truth) {
    const double estimate = read.at(index)[at(policy, kpi, factor)];
    const double conf = read.at(std::string(index) + "_conf")[at(policy, kpi, factor)];
    INFO(index << " of " << kpi << ", policy " << policy << ", factor " << factor << ": " << estimate << " +- " << conf);
    CHECK(std::abs(estimate - truth) <= conf);
  };
  for (const char* index : {"S1", "ST"}) {
    within(index, 0, "return_rate", 0, 0.2);
    within(index, 0, "return_rate", 1, 0.8);
    within(index, 1, "return_rate", 0, 1.0);
    within(index, 0, "cost_per_return_eur", 1, 1.0);
    // The factor does not enter: AB_i = A exactly, so 0 with an interval of 0.
    CHECK(read.at(index)[at(1, "return_rate", 1)] == 0);
    CHECK(read.at(std::string(index) + "_conf")[at(1, "return_rate", 1)] == 0);
    CHECK(read.at(index)[at(0, "cost_per_return_eur", 0)] == 0);
    CHECK(std::isnan(read.at(index)[at(1, "cost_per_return_eur", 1)]));  // a world without a value
    CHECK(std::isnan(read.at(index)[at(0, "forced_returns", 0)]));       // no variance
  }
  H5Gclose(group);
  H5Fclose(file);

  // The summary prints the same indices with their intervals.
  const std::string text = io::format_summary(table, path);
  CHECK(text.find("Sobol' indices, policy lever (N = 64 base samples") != std::string::npos);
  CHECK(text.find("95% bootstrap intervals, 100 resamples") != std::string::npos);
  CHECK(text.find("(not computed: 1 of 256 sampled worlds have no completed run with a value)") != std::string::npos);
  CHECK(text.find("0.00 \u00b1 0.00") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("files of other designs get no sensitivity group", "[sobol][h5]") {
  const fs::path dir = test::unique_temp_dir("returnsim-sensitivity-");
  fs::create_directories(dir);
  const std::string path = (dir / "run.h5").string();
  const auto loaded =
      io::load_scenario(std::string(RETURNSIM_SOURCE_DIR) + "/scenarios/small.yaml", {{"simulation.months", "3"}});
  const auto plan = engine::replication_plan(1, 1, "baseline");
  {
    io::H5Writer writer(path, io::make_output_header(loaded.scenario, loaded.effective_yaml, plan, "test"), false);
    writer.write(engine::simulate_run(loaded.scenario, plan.front()));
    writer.commit();
  }
  io::write_sensitivity_group(path);
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  CHECK(H5Lexists(file, "sensitivity", H5P_DEFAULT) == 0);
  H5Fclose(file);
  fs::remove_all(dir);
}

TEST_CASE("the summary warns when N is too small for the intervals to exclude 0", "[sobol][summary]") {
  // A table as read from a file: 1 factor, N base samples of (A, AB_1, B), one run per world.
  auto table_of = [](std::size_t n, const std::function<double(std::size_t world)>& kpi) {
    io::KpiTable t;
    t.design = "sobol";
    t.factor_paths = {"x1"};
    t.kpi_names = {"return_rate", "forced_returns", "absconded_share", "cost_per_return_eur"};
    t.kpi.assign(4, {});
    for (std::size_t w = 0; w < 3 * n; ++w) {
      t.policy.push_back("p");
      t.sample.push_back(static_cast<long long>(w));
      t.replication.push_back(0);
      t.completed.push_back(1);
      for (auto& column : t.kpi) column.push_back(kpi(w));
    }
    return t;
  };
  // y = x1 + noise, x1 and the noise from Weyl sequences: S1 = 1/2, ST = 1 (the noise of AB_1
  // and A differs); intervals about as wide as S1 at N = 4, 0.1 at N = 1000.
  auto y = [](std::size_t w) {
    const std::size_t j = w / 3, block_row = w % 3;
    const double a = std::fmod(0.5 + static_cast<double>(j + 1) * 0.41421356237309515, 1.0);
    const double b = std::fmod(0.5 + static_cast<double>(j + 1) * 0.7320508075688772, 1.0);
    const double noise = std::fmod(0.5 + static_cast<double>(w + 1) * 0.2360679774997898, 1.0);
    return (block_row == 0 ? a : b) + noise;  // AB_1 is A with x1 from B: B's x1
  };
  const std::string small = io::format_summary(table_of(4, y), "small.h5");
  CHECK(small.find("WARNING: N=4 base samples is too small") != std::string::npos);
  CHECK(small.find("raise uncertainties.samples") != std::string::npos);
  const std::string large = io::format_summary(table_of(1000, y), "large.h5");
  CHECK(large.find("Sobol' indices, policy p (N = 1000 base samples") != std::string::npos);
  CHECK(large.find("WARNING") == std::string::npos);
}
