#include "xgrad/nn/dropout.hpp"

#include <stdexcept>

#include "xgrad/framework/detail/check.hpp"
#include "xgrad/nn/functional.hpp"

namespace xgrad::nn {

Dropout::Dropout(double p) : Dropout(DropoutOptions(p)) {}

Dropout::Dropout(const DropoutOptions& options) : Module("Dropout"), options_(options) {
  XGRAD_CHECK(options.p() >= 0 && options.p() <= 1, std::invalid_argument,
              "dropout probability has to be between 0 and 1, but got ", options.p());
}

Tensor Dropout::forward(const Tensor& input) const {
  return functional::dropout(input, options_.p(), is_training());
}

std::shared_ptr<Module> Dropout::clone() const {
  return fill_clone(std::make_shared<Dropout>(options_));
}

void Dropout::pretty_print(std::ostream& os) const {
  os << "Dropout(p=" << options_.p() << ", inplace=false)";
}

}  // namespace xgrad::nn
