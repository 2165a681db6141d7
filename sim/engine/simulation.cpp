#include "returnsim/engine/simulation.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>

#include "returnsim/model/processes/arrivals_asylum.hpp"
#include "returnsim/model/processes/cooperation.hpp"
#include "returnsim/model/processes/migrant_choices.hpp"
#include "returnsim/model/processes/policy_clock.hpp"
#include "returnsim/model/processes/visa_assessment.hpp"
#include "returnsim/model/processes/reintegration.hpp"
#include "returnsim/model/processes/secondary_movement.hpp"

namespace returnsim::engine {

using model::MonthCounts;
using model::PairSeries;
using model::Status;
namespace proc = model::processes;

struct Simulation::ThreadCounts {
  explicit ThreadCounts(std::size_t pairs)
      : per_thread([pairs] {
          MonthCounts c;
          c.reset(pairs);
          return c;
        }) {}
  tbb::enumerable_thread_specific<MonthCounts> per_thread;
};

Simulation::~Simulation() = default;
Simulation::Simulation(Simulation&&) noexcept = default;

Simulation::Simulation(const scenario::Scenario& s, std::uint64_t run_seed)
    : scenario_(&s), run_seed_(run_seed), agent_scale_(s.simulation.agent_scale), world_(model::build_world(s)) {
  const auto& b = s.behaviour;
  proc::MonthContext& c = context_;
  c.world = &world_;
  c.run_seed = run_seed;
  c.asylum_decision_hazard = 1.0 / b.asylum_decision_months;
  c.subsequent_decision_hazard = 1.0 / b.subsequent_decision_months;
  c.subsequent_recognition_rate = b.subsequent_recognition_rate;
  c.subsequent_application_rate = b.subsequent_application_rate;
  c.non_cooperation_share = b.non_cooperation_share;
  c.non_cooperation_factor = b.non_cooperation_factor;
  c.undocumented_factor = b.undocumented_factor;
  c.laissez_passer_rate = s.cooperation.laissez_passer_rate;
  c.request_expiry_months = b.request_expiry_months;
  c.secondary_movement_rate = b.secondary_movement_rate;
  c.apprehension_rate = b.apprehension_rate;
  c.stick_behind_the_door = b.stick_behind_the_door;
  c.credibility_reference_hazard = b.credibility_reference_hazard;
  for (const auto& ms : s.member_states) {
    const double support_k = ms.avrr_support_eur / 1000.0;
    c.voluntary_hazard.push_back(b.voluntary_departure_rate * (1.0 + b.support_effect_per_1000_eur * support_k));
    c.abscond_hazard.push_back(b.abscond_rate * (1.0 - b.enforcement_abscond_effect * ms.enforcement));
    c.remigration_voluntary.push_back(
        b.remigration_rate * std::max(0.0, 1.0 - b.reintegration_effect_per_1000_eur * support_k));
    c.remigration_forced.push_back(b.remigration_rate * b.forced_remigration_factor);
    c.detention_max_months.push_back(ms.detention_max_months);
  }
  plan_.layout = proc::PipelineLayout{world_.state_count, world_.origin_count};
  thread_counts_ = std::make_unique<ThreadCounts>(world_.pair_count());
  proc::create_initial_population(world_, migrants_, run_seed_, agent_scale_, b.non_cooperation_share);
}

void Simulation::census_and_plan() {
  const std::size_t n = migrants_.size();
  const std::size_t blocks = (n + kBlockSize - 1) / kBlockSize;
  const std::size_t keys = plan_.layout.size();
  const std::size_t states = world_.state_count;
  block_counts_.assign(blocks * keys, 0);
  block_detained_.assign(blocks * states, 0);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, blocks), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t b = r.begin(); b != r.end(); ++b) {
      proc::census_block(migrants_, world_, b * kBlockSize, std::min(n, (b + 1) * kBlockSize), plan_.layout,
                         block_counts_.data() + b * keys, block_detained_.data() + b * states);
    }
  });
  std::vector<std::int64_t> detained(states, 0);
  for (std::size_t b = 0; b < blocks; ++b) {
    for (std::size_t st = 0; st < states; ++st) detained[st] += block_detained_[b * states + st];
  }
  proc::plan_pipeline(world_, block_counts_, detained, blocks, agent_scale_, run_seed_, month_, plan_);
}

