// The simulation's waiting room (engine/waiting_room.hpp, docs/model.md §1.3): who enters and
// leaves it, and its month. Its work is the month's events among the waiting (about a tenth of
// them), not the waiting themselves: the picks per pair run in parallel, the events in one thread.
#include "returnsim/engine/waiting_room.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_group.h>

#include <algorithm>
#include <cassert>

#include "returnsim/engine/simulation.hpp"

namespace returnsim::engine {

namespace proc = model::processes;

std::size_t WaitingRoom::bytes() const noexcept {
  std::size_t n = 0;
  for (const auto& stays : resubmissions) n += stays.size() * sizeof(Stay);
  for (const auto* lists : {&members, &joining}) {
    for (const auto& agents : *lists) n += agents.size() * sizeof(std::uint32_t);
  }
  return n;
}

void update_list(std::vector<std::uint32_t>& list, std::vector<std::uint32_t>& joining, bool marked) {
  if (!marked && joining.empty()) return;
  std::size_t kept = list.size();
  if (marked) {
    kept = 0;
    for (const std::uint32_t agent : list) {
      list[kept] = agent;
      kept += agent != WaitingRoom::kLeft ? 1 : 0;
    }
  }
  std::sort(joining.begin(), joining.end());
  std::size_t from_list = kept, from_joining = joining.size();
  list.resize(kept + from_joining);
  for (std::size_t to = list.size(); from_joining > 0;) {  // merged from the back, in place
    if (from_list > 0 && list[from_list - 1] > joining[from_joining - 1]) list[--to] = list[--from_list];
    else list[--to] = joining[--from_joining];
  }
  joining.clear();
}

namespace {
/// Calls `visit(position)` for the positions 0..count-1 each picked independently with
/// probability `p`, in order: geometric gaps from the `draws` of `purpose`.
template <class Visit>
void for_each_picked(std::int64_t count, double p, const EntityDraws& draws, Purpose purpose, Visit&& visit) {
  const model::GeometricWaits gaps(p);
  std::int64_t position = 0;
  for (std::uint32_t k = 0;; ++k) {
    const std::uint32_t gap = gaps.months(draws.uniform(purpose, k));
    if (gap == model::kNever || position + gap >= count) return;
    position += gap;
    visit(position);
    ++position;
  }
}
}  // namespace

std::size_t Simulation::room_list_of(std::uint32_t i) const {
  const model::Migrants& m = migrants_;
  const std::size_t pair = world_.pair(m.origin[i], m.state[i]);
  const std::uint8_t f = m.flags[i];
  const bool candidate = !(f & model::flag::refused) && room_.forced_return_possible[m.origin[i]];
  const std::size_t list = !candidate                          ? WaitingRoom::not_candidates
                           : (f & model::flag::documented) != 0 ? WaitingRoom::candidates_documented
                                                                : WaitingRoom::candidates_undocumented;
  return WaitingRoom::kLists * pair + list;
}

std::uint64_t Simulation::resubmission_month(std::uint32_t i, std::uint64_t since) const {
  // The clock in the room stays what it was as the stay began.
  return since + proc::months_until_resubmission(migrants_.months_in_stage[i], room_.retry_months);
}

void Simulation::enter_waiting_room(std::uint32_t i, std::size_t first) {
  const model::Migrants& m = migrants_;
  const auto since = static_cast<std::uint16_t>(first);
  since_[i] = since;
  ++room_.per_pair[world_.pair(m.origin[i], m.state[i])];
  ++room_.count;
  room_.joining[room_list_of(i)].push_back(i);
  if (m.flags[i] & model::flag::refused) {
    room_.resubmissions[std::min<std::uint64_t>(resubmission_month(i, first), room_.resubmissions.size() - 1)].push_back({i, since});
  }
}

bool Simulation::waiting_room_current() const {
  return room_.retry_months == context_.request_retry_months && room_.forced_return_possible == world_.forced_return_possible;
}

void Simulation::end_refusal(std::uint32_t i, std::uint64_t since) {
  model::Migrants& m = migrants_;
  m.flags[i] = static_cast<std::uint8_t>(m.flags[i] & ~model::flag::refused);
  // The clock forced_return_step would have advanced month by month, this month's included.
  m.months_in_stage[i] = static_cast<std::uint8_t>(std::min<std::uint64_t>(255, m.months_in_stage[i] + (month_ - since) + 1));
}

void Simulation::empty_waiting_room() {
  model::Migrants& m = migrants_;
  // At the start of a month: the lists are merged, nobody is joining or marked.
  for (std::size_t l = 0; l < room_.members.size(); ++l) {
    for (const std::uint32_t i : room_.members[l]) {
      if (m.flags[i] & model::flag::refused) {  // the clock the months in the room advanced
        m.months_in_stage[i] = static_cast<std::uint8_t>(std::min<std::uint64_t>(255, m.months_in_stage[i] + (month_ - since_[i])));
      }
      since_[i] = kInPasses;
      block_agents_[i / kBlockSize].push_back(model::pass_entry(m, i));
    }
    room_.members[l].clear();
  }
  for (auto& stays : room_.resubmissions) std::vector<WaitingRoom::Stay>().swap(stays);
  std::fill(room_.per_pair.begin(), room_.per_pair.end(), 0);
  room_.count = 0;
}

void Simulation::start_waiting_room_month() {
  const proc::MonthContext& ctx = context_;
  // The people taken out of the room this month join their blocks' pass for it, marked with the
  // event the pass does (model::Shortcut::taken_up, chooses): the pass does their months in
  // parallel and in index order, and places them as its own agents.
  auto out_for_the_pass = [&](std::uint32_t i, std::size_t pair, model::Shortcut event) {
    block_agents_[i / kBlockSize].push_back(model::PassEntry{i, static_cast<std::uint16_t>(world_.pair_origin(pair)),
                                                             static_cast<std::uint8_t>(world_.pair_state(pair)), event});
    --room_.per_pair[pair];
    --room_.count;
  };
  // 1. The refusals whose wait ends this month, found in their lists while these are sorted.
  room_ending_.clear();
  if (month_ < room_.resubmissions.size()) {
    for (const WaitingRoom::Stay& stay : room_.resubmissions[month_]) {
      if (since_[stay.agent] != stay.since) continue;  // what is left of an earlier stay
      const std::size_t l = room_list_of(stay.agent);
      auto& list = room_.members[l];
      const auto at = std::lower_bound(list.begin(), list.end(), stay.agent);
      assert(at != list.end() && *at == stay.agent);  // a member is in its list
      room_ending_.push_back({stay.agent, stay.since, l, static_cast<std::size_t>(at - list.begin())});
    }
    std::vector<WaitingRoom::Stay>().swap(room_.resubmissions[month_]);
  }
  // 2. Casework takes up the queues' selected people: the rank of a queue's first person follows
  // every candidate in the passes (the room's block of the census).
  const std::size_t first_casework_key = plan_.layout.casework(0, false);
  for (const proc::KeyRank& k : block_keys_.back()) {
    const std::size_t casework = k.key - first_casework_key;  // 2 x pair + documented
    const std::size_t pair = casework / 2;
    const std::size_t list = WaitingRoom::kLists * pair + casework % 2;
    std::vector<std::uint32_t>& queue = room_.members[list];
    proc::for_each_selected(plan_.selection[k.key], k.value, static_cast<std::int64_t>(queue.size()), [&](std::int64_t position) {
      std::uint32_t& entry = queue[static_cast<std::size_t>(position)];
      out_for_the_pass(entry, pair, model::Shortcut::taken_up);
      entry = WaitingRoom::kLeft;
      room_.marked[list] = 1;
    });
  }
  // 3. Who makes a choice: each member of a pair as the month started, independently with the
  // month's probability, over the pair's lists in turn; those taken up have their choice with
  // their month. Each pair on its own (in parallel), its picks in its own list, then in pair order.
  const std::size_t pairs = room_.per_pair.size();
  std::vector<std::vector<std::uint32_t>>& picked = room_.picked;  // kept from month to month: no allocations
  picked.resize(pairs);
  tbb::task_group_context isolated(tbb::task_group_context::isolated);  // see Simulation::census_and_plan
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, pairs, 16),
      [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t pair = r.begin(); pair != r.end(); ++pair) {
          const std::size_t first_list = WaitingRoom::kLists * pair;
          std::int64_t count = 0;
          for (std::size_t l = 0; l < WaitingRoom::kLists; ++l) count += static_cast<std::int64_t>(room_.members[first_list + l].size());
          picked[pair].clear();
          if (count == 0) continue;
          const EntityDraws draws(run_seed_, entity_id(EntitySpace::pair, pair), month_);
          for_each_picked(count, model::waiting_choice_probability(ctx, pair), draws, Purpose::waiting_choices, [&](std::int64_t position) {
            std::size_t l = first_list;
            auto at = static_cast<std::size_t>(position);
            while (at >= room_.members[l].size()) at -= room_.members[l++].size();
            std::uint32_t& entry = room_.members[l][at];
            if (entry == WaitingRoom::kLeft) return;  // taken up
            picked[pair].push_back(entry);
            entry = WaitingRoom::kLeft;
            room_.marked[l] = 1;
          });
        }
      },
      isolated);
  for (std::size_t pair = 0; pair < pairs; ++pair) {
    for (const std::uint32_t i : picked[pair]) out_for_the_pass(i, pair, model::Shortcut::chooses);
  }
}

void Simulation::end_waiting_room_month() {
  // The refusals that end this month for those still here (not out for a choice): casework
  // candidates from next month.
  for (const RoomRefusalEnd& e : room_ending_) {
    std::uint32_t& entry = room_.members[e.list][e.position];
    if (entry != e.agent) continue;  // out for a choice
    entry = WaitingRoom::kLeft;
    room_.marked[e.list] = 1;
    end_refusal(e.agent, e.since);
    room_.joining[room_list_of(e.agent)].push_back(e.agent);
  }
  room_ending_.clear();
}

}  // namespace returnsim::engine
