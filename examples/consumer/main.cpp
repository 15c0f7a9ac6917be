// A program that uses xgrad as an installed library: it trains a GRUCell with SGD for a few
// steps and exits 0 only if the loss fell. Built by tests/packaging three ways: against an
// installed xgrad (find_package), with xgrad's source tree added as a subdirectory, and with
// plain g++ and pkg-config.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <vector>
#include <xgrad/xgrad.hpp>

int main() {
  using namespace xgrad;
  manual_seed(0);

  // Learn the mean of a short sequence of 4 numbers from the GRUCell's last hidden state.
  nn::GRUCell cell(1, 8);
  nn::Linear head(8, 1);
  std::vector<Tensor> parameters = cell.parameters();
  for (const Tensor& p : head.parameters()) parameters.push_back(p);
  optim::SGD optimizer(parameters, optim::SGDOptions(0.1).momentum(0.9));

  const Tensor inputs = rand({4, 16, 1});   // (steps, batch, features)
  const Tensor targets = inputs.mean({0});  // (batch, 1)
  double first = 0, last = 0;
  const int steps = 30;
  for (int step = 0; step < steps; ++step) {
    Tensor h;  // undefined: the cell starts from zeros
    for (int64_t t = 0; t < inputs.size(0); ++t) h = cell(inputs[t], h);
    const Tensor loss = nn::functional::mse_loss(head(h), targets);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    (step == 0 ? first : last) = loss.item<double>();
  }

  std::cout << "xgrad consumer: GRUCell loss " << first << " -> " << last << " in " << steps
            << " SGD steps\n";
  if (!std::isfinite(last) || !(last < 0.5 * first)) {
    std::cerr << "xgrad consumer: the loss did not fall by half\n";
    return EXIT_FAILURE;
  }
  return EXIT_SUCCESS;
}