void Simulation::agent_pass() {
  const std::size_t n = migrants_.size();
  const std::size_t blocks = (n + kBlockSize - 1) / kBlockSize;
  for (auto& c : thread_counts_->per_thread) c.reset(world_.pair_count());
  model::Migrants& m = migrants_;
  const proc::MonthContext& ctx = context_;
  const model::World& w = world_;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, blocks), [&](const tbb::blocked_range<std::size_t>& r) {
    MonthCounts& counts = thread_counts_->per_thread.local();
    for (std::size_t b = r.begin(); b != r.end(); ++b) {
      proc::PipelineCursor cursor(plan_, b);
      const std::size_t end = std::min(n, (b + 1) * kBlockSize);
      for (std::size_t i = b * kBlockSize; i < end; ++i) {
        const Status status = m.status[i];
        if (status == Status::granted) {
          ++counts.status_count[static_cast<std::size_t>(Status::granted)];
          continue;
        }
        const std::size_t pair = w.pair(m.origin[i], m.state[i]);
        const EntityDraws draws = proc::agent_draws(ctx, i);
        switch (status) {
          case Status::asylum_pending: proc::decide_asylum(m, i, pair, ctx, draws, counts); break;
          case Status::order_to_leave:
            if (!proc::forced_return_step(m, i, pair, ctx, draws, cursor, counts)) {
              proc::choose(m, i, pair, ctx, draws, counts);
            }
            break;
          case Status::subsequent_application: proc::decide_subsequent(m, i, ctx, draws); break;
          case Status::absconded: proc::move_or_surface(m, i, ctx, draws); break;
          case Status::returned_voluntary:
          case Status::returned_forced: proc::remigrate(m, i, pair, ctx, draws, counts); break;
          case Status::granted: break;
        }
        // End-of-month tallies.
        const Status now = m.status[i];
        ++counts.status_count[static_cast<std::size_t>(now)];
        if (now == Status::order_to_leave) {
          const std::size_t here = w.pair(m.origin[i], m.state[i]);
          ++counts.at(PairSeries::stock_order_to_leave, here);
          if (m.flags[i] & model::flag::detained) ++counts.at(PairSeries::in_detention, here);
        }
      }
    }
  });
  counts_.reset(world_.pair_count());
  for (const auto& c : thread_counts_->per_thread) counts_.add(c);
}

void Simulation::step(MonthObserver* observer) {
  context_.month = month_;
  // 1. Policy clock: scheduled levers, Council decisions. 2. Origin cooperation.
  proc::apply_policy_clock(world_, run_seed_, month_);
  proc::update_cooperation(world_, run_seed_, month_);
  // 3-7. Census of pipeline candidates, then every agent's month.
  census_and_plan();
  agent_pass();
  // 3. New applications arrive at the end of the month (decided from next month on).
  const std::size_t added = proc::add_arrivals(world_, migrants_, run_seed_, month_, agent_scale_,
                                               scenario_->behaviour.support_pull_per_1000_eur, counts_);
  counts_.status_count[static_cast<std::size_t>(Status::asylum_pending)] += static_cast<std::int64_t>(added);
  // 8, 10. Statistics and costs; the removal hazard feeds next month's credibility.
  proc::state_statistics(world_, counts_, agent_scale_, state_month_);
  proc::update_removal_hazard(world_, counts_);
  proc::update_forced_return_pressure(world_, counts_, agent_scale_);
  // 9. Art. 25a assessment on the recorded figures up to this month.
  proc::record_assessment_window(world_, counts_, agent_scale_);
  proc::assess_visa_cooperation(world_, month_);
  if (observer != nullptr) observer->on_month(MonthReport{month_, world_, counts_, state_month_, agent_scale_});
  ++month_;
}

void Simulation::run(MonthObserver* observer, std::atomic<std::int64_t>* months_done) {
  const auto months = static_cast<std::uint32_t>(scenario_->simulation.months);
  while (month_ < months) {
    step(observer);
    if (months_done != nullptr) months_done->fetch_add(1, std::memory_order_relaxed);
  }
}

}  // namespace returnsim::engine
