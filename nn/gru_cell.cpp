#include "xgrad/nn/gru_cell.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/framework/factories.hpp"
#include "xgrad/framework/ops/linalg.hpp"
#include "xgrad/nn/functional.hpp"

namespace xgrad::nn {

namespace functional {

namespace {

void check_gru_cell_inputs(const Tensor& input, const Tensor& hx, const Tensor& w_ih, const Tensor& w_hh) {
  if (input.dim() != 1 && input.dim() != 2) {
    throw std::invalid_argument("GRUCell: Expected input to be 1D or 2D, got " + std::to_string(input.dim()) +
                                "D instead");
  }
  if (hx.defined() && hx.dim() != 1 && hx.dim() != 2) {
    throw std::invalid_argument("GRUCell: Expected hidden to be 1D or 2D, got " + std::to_string(hx.dim()) +
                                "D instead");
  }
  if (hx.defined() && hx.dim() != input.dim()) {
    throw std::invalid_argument("GRUCell: Expected input and hidden to be both batched (2D) or both unbatched "
                                "(1D), got input " + std::to_string(input.dim()) + "D and hidden " +
                                std::to_string(hx.dim()) + "D");
  }
  const bool weights_fit = w_ih.dim() == 2 && w_hh.dim() == 2 && w_ih.size(0) == w_hh.size(0) &&
                           w_hh.size(0) == 3 * w_hh.size(1);
  if (!weights_fit) {
    throw std::invalid_argument(
        "gru_cell: expected weight_ih of shape (3*hidden_size, input_size) and weight_hh of shape "
        "(3*hidden_size, hidden_size); got " +
        to_string(w_ih.sizes()) + " and " + to_string(w_hh.sizes()));
  }
  const Dtype expected = w_ih.dtype();
  if (input.dtype() != expected || (hx.defined() && hx.dtype() != expected)) {
    throw std::invalid_argument(std::string("GRUCell: expected input and hidden to have the parameters' dtype (") +
                                dtype_name(expected) + "), got input " + dtype_name(input.dtype()) +
                                (hx.defined() ? std::string(" and hidden ") + dtype_name(hx.dtype()) : ""));
  }
  const int64_t input_size = w_ih.size(1), hidden_size = w_hh.size(1);
  if (input.size(-1) != input_size) {
    throw std::invalid_argument("input has inconsistent input_size: got " + std::to_string(input.size(-1)) +
                                " expected " + std::to_string(input_size));
  }
  if (!hx.defined()) return;
  if (input.dim() == 2 && input.size(0) != hx.size(0)) {
    throw std::invalid_argument("Input batch size " + std::to_string(input.size(0)) +
                                " doesn't match hidden0 batch size " + std::to_string(hx.size(0)));
  }
  if (hx.size(-1) != hidden_size) {
    throw std::invalid_argument("hidden0 has inconsistent hidden_size: got " + std::to_string(hx.size(-1)) +
                                ", expected " + std::to_string(hidden_size));
  }
}

}  // namespace

Tensor gru_cell(const Tensor& input, const Tensor& hx, const Tensor& w_ih, const Tensor& w_hh, const Tensor& b_ih,
                const Tensor& b_hh) {
  check_gru_cell_inputs(input, hx, w_ih, w_hh);
  const bool batched = input.dim() == 2;
  const Tensor x = batched ? input : input.unsqueeze(0);
  const Tensor h = !hx.defined() ? zeros({x.size(0), w_hh.size(1)}, x.dtype()) : batched ? hx : hx.unsqueeze(0);
  const Tensor next = gru_gates(linear(x, w_ih, b_ih), linear(h, w_hh, b_hh), h);
  return batched ? next : next.squeeze(0);
}

}  // namespace functional

GRUCell::GRUCell(int64_t input_size, int64_t hidden_size, bool bias, Device device, Dtype dtype)
    : GRUCell(GRUCellOptions(input_size, hidden_size).bias(bias).device(device).dtype(dtype)) {}

GRUCell::GRUCell(const GRUCellOptions& options) : Module("GRUCell"), options_(options) {
  const int64_t input_size = options.input_size(), hidden_size = options.hidden_size();
  const TensorOptions tensor_options = TensorOptions(options.dtype()).device(options.device());
  weight_ih = register_parameter("weight_ih", empty({3 * hidden_size, input_size}, tensor_options));
  weight_hh = register_parameter("weight_hh", empty({3 * hidden_size, hidden_size}, tensor_options));
  if (options.bias()) {
    bias_ih = register_parameter("bias_ih", empty({3 * hidden_size}, tensor_options));
    bias_hh = register_parameter("bias_hh", empty({3 * hidden_size}, tensor_options));
  }
  const double bound = hidden_size > 0 ? 1.0 / std::sqrt(static_cast<double>(hidden_size)) : 0.0;
  NoGradGuard no_grad;
  for (Tensor& p : parameters()) p.uniform_(-bound, bound);
}

Tensor GRUCell::forward(const Tensor& input, const Tensor& hx) const {
  return functional::gru_cell(input, hx, weight_ih, weight_hh, bias_ih, bias_hh);
}

void GRUCell::pretty_print(std::ostream& os) const {
  os << "GRUCell(" << options_.input_size() << ", " << options_.hidden_size();
  if (!options_.bias()) os << ", bias=false";
  os << ')';
}

}  // namespace xgrad::nn
