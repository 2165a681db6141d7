// Event scheduling (Simulation::Scheduling::events: pending applications' decisions and absconded
// people's events drawn once per wait; waiting people out of the passes, in the waiting room)
// against the exact per-month reference (every_month): the two schemes draw differently, so runs
// differ one by one, but their distributions must agree.
// Each statistic's mean over replications is compared with a two-sample z-score; a scheme off by
// one month in its waits, or drawing the wrong event, moves the flows and stocks by several
// percent, far beyond the Monte Carlo error tested here.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "../support.hpp"
#include "returnsim/engine/simulation.hpp"
#include "returnsim/io/yaml_loader.hpp"
#include "returnsim/util/rng.hpp"

using namespace returnsim;
using model::PairSeries;
using Scheduling = engine::Simulation::Scheduling;

namespace {

/// What one run shows of the absconded population and what it feeds: totals over the reported
/// months, and the end-of-run stocks.
struct RunTotals {
  std::vector<double> values;
};
const std::vector<const char*> kStatistics = {
    "reapprehensions", "onward departures", "regularisations", "absconded (flow)", "orders to leave",
    "forced returns",  "voluntary returns", "absconded stock, last month", "absconded stock in DE, last month",
    "order-to-leave stock, last month", "pending applications, last month", "granted, last month",
    "identification requests (casework take-ups)", "identification refusals and withdrawals",
    "subsequent applications", "order-to-leave stock in DE, last month", "re-migrations",
    "returned voluntarily, last month", "removed, last month"};

RunTotals run_totals(const scenario::Scenario& s, const scenario::Scenario* burn_in_world, std::uint64_t seed,
                     Scheduling scheduling) {
  engine::Simulation sim(s, seed, burn_in_world, scheduling);
  std::vector<double> v(kStatistics.size(), 0.0);
  const std::size_t de = 2;  // small.yaml: NL, BE, DE
  test::Recorder recorder([&](const engine::MonthReport& r) {
    const auto& w = r.world;
    double stock = 0, stock_de = 0, orders_stock = 0;
    for (std::size_t p = 0; p < w.pair_count(); ++p) {
      v[0] += r.counts.at(PairSeries::reapprehensions, p);
      v[1] += r.counts.at(PairSeries::onward_departures, p);
      v[2] += r.counts.at(PairSeries::regularisations, p);
      v[3] += r.counts.at(PairSeries::absconded, p);
      v[4] += r.counts.at(PairSeries::orders_to_leave, p);
      v[5] += r.counts.at(PairSeries::returns_forced, p);
      v[6] += r.counts.at(PairSeries::returns_voluntary, p);
      stock += r.counts.at(PairSeries::stock_absconded, p);
      orders_stock += r.counts.at(PairSeries::stock_order_to_leave, p);
      if (p % w.state_count == de) stock_de += r.counts.at(PairSeries::stock_absconded, p);
      v[12] += r.counts.at(PairSeries::identification_requests, p);
      v[13] += r.counts.at(PairSeries::identification_refused, p) + r.counts.at(PairSeries::identification_withdrawn, p);
      v[14] += r.counts.at(PairSeries::subsequent_applications, p);
    }
    double orders_stock_de = 0;
    for (std::size_t p = de; p < w.pair_count(); p += w.state_count) orders_stock_de += r.counts.at(PairSeries::stock_order_to_leave, p);
    v[15] = orders_stock_de;
    for (std::size_t p = 0; p < w.pair_count(); ++p) v[16] += r.counts.at(PairSeries::remigrations, p);
    v[17] = static_cast<double>(r.counts.status_count[static_cast<std::size_t>(model::Status::returned_voluntary)]);
    v[18] = static_cast<double>(r.counts.status_count[static_cast<std::size_t>(model::Status::returned_forced)]);
    v[7] = stock;
    v[8] = stock_de;
    v[9] = orders_stock;
    v[10] = static_cast<double>(r.counts.status_count[static_cast<std::size_t>(model::Status::asylum_pending)]);
    v[11] = static_cast<double>(r.counts.status_count[static_cast<std::size_t>(model::Status::granted)]);
  });
  sim.run(&recorder);
  return {v};
}

/// The largest |z| over the statistics, with the statistic's name, of `replications` runs of each
/// scheme (seeds apart, so that the two samples are independent).
std::pair<double, std::string> largest_z(const scenario::Scenario& s, const scenario::Scenario* burn_in_world,
                                         int replications) {
  const std::size_t k = kStatistics.size();
  std::vector<std::vector<double>> events(k), reference(k);
  for (int r = 0; r < replications; ++r) {
    const auto a = run_totals(s, burn_in_world, derive_run_seed(11, static_cast<std::uint64_t>(r)), Scheduling::events);
    const auto b = run_totals(s, burn_in_world, derive_run_seed(12, static_cast<std::uint64_t>(r)), Scheduling::every_month);
    for (std::size_t j = 0; j < k; ++j) {
      events[j].push_back(a.values[j]);
      reference[j].push_back(b.values[j]);
    }
  }
  auto mean_var = [](const std::vector<double>& x) {
    double m = 0, v = 0;
    for (double xi : x) m += xi;
    m /= static_cast<double>(x.size());
    for (double xi : x) v += (xi - m) * (xi - m);
    return std::pair{m, v / static_cast<double>(x.size() - 1)};
  };
  std::pair<double, std::string> worst{0.0, ""};
  for (std::size_t j = 0; j < k; ++j) {
    const auto [ma, va] = mean_var(events[j]);
    const auto [mb, vb] = mean_var(reference[j]);
    const double se = std::sqrt(va / replications + vb / replications);
    const double z = se > 0 ? std::abs(ma - mb) / se : (ma == mb ? 0.0 : INFINITY);
    INFO(kStatistics[j] << ": events " << ma << ", every month " << mb << ", z " << z);
    CHECK(ma > 0);  // the statistic is not empty: the comparison can fail
    if (z > worst.first) worst = {z, kStatistics[j]};
  }
  return worst;
}

/// small.yaml with a busy absconded population: every absconded event is frequent.
const char* const kBusy[][2] = {{"behaviour.apprehension_rate", "0.06"},
                                {"behaviour.onward_departure_rate", "0.04"},
                                {"behaviour.regularisation_rate", "0.01"},
                                {"behaviour.secondary_movement_rate", "0.05"},
                                {"simulation.months", "24"},
                                {"simulation.burn_in_months", "24"}};

scenario::Scenario busy_world(const std::string& apprehension_rate, const std::vector<io::Override>& more = {}) {
  std::vector<io::Override> overrides;
  for (const auto& o : kBusy) overrides.push_back({o[0], o[1]});
  overrides.push_back({"behaviour.apprehension_rate", apprehension_rate});
  overrides.insert(overrides.end(), more.begin(), more.end());
  return io::load_scenario(std::string(RETURNSIM_SOURCE_DIR) + "/scenarios/small.yaml", overrides).scenario;
}

}  // namespace

