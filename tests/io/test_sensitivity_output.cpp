#include <catch2/catch.hpp>

#include <cmath>
#include <functional>

#include "returnsim/io/sensitivity_output.hpp"
#include "returnsim/io/summary.hpp"

// The Sobol' section of the summary (io/sensitivity_output.hpp, io/summary.hpp).

using namespace returnsim;

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
