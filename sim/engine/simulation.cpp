#include "returnsim/engine/simulation.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_group.h>

#include <algorithm>

#include "returnsim/model/month.hpp"
#include "returnsim/model/processes/cooperation.hpp"
#include "returnsim/model/processes/policy_clock.hpp"
#include "returnsim/model/processes/schedules.hpp"
#include "returnsim/model/processes/visa_assessment.hpp"

namespace returnsim::engine {

using model::MonthCounts;
using model::Status;

namespace proc = model::processes;

struct Simulation::ThreadCounts {
  ThreadCounts(std::size_t pairs, std::size_t keys)
      : per_thread([pairs] {
          MonthCounts c;
          c.reset(pairs);
          return c;
        }),
        census_scratch(keys, 0),
        selection_slots(keys) {}
  tbb::enumerable_thread_specific<MonthCounts> per_thread;
  /// Per thread, one entry per pipeline key: the census's tallies (0 between blocks) and where the
  /// pass's systematic samples stand.
  tbb::enumerable_thread_specific<std::vector<std::int64_t>> census_scratch;
  tbb::enumerable_thread_specific<std::vector<proc::SelectionSlot>> selection_slots;
};

Simulation::ThreadScratch::ThreadScratch() = default;
Simulation::ThreadScratch::ThreadScratch(const ThreadScratch& other) : counts(std::make_unique<ThreadCounts>(*other.counts)) {}
Simulation::ThreadScratch::ThreadScratch(ThreadScratch&&) noexcept = default;
Simulation::ThreadScratch::~ThreadScratch() = default;

Simulation::~Simulation() = default;
Simulation::Simulation(Simulation&&) noexcept = default;

std::size_t Simulation::scheduling_bytes() const noexcept {
  std::size_t n = room_.bytes() + since_.size() * sizeof(std::uint16_t);
  for (const auto& block : block_agents_) n += block.size() * sizeof(model::PassEntry);
  for (const auto& sleepers : calendar_) n += sleepers.size() * sizeof(std::uint32_t);
  return n;
}

namespace {
/// The scenario the world starts in: the burn-in's when there is a burn-in in another one.
const scenario::Scenario& starting_scenario(const scenario::Scenario& s, const scenario::Scenario* burn_in_world) {
  if (burn_in_world == nullptr || s.simulation.burn_in_months == 0) return s;
  scenario::require_same_graph(*burn_in_world, s);
  return *burn_in_world;
}
}  // namespace

Simulation::Simulation(const scenario::Scenario& s, std::uint64_t run_seed, const scenario::Scenario* burn_in_world,
                       Scheduling scheduling)
    : scenario_(&s),
      run_seed_(run_seed),
      agent_scale_(s.simulation.agent_scale),
      burn_in_months_(s.simulation.burn_in_months),
      world_(model::build_world(starting_scenario(s, burn_in_world))),
      scheduling_(scheduling) {
  plan_.layout = proc::PipelineLayout{world_.state_count, world_.origin_count};
  thread_counts_.counts = std::make_unique<ThreadCounts>(world_.pair_count(), plan_.layout.size());
  calendar_.resize(static_cast<std::size_t>(simulated_months(s)) + 1);
  sleeping_per_pair_.assign(world_.pair_count(), 0);
  room_open_ = scheduling_ == Scheduling::events;
  room_.resubmissions.resize(calendar_.size());
  for (auto* lists : {&room_.members, &room_.joining}) lists->resize(WaitingRoom::kLists * world_.pair_count());
  room_.marked.assign(room_.members.size(), 0);
  room_.per_pair.assign(world_.pair_count(), 0);
  proc::create_initial_population(world_, migrants_, run_seed_, agent_scale_);
  since_.assign(migrants_.size(), kInPasses);
}

Simulation::Simulation(const Simulation&) = default;

Simulation::Simulation(const Simulation& b, const scenario::Scenario& s) : Simulation(b) {
  if (b.month() != 0) throw ModelError("internal: a simulation is copied for another scenario after its burn-in only");
  const auto& mine = s.simulation;
  const auto& theirs = b.scenario_->simulation;
  if (mine.months != theirs.months || mine.burn_in_months != theirs.burn_in_months || mine.agent_scale != theirs.agent_scale ||
      mine.seed != theirs.seed || mine.start != theirs.start) {
    throw ModelError("internal: a burn-in is shared only by scenarios with the same simulation section");
  }
  scenario::require_same_graph(*b.scenario_, s);
  scenario_ = &s;
  context_.world = &world_;  // prepare_month sets it every month; never left pointing at the original
}

std::size_t Simulation::active_agents() const noexcept {
  std::size_t n = 0;
  for (const auto& block : block_agents_) n += block.size();
  return n;
}


std::size_t Simulation::wake_month(std::uint32_t agent, std::uint64_t first_month, std::uint32_t draw) {
  const EntityDraws draws(run_seed_, entity_id(EntitySpace::agent, agent), month_);
  const std::uint32_t wait = model::months_before_event(migrants_, agent, context_, draws, draw);
  const std::size_t beyond_the_run = calendar_.size() - 1;
  std::uint64_t wake = wait == model::kNever ? beyond_the_run : first_month + wait;
  if (model::is_returned(migrants_.status[agent])) {
    // Asleep from first_month with its clock as it is: it wakes for its re-migration, or at the
    // end of the window to become dormant, whichever comes first.
    since_[agent] = static_cast<std::uint16_t>(first_month);
    wake = std::min<std::uint64_t>(wake, first_month + model::months_left_in_window(migrants_.months_in_stage[agent], context_));
  }
  return static_cast<std::size_t>(std::min<std::uint64_t>(wake, beyond_the_run));
}

void Simulation::advance_sleeping_clock(std::uint32_t agent) {
  if (since_[agent] == kInPasses) return;
  std::uint8_t& clock = migrants_.months_in_stage[agent];
  clock = static_cast<std::uint8_t>(std::min<std::uint64_t>(255, clock + (month_ - since_[agent])));
  since_[agent] = kInPasses;
}

void Simulation::add_to_passes(std::size_t first) {
  const std::size_t n = migrants_.size();
  block_agents_.resize((n + kBlockSize - 1) / kBlockSize);
  since_.resize(n, kInPasses);
  const bool scheduled = scheduling_ == Scheduling::events;
  for (std::size_t i = first; i < n; ++i) {
    const auto agent = static_cast<std::uint32_t>(i);
    const model::PassEntry entry = model::pass_entry(migrants_, agent);
    // A new application's decision can come from next month on; so can a new order's events.
    if (scheduled && model::is_schedulable(migrants_.status[i])) sleep_until(agent, wake_month(agent, month_ + 1, on_arrival));
    else if (room_open_ && model::waits_out_of_passes(entry.shortcut)) enter_waiting_room(agent, month_ + 1);
    else block_agents_[i / kBlockSize].push_back(entry);
  }
}

void Simulation::rebuild_passes() {
  if (room_.count > 0) empty_waiting_room();  // its clocks as they stand; everyone is sorted again below
  for (auto& block : block_agents_) block.clear();
  dormant_count_.fill(0);
  const std::size_t n = migrants_.size();
  block_agents_.resize((n + kBlockSize - 1) / kBlockSize);
  const bool scheduled = scheduling_ == Scheduling::events;
  for (std::size_t i = 0; i < n; ++i) {
    const auto agent = static_cast<std::uint32_t>(i);
    const Status status = migrants_.status[i];
    if (model::is_dormant(migrants_, i, context_)) {
      ++dormant_count_[static_cast<std::size_t>(status)];
    } else if (scheduled && model::is_schedulable(status)) {
      // Asleep in the calendar; at the start, each first event is drawn from this month on, and
      // so is a returned person's made dormant under a shorter window (not asleep: no month out).
      if (!calendar_started_ || (model::is_returned(status) && since_[i] == kInPasses)) sleep_until(agent, wake_month(agent, month_, at_start));
    } else {
      block_agents_[i / kBlockSize].push_back(model::pass_entry(migrants_, agent));
    }
  }
  if (scheduled && !calendar_started_) {
    calendar_started_ = true;
    sleepers_probabilities_ = event_probabilities();
  }
}

std::vector<double> Simulation::event_probabilities() const {
  std::vector<double> p{context_.asylum_decision_probability, static_cast<double>(context_.remigration_window_months)};
  for (const auto& odds : context_.absconded) p.push_back(odds.movement);
  p.insert(p.end(), context_.remigration_voluntary.begin(), context_.remigration_voluntary.end());
  p.insert(p.end(), context_.remigration_forced.begin(), context_.remigration_forced.end());
  return p;
}

void Simulation::sleep_until(std::uint32_t agent, std::size_t wake) {
  calendar_[wake].push_back(agent);
  const Status status = migrants_.status[agent];
  ++sleeping_[static_cast<std::size_t>(status)];
  if (status == Status::absconded) ++sleeping_per_pair_[world_.pair(migrants_.origin[agent], migrants_.state[agent])];
}

void Simulation::wake_sleepers() {
  if (month_ >= calendar_.size() - 1) return;
  // Appended to their blocks' lists, in the calendar's order (a deterministic order, which is all
  // the ranks of the pipeline need).
  std::vector<std::uint32_t>& woken = calendar_[month_];
  for_each_prefetched(woken, [&](std::uint32_t i) {
    const Status status = migrants_.status[i];
    --sleeping_[static_cast<std::size_t>(status)];
    if (status == Status::absconded) --sleeping_per_pair_[world_.pair(migrants_.origin[i], migrants_.state[i])];
    model::PassEntry entry = model::pass_entry(migrants_, i);
    if (model::is_returned(status)) {
      advance_sleeping_clock(i);
      if (model::is_dormant(migrants_, i, context_)) {  // the window ended: dormant from this month
        ++dormant_count_[static_cast<std::size_t>(status)];
        return;
      }
      entry.shortcut = model::Shortcut::none;  // woken for its re-migration: agent_month does it
    }
    block_agents_[i / kBlockSize].push_back(entry);
  });
  std::vector<std::uint32_t>().swap(woken);
}

void Simulation::redraw_sleepers() {
  // Geometric waits have no memory: from this month, each sleeper waits as if it had just fallen
  // asleep under the new probability (its event may come this month).
  std::vector<std::uint32_t> sleepers;
  for (std::size_t t = month_; t < calendar_.size(); ++t) {
    sleepers.insert(sleepers.end(), calendar_[t].begin(), calendar_[t].end());
    std::vector<std::uint32_t>().swap(calendar_[t]);
  }
  std::sort(sleepers.begin(), sleepers.end());
  for (const std::uint32_t i : sleepers) {
    advance_sleeping_clock(i);  // returned people: their clocks as they stand, then their waits from now
    calendar_[wake_month(i, month_, redrawn)].push_back(i);
  }
  sleepers_probabilities_ = event_probabilities();
}

void Simulation::census_and_plan() {
  const std::size_t blocks = block_agents_.size();
  const std::size_t states = world_.state_count;
  // One more "block" after the passes' blocks: the waiting room's queues, whose candidates rank
  // after every candidate in the passes (there are none when the room is used: every casework
  // candidate waits in it).
  block_keys_.resize(blocks + 1);
  proc::BlockKeys& room_keys = block_keys_[blocks];
  room_keys.clear();
  for (std::size_t pair = 0; pair < world_.pair_count(); ++pair) {
    for (const bool documented : {false, true}) {
      const auto& queue = room_.members[WaitingRoom::kLists * pair +
                                        (documented ? WaitingRoom::candidates_documented : WaitingRoom::candidates_undocumented)];
      if (!queue.empty()) {
        room_keys.push_back({static_cast<std::uint32_t>(plan_.layout.casework(pair, documented)), static_cast<std::int64_t>(queue.size())});
      }
    }
  }
  block_detained_.assign(blocks * states, 0);
  // An isolated context: when another run of the same sweep fails and the sweep's loop is
  // cancelled, this run's loops must still do all their work (never half a month).
  tbb::task_group_context isolated(tbb::task_group_context::isolated);
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, blocks),
      [&](const tbb::blocked_range<std::size_t>& r) {
        std::int64_t* scratch = thread_counts_->census_scratch.local().data();
        for (std::size_t b = r.begin(); b != r.end(); ++b) {
          proc::census_block(migrants_, world_, block_agents_[b].data(), block_agents_[b].size(), plan_.layout, scratch,
                             block_keys_[b], block_detained_.data() + b * states);
        }
      },
      isolated);
  std::vector<std::int64_t> detained(states, 0);
  for (std::size_t b = 0; b < blocks; ++b) {
    for (std::size_t st = 0; st < states; ++st) detained[st] += block_detained_[b * states + st];
  }
  proc::plan_pipeline(world_, block_keys_, detained, agent_scale_, run_seed_, month_, plan_);
}