TEST_CASE("scheduled decisions and absconded events give the per-month reference's distributions", "[scheduling]") {
  const auto s = busy_world("0.06");
  const auto [z, statistic] = largest_z(s, nullptr, 40);
  INFO("largest |z|: " << z << " (" << statistic << ")");
  CHECK(z < 4.0);
}

TEST_CASE("when the hazards change, sleepers' waits are drawn again (memoryless): same distributions",
          "[scheduling]") {
  // The burn-in with the busy rates, then an apprehension rate three times higher from month 0:
  // waits drawn under the old rate would keep the reapprehensions low for months.
  const auto burn_in = busy_world("0.06");
  const auto enforced = busy_world("0.18");
  const auto [z, statistic] = largest_z(enforced, &burn_in, 40);
  INFO("largest |z|: " << z << " (" << statistic << ")");
  CHECK(z < 4.0);
}

TEST_CASE("when the waiting room's or the re-migration's rules change, clocks carry on: same distributions", "[scheduling]") {
  // One rule changes at month 0, after a burn-in under the old one:
  // - refusals wait 3 months instead of 12, or Syria becomes an origin forced return is possible
  //   to: the waiting people go back to the passes for a month with the clocks their months in the
  //   room advanced, and are queued for casework again. A refused clock lost (every refusal
  //   waiting 3 months anew) or the Syrians left out of casework moves the casework take-ups, the
  //   refusals and the order-to-leave stock far beyond the Monte Carlo error;
  // - the re-migration window is shorter or longer, or re-migration likelier: returned people
  //   asleep until their re-migration or the end of their window wake as their clocks say.
  const std::vector<io::Override> before = {{"behaviour.request_retry_months", "12"},
                                             {"origin_countries.SY.safe_return", "false"},
                                             {"behaviour.remigration_window_months", "18"},
                                             {"behaviour.remigration_rate", "0.03"}};
  const auto burn_in = busy_world("0.06", before);
  for (const io::Override& change : std::vector<io::Override>{{"behaviour.request_retry_months", "3"},
                                                             {"origin_countries.SY.safe_return", "true"},
                                                             {"behaviour.remigration_window_months", "6"},
                                                             {"behaviour.remigration_window_months", "40"},
                                                             {"behaviour.remigration_rate", "0.08"}}) {
    std::vector<io::Override> after = before;
    for (io::Override& o : after) {
      if (o.path == change.path) o.value = change.value;
    }
    const auto changed = busy_world("0.06", after);
    const auto [z, statistic] = largest_z(changed, &burn_in, 40);
    INFO(change.path << " = " << change.value << " from month 0; largest |z|: " << z << " (" << statistic << ")");
    CHECK(z < 4.0);
  }
}

