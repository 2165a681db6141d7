#include "returnsim/model/migrants.hpp"

namespace returnsim::model {

void Migrants::reserve(std::size_t n) {
  for_each_array([&](auto array) { (this->*array).reserve(n); });
}

std::size_t Migrants::add(Status s, std::uint16_t origin_index, std::uint8_t state_index,
                          std::uint8_t flag_bits, std::int16_t order_month_value) {
  status.push_back(s);
  flags.push_back(flag_bits);
  origin.push_back(origin_index);
  state.push_back(state_index);
  months_in_stage.push_back(0);
  detention_months.push_back(0);
  order_month.push_back(order_month_value);
  return status.size() - 1;
}

}  // namespace returnsim::model