void Simulation::agent_pass() {
  const std::size_t blocks = block_agents_.size();
  block_new_sleepers_.resize(blocks);
  block_new_waiting_.resize(blocks);
  const bool room = room_open_;
  for (auto& c : thread_counts_->per_thread) c.reset(world_.pair_count());
  model::Migrants& m = migrants_;
  const proc::MonthContext& ctx = context_;
  const bool full = every_month_in_full_;
  tbb::task_group_context isolated(tbb::task_group_context::isolated);  // see census_and_plan
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, blocks),
      [&](const tbb::blocked_range<std::size_t>& r) {
        MonthCounts& counts = thread_counts_->per_thread.local();
        proc::SelectionSlot* slots = thread_counts_->selection_slots.local().data();
        for (std::size_t b = r.begin(); b != r.end(); ++b) {
          proc::PipelineCursor cursor(plan_, block_keys_[b], slots);
          // The block's agents; those that became dormant leave the list, and so do pending
          // applications and absconded people when their events are scheduled (they sleep until
          // the next).
          std::vector<model::PassEntry>& agents = block_agents_[b];
          std::vector<std::uint32_t>& sleepers = block_new_sleepers_[b];
          std::vector<std::uint32_t>& waiting = block_new_waiting_[b];
          sleepers.clear();
          waiting.clear();
          std::size_t kept = 0;
          auto keep = [&](const model::PassEntry& e) {
            if (room && model::waits_out_of_passes(e.shortcut)) waiting.push_back(e.agent);
            else agents[kept++] = e;
          };
          const std::size_t in_pass = agents.size();
          for (std::size_t j = 0; j < in_pass; ++j) {
            // The block's agents are sparse in its index range: fetch the lines of the agent a few
            // entries ahead while this one is done, so that the misses overlap.
            if (j + kPassAhead < in_pass) prefetch_agent(agents[j + kPassAhead].agent);
            const model::PassEntry entry = agents[j];
            const bool out_of_room = entry.shortcut == model::Shortcut::taken_up || entry.shortcut == model::Shortcut::chooses;
            if (entry.shortcut != model::Shortcut::none && !out_of_room && !full &&
                model::month_from_entry(entry, m, ctx, cursor, counts)) {
              keep(entry);
              continue;
            }
            const std::uint32_t i = entry.agent;
            if (entry.shortcut == model::Shortcut::taken_up) {
              // Out of the waiting room's queue this month: casework selects it.
              since_[i] = kInPasses;
              cursor.select_next(plan_.layout.casework(world_.pair(entry.origin, entry.state), (m.flags[i] & model::flag::documented) != 0));
              model::agent_month(m, i, ctx, cursor, counts);
            } else if (entry.shortcut == model::Shortcut::chooses) {
              // Out of the waiting room for a choice; a refusal whose wait ends this month ends
              // before it, as in forced_return_step.
              const std::uint64_t since = since_[i];
              since_[i] = kInPasses;
              if ((m.flags[i] & model::flag::refused) && resubmission_month(i, since) <= month_) end_refusal(i, since);
              model::waiting_choice(m, i, ctx, counts);
            } else {
              model::agent_month(m, i, ctx, cursor, counts);
            }
            if (model::is_dormant(m, i, ctx)) {
              ++counts.entered_dormancy[static_cast<std::size_t>(m.status[i])];
            } else if (ctx.events_scheduled && model::is_schedulable(m.status[i])) {
              sleepers.push_back(i);
            } else {
              keep(model::pass_entry(m, i));
            }
          }
          agents.resize(kept);
        }
      },
      isolated);
  counts_.reset(world_.pair_count());
  for (const auto& c : thread_counts_->per_thread) counts_.add(c);
  // The agents out of the pass count in their status: the dormant agents of earlier months (this
  // month's join them) and the sleepers (this month's new ones, counted by their pass, go to sleep
  // now, in block order, each until its next event: next month at the earliest).
  for (std::size_t st = 0; st < model::kStatusCount; ++st) {
    counts_.status_count[st] += dormant_count_[st] + sleeping_[st];
    dormant_count_[st] += counts_.entered_dormancy[st];
  }
  for (std::size_t p = 0; p < sleeping_per_pair_.size(); ++p) {
    counts_.at(model::PairSeries::stock_absconded, p) += static_cast<std::int32_t>(sleeping_per_pair_[p]);
  }
  for (const auto& sleepers : block_new_sleepers_) {
    for (const std::uint32_t i : sleepers) sleep_until(i, wake_month(i, month_ + 1, after_pass));
  }
  if (!room) return;
  // The refusals of the waiting room that end this month; its members who stay count in their
  // status and pair; then the pass's new waiting people enter it, in block order, from next month.
  end_waiting_room_month();
  counts_.status_count[static_cast<std::size_t>(Status::order_to_leave)] += room_.count;
  for (std::size_t p = 0; p < room_.per_pair.size(); ++p) {
    counts_.at(model::PairSeries::stock_order_to_leave, p) += static_cast<std::int32_t>(room_.per_pair[p]);
  }
  for (const auto& waiting : block_new_waiting_) {
    for (const std::uint32_t i : waiting) enter_waiting_room(i, month_ + 1);
  }
}

