#pragma once
/// @file
/// What the monthly processes count, per origin-state pair. Integer counts in agents, summed
/// across threads (integer sums do not depend on the order, so results are thread-count free).
#include <array>
#include <cstdint>
#include <vector>

#include "returnsim/model/migrants.hpp"

namespace returnsim::model {

/// Per-pair monthly series, in the order of the output file.
enum class PairSeries : std::uint8_t {
  arrivals,                 ///< new asylum applications, including re-migration
  orders_to_leave,          ///< orders issued this month (after rejection or apprehension)
  returns_voluntary,
  returns_forced,
  absconded,                ///< people who absconded this month
  subsequent_applications,  ///< subsequent applications lodged this month
  identification_requests,  ///< requests sent this month (cases taken up)
  identified,               ///< positive answers this month
  travel_documents_issued,  ///< laissez-passers issued this month
  stock_order_to_leave,     ///< end of month: people with an order to leave in the state
  in_detention,             ///< end of month: detained people
  remigrations,             ///< returned people who migrated again this month
  identification_refused,   ///< requests answered negatively this month (the case goes back)
  identification_withdrawn, ///< requests withdrawn this month after request_expiry_months unanswered
  irregular_apprehensions,  ///< people found in irregular stay for the first time and ordered to leave (new people)
  reapprehensions,          ///< absconded people apprehended again and given a new order to leave
  removals_failed,          ///< removal attempts that failed this month (the slot was used)
  onward_departures,        ///< absconded people who left the EU unrecorded this month
  regularisations,          ///< absconded people regularised this month
  stock_absconded,          ///< end of month: absconded people in the state
};
inline constexpr std::size_t kPairSeriesCount = 20;

struct MonthCounts {
  std::size_t pair_count = 0;
  std::vector<std::int32_t> pair;   ///< [series][pair]
  std::int64_t months_to_return_sum = 0;  ///< over this month's returns: months since the order
  std::array<std::int64_t, kStatusCount> status_count{};  ///< end of month, agents per Status
  std::array<std::int64_t, kStatusCount> entered_dormancy{};  ///< agents that became dormant this month, per Status

  void reset(std::size_t pairs) {
    pair_count = pairs;
    pair.assign(kPairSeriesCount * pairs, 0);
    months_to_return_sum = 0;
    status_count.fill(0);
    entered_dormancy.fill(0);
  }
  std::int32_t& at(PairSeries series, std::size_t p) {
    return pair[static_cast<std::size_t>(series) * pair_count + p];
  }
  [[nodiscard]] std::int32_t at(PairSeries series, std::size_t p) const {
    return pair[static_cast<std::size_t>(series) * pair_count + p];
  }
  void add(const MonthCounts& other) {
    for (std::size_t i = 0; i < pair.size(); ++i) pair[i] += other.pair[i];
    months_to_return_sum += other.months_to_return_sum;
    for (std::size_t i = 0; i < status_count.size(); ++i) {
      status_count[i] += other.status_count[i];
      entered_dormancy[i] += other.entered_dormancy[i];
    }
  }
};

}  // namespace returnsim::model
