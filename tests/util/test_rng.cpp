#include <catch2/catch.hpp>
#include <cmath>
#include <set>

#include "returnsim/util/rng.hpp"

using namespace returnsim;

TEST_CASE("a draw depends only on (seed, entity, month, purpose, k)", "[rng]") {
  const EntityDraws a(42, 7, 3), b(42, 7, 3);
  CHECK(a.bits(Purpose::abscond) == b.bits(Purpose::abscond));
  CHECK(a.bits(Purpose::abscond) != a.bits(Purpose::voluntary_departure));
  CHECK(a.bits(Purpose::abscond, 0) != a.bits(Purpose::abscond, 1));
  CHECK(EntityDraws(42, 7, 4).bits(Purpose::abscond) != a.bits(Purpose::abscond));
  CHECK(EntityDraws(42, 8, 3).bits(Purpose::abscond) != a.bits(Purpose::abscond));
  CHECK(EntityDraws(43, 7, 3).bits(Purpose::abscond) != a.bits(Purpose::abscond));
  CHECK(entity_id(EntitySpace::agent, 5) != entity_id(EntitySpace::route, 5));
}

TEST_CASE("uniform draws are uniform and run seeds distinct", "[rng]") {
  const int n = 200000;
  double sum = 0;
  int below_tenth = 0;
  for (int i = 0; i < n; ++i) {
    const double u = EntityDraws(1, static_cast<std::uint64_t>(i), 0).uniform(Purpose::abscond);
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    sum += u;
    below_tenth += u < 0.1 ? 1 : 0;
  }
  CHECK(sum / n == Approx(0.5).margin(4.5 * std::sqrt(1.0 / 12 / n)));
  CHECK(below_tenth == Approx(0.1 * n).margin(4.5 * std::sqrt(n * 0.09)));
  std::set<std::uint64_t> seeds;
  for (std::uint64_t r = 0; r < 10000; ++r) seeds.insert(derive_run_seed(7, r));
  CHECK(seeds.size() == 10000);
}

TEST_CASE("poisson draws have the right mean on both branches", "[rng]") {
  for (double mean : {0.3, 3.0, 40.0, 250.0}) {
    const int n = 20000;
    double sum = 0;
    for (int i = 0; i < n; ++i) {
      sum += static_cast<double>(poisson(EntityDraws(9, static_cast<std::uint64_t>(i), 1), Purpose::arrivals, mean));
    }
    CHECK(sum / n == Approx(mean).margin(4.5 * std::sqrt(mean / n)));
  }
  CHECK(poisson(EntityDraws(1, 1, 1), Purpose::arrivals, 0.0) == 0);
}