void Simulation::step(MonthObserver* observer) {
  const std::int32_t reported = month();
  const bool in_horizon = reported >= 0;
  world_.policy.events.clear();
  // The burn-in ends: the run's own scenario from now on (a sweep's policy).
  if (reported == 0 && world_.scenario != scenario_) model::switch_scenario(world_, *scenario_);
  proc::apply_schedules(world_, reported);
  // 1. Policy clock: scheduled levers, Council decisions (reported months only). 2. Origin cooperation.
  if (in_horizon) proc::apply_policy_clock(world_, run_seed_, static_cast<std::uint32_t>(reported), month_);
  proc::update_cooperation(world_, run_seed_, month_);
  // 3-7. Every process's probabilities for the month, the census of pipeline candidates, then
  // every agent's month.
  model::prepare_month(context_, world_, run_seed_, month_, reported);
  context_.events_scheduled = scheduling_ == Scheduling::events;
  if (calendar_started_ && event_probabilities() != sleepers_probabilities_) redraw_sleepers();
  // Agents made dormant under a shorter re-migration window may move again under a longer one.
  if (context_.remigration_window_months > passes_window_) rebuild_passes();
  passes_window_ = context_.remigration_window_months;
  if (context_.events_scheduled) wake_sleepers();
  if (room_open_) {
    if (room_.count > 0 && !waiting_room_current()) empty_waiting_room();
    if (room_.count == 0) {  // who enters from now on waits under this month's rules
      room_.retry_months = context_.request_retry_months;
      room_.forced_return_possible = world_.forced_return_possible;
    }
  }
  census_and_plan();
  if (room_open_) start_waiting_room_month();
  agent_pass();
  // 3. New applications and first apprehensions arrive at the end of the month.
  const std::size_t before_arrivals = migrants_.size();
  proc::add_arrivals(world_, migrants_, context_, agent_scale_, counts_);
  add_to_passes(before_arrivals);
  // The waiting room's lists as next month starts (each list on its own: in parallel).
  tbb::task_group_context isolated(tbb::task_group_context::isolated);  // see census_and_plan
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, room_.members.size(), 64),
      [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t l = r.begin(); l != r.end(); ++l) {
          update_list(room_.members[l], room_.joining[l], room_.marked[l] != 0);
          room_.marked[l] = 0;
        }
      },
      isolated);
  // 8, 10. Statistics and costs; the removal hazard feeds next month's credibility.
  proc::state_statistics(world_, counts_, agent_scale_, state_month_);
  proc::update_removal_hazard(world_, counts_);
  proc::update_forced_return_pressure(world_, counts_, agent_scale_);
  if (in_horizon) {
    // 9. Art. 25a assessment on the recorded figures of the reported months.
    const auto month = static_cast<std::uint32_t>(reported);
    proc::record_assessment_window(world_, counts_, agent_scale_, month);
    proc::assess_visa_cooperation(world_, month);
    if (observer != nullptr) observer->on_month(MonthReport{month, world_, counts_, state_month_, agent_scale_});
  }
  ++month_;
}

void Simulation::burn_in() {
  while (month() < 0) {
    if (stop_requested()) throw Interrupted();
    step(nullptr);
  }
}

namespace {
std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free, "request_stop() is called from a signal handler");
}  // namespace

void request_stop() noexcept { g_stop.store(true, std::memory_order_relaxed); }
bool stop_requested() noexcept { return g_stop.load(std::memory_order_relaxed); }

void Simulation::run(MonthObserver* observer, std::atomic<std::int64_t>* months_done) {
  const auto months = static_cast<std::uint32_t>(simulated_months(*scenario_));
  while (month_ < months) {
    if (stop_requested()) throw Interrupted();
    step(observer);
    if (months_done != nullptr) months_done->fetch_add(1, std::memory_order_relaxed);
  }
}

}  // namespace returnsim::engine