TEST_CASE("scheduling keeps sleepers out of the passes and counts them", "[scheduling]") {
  const auto s = busy_world("0.06");
  engine::Simulation events(s, 5, nullptr, Scheduling::events);
  engine::Simulation reference(s, 5, nullptr, Scheduling::every_month);
  std::int64_t events_absconded = 0, reference_absconded = 0;
  for (int t = 0; t < 30; ++t) {
    events.step(nullptr);
    reference.step(nullptr);
  }
  events_absconded = events.counts().status_count[static_cast<std::size_t>(model::Status::absconded)];
  reference_absconded = reference.counts().status_count[static_cast<std::size_t>(model::Status::absconded)];
  const auto pending = static_cast<std::size_t>(model::Status::asylum_pending);
  // A comparable absconded stock, with the sleepers (pending and absconded) out of the passes and
  // counted.
  CHECK(events.migrants().size() > 0);
  CHECK(std::abs(events_absconded - reference_absconded) < 0.1 * static_cast<double>(reference_absconded));
  CHECK(events.sleeping_agents() > static_cast<std::size_t>(0.9 * static_cast<double>(events_absconded)));
  CHECK(reference.sleeping_agents() == 0);
  // Most of the caseload waits out of the passes, counted in its status.
  const auto orders = static_cast<double>(events.counts().status_count[static_cast<std::size_t>(model::Status::order_to_leave)]);
  CHECK(static_cast<double>(events.waiting_agents()) > 0.5 * orders);
  CHECK(static_cast<double>(events.waiting_agents()) < orders);
  CHECK(reference.waiting_agents() == 0);
  CHECK(events.active_agents() + static_cast<std::size_t>(0.8 * static_cast<double>(events_absconded)) +
            static_cast<std::size_t>(0.8 * static_cast<double>(events.counts().status_count[pending])) <
        reference.active_agents());
}

TEST_CASE("a waiting room's list drops who left and merges who joined, sorted", "[scheduling]") {
  using engine::WaitingRoom;
  std::vector<std::uint32_t> list{2, 5, 9, 14, 20};
  list[1] = WaitingRoom::kLeft;  // 5 and 20 left
  list[4] = WaitingRoom::kLeft;
  std::vector<std::uint32_t> joining{21, 1, 10, 3};
  engine::update_list(list, joining, true);
  CHECK(list == std::vector<std::uint32_t>{1, 2, 3, 9, 10, 14, 21});
  CHECK(joining.empty());
  std::vector<std::uint32_t> none;
  engine::update_list(list, none, true);  // nothing changes
  CHECK(list == std::vector<std::uint32_t>{1, 2, 3, 9, 10, 14, 21});
  std::vector<std::uint32_t> all_left{WaitingRoom::kLeft, WaitingRoom::kLeft};
  std::vector<std::uint32_t> two{8, 4};
  engine::update_list(all_left, two, true);
  CHECK(all_left == std::vector<std::uint32_t>{4, 8});
}

TEST_CASE("the months a pass does from the agent's entry are agent_month's", "[scheduling]") {
  // The shortcuts (model::month_from_entry: waiting for casework, refused, returned within the
  // re-migration window) must take the same ranks, draws and clocks as the full month: the same
  // run with and without them is the same, count for count, every month. The EU baseline: casework
  // binds, so ranks decide who is taken up; a third of the caseload chooses within a year; refusals
  // wait and are submitted again; returned people re-migrate and leave the window.
  const auto s = io::load_scenario(std::string(RETURNSIM_SOURCE_DIR) + "/scenarios/eu-baseline.yaml",
                                   {{"simulation.agent_scale", "20"}, {"simulation.months", "24"}})
                     .scenario;
  // Scheduling::every_month: with events scheduled, the waiting people are out of the passes (the
  // waiting room) and their shortcut months do not happen.
  engine::Simulation shortcut(s, 7, nullptr, Scheduling::every_month), full(s, 7, nullptr, Scheduling::every_month);
  full.do_every_month_in_full();
  std::int64_t taken_up = 0, remigrations = 0, refused = 0;
  for (std::int64_t t = 0; t < engine::simulated_months(s); ++t) {
    shortcut.step(nullptr);
    full.step(nullptr);
    REQUIRE(shortcut.counts().pair == full.counts().pair);
    REQUIRE(shortcut.counts().status_count == full.counts().status_count);
    REQUIRE(shortcut.counts().months_to_return_sum == full.counts().months_to_return_sum);
    for (std::size_t p = 0; p < shortcut.world().pair_count(); ++p) {
      taken_up += shortcut.counts().at(PairSeries::identification_requests, p);
      remigrations += shortcut.counts().at(PairSeries::remigrations, p);
      refused += shortcut.counts().at(PairSeries::identification_refused, p);
    }
  }
  CHECK(taken_up > 1000);
  CHECK(remigrations > 100);
  CHECK(refused > 500);
  // The clocks the shortcuts advance are the stored agents' own.
  const model::Migrants& a = shortcut.migrants();
  const model::Migrants& b = full.migrants();
  CHECK(a.months_in_stage == b.months_in_stage);
  CHECK(a.flags == b.flags);
}
